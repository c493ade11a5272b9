#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  for (int i = 0; i < argc; ++i)
    printf("arg %d: %s\n", i, argv[i]);
  const char *home = getenv("HOME");
  printf("HOME=%s\n", home ? home : "(unset)");
  return argc > 3 ? 3 : 0;
}
