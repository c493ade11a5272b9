#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>
/* Transfers bigger than the adapter's buffers: one 4,200-byte write to
   stdout (more than a 4 KiB stream write), a 300 KB file written and read
   back in single calls (more than the adapter's 64 KiB state), 100 KB of
   random bytes in one random_get, and a read of stdin in small pieces. */
static unsigned sum(const unsigned char *p, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}
int main(void) {
  static char line[4200];
  for (int i = 0; i < 4200; ++i) line[i] = i % 100 == 99 ? '\n' : (char)('a' + (i / 100) % 26);
  printf("stdout write: %zd\n", write(1, line, sizeof line));
  /* Static, not malloc'd: Debian 12's wasi-libc counts memory an adapter grew
     as heap (see the README, `wcomp adapt`); this test is about the adapter. */
  static unsigned char big[300 * 1000], back[300 * 1000];
  size_t n = sizeof big;
  for (size_t i = 0; i < n; ++i) big[i] = (unsigned char)(i * 7 + i / 1000);
  int fd = open("big.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  printf("write 300 KB: %zd\n", write(fd, big, n));
  lseek(fd, 0, SEEK_SET);
  size_t got = 0;
  ssize_t r;
  while (got < n && (r = read(fd, back + got, n - got)) > 0) got += (size_t)r;
  printf("read back: %zu bytes, same: %d, checksum %08x\n", got, memcmp(big, back, n) == 0, sum(back, got));
  close(fd);
  unlink("big.bin");
  static unsigned char rnd[100000];
  __wasi_errno_t e = __wasi_random_get(rnd, 100000);
  size_t zeros = 0;
  for (size_t i = 0; i < 100000; ++i) zeros += rnd[i] == 0;
  printf("random_get 100 KB: %d, looks random: %d\n", e, zeros < 1000);
  char piece[7];
  size_t total = 0;
  while ((r = read(0, piece, sizeof piece)) > 0) total += (size_t)r;
  printf("stdin in 7-byte reads: %zu bytes\n", total);
  return 0;
}
