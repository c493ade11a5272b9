#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
/* Clocks and poll_oneoff: sleeping (relative and absolute), resolution,
   poll on stdin, stdout, a file and a bad fd, sched_yield. What is printed
   does not depend on timing, only on whether it held. */
static long long now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}
int main(void) {
  long long t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec ten = {0, 10 * 1000 * 1000};
  printf("nanosleep: %d\n", nanosleep(&ten, NULL));
  printf("slept at least 10 ms: %d\n", now_ns(CLOCK_MONOTONIC) - t0 >= 10000000LL);
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_nsec += 5 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  printf("clock_nanosleep absolute: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
  printf("monotonic is past the deadline: %d\n",
         now_ns(CLOCK_MONOTONIC) >= (long long)until.tv_sec * 1000000000LL + until.tv_nsec);
  struct timespec res;
  printf("monotonic resolution > 0: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
  printf("realtime after 2020: %d\n", now_ns(CLOCK_REALTIME) / 1000000000LL > 1577836800LL);
  errno = 0;
  printf("process cputime: %s\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 ? "ok" : strerror(errno));
  int fd = open("polled.txt", O_RDWR | O_CREAT, 0644);
  write(fd, "abc", 3);
  lseek(fd, 0, SEEK_SET);
  /* One at a time: which of several ready sources a host reports first is
     its own business. */
  struct pollfd out = {1, POLLOUT, 0}, file = {fd, POLLIN, 0}, wfile = {fd, POLLOUT, 0};
  int n = poll(&out, 1, 1000);
  printf("poll stdout: %d, writable %d\n", n, (out.revents & POLLOUT) != 0);
  n = poll(&file, 1, 1000);
  printf("poll a file for reading: %d, readable %d\n", n, (file.revents & POLLIN) != 0);
  n = poll(&wfile, 1, 1000);
  printf("poll a file for writing: %d, writable %d\n", n, (wfile.revents & POLLOUT) != 0);
  struct pollfd bad[2] = {{1, POLLOUT, 0}, {99, POLLIN, 0}};
  errno = 0;
  n = poll(bad, 2, 1000);
  printf("poll with a bad fd: %d (%s)\n", n, n < 0 ? strerror(errno) : "no error");
  struct pollfd in = {0, POLLIN, 0};
  n = poll(&in, 1, 1000);
  printf("poll stdin (at end of input): %d, readable or hung up %d\n", n,
         (in.revents & (POLLIN | POLLHUP)) != 0);
  t0 = now_ns(CLOCK_MONOTONIC);
  n = poll(NULL, 0, 20);
  printf("poll with no fds waits: %d, at least 20 ms %d\n", n, now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
  printf("sched_yield: %d\n", sched_yield());
  close(fd);
  unlink("polled.txt");
  return 0;
}
