#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
/* Files in the preopened directory: create, write, stat, read, seek/tell,
   rename, mkdir, list (sorted: the host's order is its own), remove; one
   file is left behind for the test to check on the host. */
static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}
int main(void) {
  FILE *f = fopen("out.txt", "w");
  if (!f) { perror("fopen"); return 1; }
  fputs("line one\nline two\n", f);
  fclose(f);
  struct stat st;
  if (stat("out.txt", &st) == 0) printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  f = fopen("out.txt", "r");
  char buf[64];
  while (f && fgets(buf, sizeof buf, f)) printf("read: %s", buf);
  if (f) { fseek(f, 5, SEEK_SET); printf("tell %ld\n", ftell(f)); fclose(f); }
  int fd = open("out.txt", O_RDWR);
  printf("lseek end %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("pwrite %zd\n", pwrite(fd, "LINE", 4, 0));
  printf("ftruncate %d\n", ftruncate(fd, 9));
  close(fd);
  f = fopen("out.txt", "r");
  if (f && fgets(buf, sizeof buf, f)) printf("after: %s", buf);
  if (f) fclose(f);
  printf("rename %d\n", rename("out.txt", "moved.txt"));
  printf("mkdir %d\n", mkdir("dir", 0755));
  printf("mkdir again fails: %s\n", mkdir("dir", 0755) != 0 ? "yes" : "no");
  f = fopen("dir/kept.txt", "w");
  if (f) { fputs("kept\n", f); fclose(f); }
  printf("open missing fails: %s\n", fopen("missing.txt", "r") == NULL ? "yes" : "no");
  DIR *d = opendir(".");
  char *names[16];
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) && n < 16)
    if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(names, n, sizeof *names, cmp);
  for (int i = 0; i < n; ++i) printf("entry %s\n", names[i]);
  printf("unlink %d\n", unlink("moved.txt"));
  printf("rmdir non-empty fails: %s\n", rmdir("dir") != 0 ? "yes" : "no");
  return 0;
}
