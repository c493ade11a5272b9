#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern char **environ;
/* Environment, stderr and exit status: prints the variables it is given
   (sorted by the host), writes a line to stderr, exits with argv[1]. */
int main(int argc, char **argv) {
  int n = 0;
  for (char **e = environ; *e; ++e) ++n;
  printf("environ has %d entries\n", n);
  for (char **e = environ; *e; ++e)
    if (strncmp(*e, "WCOMP_", 6) == 0) printf("env %s\n", *e);
  const char *missing = getenv("WCOMP_MISSING");
  printf("WCOMP_MISSING %s\n", missing ? missing : "(unset)");
  fprintf(stderr, "to stderr: %d args\n", argc);
  fflush(stdout);
  return argc > 1 ? atoi(argv[1]) : 0;
}
