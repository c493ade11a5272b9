#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  FILE *f = fopen("out.txt", "w");
  if (!f) { perror("fopen"); return 1; }
  fputs("line one\nline two\n", f);
  fclose(f);
  struct stat st;
  if (stat("out.txt", &st) == 0) printf("size %lld\n", (long long)st.st_size);
  f = fopen("out.txt", "r");
  char buf[64];
  while (f && fgets(buf, sizeof buf, f)) printf("read: %s", buf);
  if (f) { fseek(f, 5, SEEK_SET); printf("tell %ld\n", ftell(f)); fclose(f); }
  rename("out.txt", "moved.txt");
  mkdir("dir", 0755);
  DIR *d = opendir(".");
  struct dirent *e;
  while (d && (e = readdir(d))) if (e->d_name[0] != '.') printf("entry %s\n", e->d_name);
  if (d) closedir(d);
  unlink("moved.txt");
  rmdir("dir");
  return 0;
}
