#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
/* More of the fd_* and path_* families, and the errno each failure gives:
   append, O_EXCL/O_TRUNC/O_DIRECTORY, fcntl access modes, timestamps,
   symlinks and links, a directory too big for one fd_readdir buffer
   (cookies), telldir/seekdir, fsync, pread past the end, bad fds. */
static void ck(const char *what, int r) {
  printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}
static void slurp(const char *path) {
  char buf[128];
  int fd = open(path, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
  if (fd >= 0) close(fd);
  if (n < 0) { printf("%s: %s\n", path, strerror(errno)); return; }
  buf[n] = 0;
  printf("%s holds \"%s\"\n", path, buf);
}
static const char *mode(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return strerror(errno);
  switch (fl & O_ACCMODE) {
  case O_RDONLY: return "read-only";
  case O_WRONLY: return "write-only";
  case O_RDWR: return "read-write";
  default: return "other";
  }
}
int main(void) {
  int fd = open("log.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ck("create log.txt", fd);
  ck("write", (int)write(fd, "one,", 4));
  printf("access mode: %s, append: %d\n", mode(fd), (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  close(fd);
  fd = open("log.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  ck("append", (int)write(fd, "two", 3));
  printf("append: %d, position after %lld\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0,
         (long long)lseek(fd, 0, SEEK_CUR));
  close(fd);
  slurp("log.txt");
  fd = open("log.txt", O_RDONLY);
  printf("read-only fd: %s\n", mode(fd));
  errno = 0;
  ck("write to a read-only fd", (int)write(fd, "x", 1));
  char c[4];
  printf("pread past the end: %zd\n", pread(fd, c, sizeof c, 100));
  ck("fsync", fsync(fd));
  close(fd);
  ck("O_EXCL on an existing file", open("log.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
  ck("O_DIRECTORY on a file", open("log.txt", O_RDONLY | O_DIRECTORY));
  ck("open a missing file", open("nothing.txt", O_RDONLY));
  ck("mkdir in a missing directory", mkdir("nothing/sub", 0755));
  fd = open("log.txt", O_WRONLY | O_TRUNC);
  close(fd);
  struct stat st;
  stat("log.txt", &st);
  printf("after O_TRUNC: size %lld, links %lld\n", (long long)st.st_size, (long long)st.st_nlink);

  struct timespec times[2] = {{1000000000, 0}, {1234567890, 500}};
  ck("utimensat", utimensat(AT_FDCWD, "log.txt", times, 0));
  stat("log.txt", &st);
  printf("mtime %lld.%09ld atime %lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
         (long long)st.st_atim.tv_sec);

  ck("symlink", symlink("log.txt", "link.txt"));
  char target[64];
  ssize_t n = readlink("link.txt", target, sizeof target);
  if (n >= 0) printf("readlink: %.*s\n", (int)n, target);
  else ck("readlink", -1);
  ck("lstat of the link", lstat("link.txt", &st));
  printf("the link is a symlink: %d\n", S_ISLNK(st.st_mode));
  ck("hard link", link("log.txt", "hard.txt"));

  ck("mkdir many", mkdir("many", 0755));
  char name[80];
  for (int i = 0; i < 120; ++i) {
    snprintf(name, sizeof name, "many/a-rather-long-file-name-to-fill-the-buffer-%03d.txt", i);
    int f = open(name, O_WRONLY | O_CREAT, 0644);
    if (f < 0) { ck(name, f); break; }
    close(f);
  }
  DIR *d = opendir("many");
  long count = 0, chars = 0, middle = -1;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (++count == 60) middle = telldir(d);
    chars += (long)strlen(e->d_name);
  }
  printf("many: %ld entries, %ld characters\n", count, chars);
  if (d && middle >= 0) {
    seekdir(d, middle);
    long rest = 0;
    while ((e = readdir(d))) rest += e->d_name[0] != '.';
    printf("after seekdir to the 60th: %ld more\n", rest);
  }
  if (d) closedir(d);
  struct stat ds;
  ck("stat a directory", stat("many", &ds));
  printf("is a directory: %d\n", S_ISDIR(ds.st_mode));
  ck("rmdir a non-empty directory", rmdir("many"));
  ck("unlink a directory", unlink("many"));
  ck("rename onto a non-empty directory", rename("log.txt", "many"));

  int removed = 0;
  for (int i = 0; i < 120; ++i) {
    snprintf(name, sizeof name, "many/a-rather-long-file-name-to-fill-the-buffer-%03d.txt", i);
    removed += unlink(name) == 0;
  }
  printf("removed %d files\n", removed);
  ck("rmdir the emptied directory", rmdir("many"));
  ck("close a bad fd", close(77));
  ck("read a bad fd", (int)read(77, c, 1));
  ck("lseek on stdout", (int)lseek(1, 0, SEEK_CUR));
  printf("isatty(stdout): %d\n", isatty(1));
  return 0;
}
