#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
/* Clocks, sleeping (poll_oneoff) and random: prints only what is the same
   on every run, checking the rest. */
int main(void) {
  struct timespec real, mono0, mono1, res;
  int ok = 1;
  if (clock_gettime(CLOCK_REALTIME, &real) != 0 || real.tv_sec < 1600000000) ok = 0;
  printf("realtime after 2020: %s\n", ok ? "yes" : "no");
  clock_gettime(CLOCK_MONOTONIC, &mono0);
  struct timespec nap = {0, 20 * 1000 * 1000};
  int slept = nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &mono1);
  long long ns = (mono1.tv_sec - mono0.tv_sec) * 1000000000LL + (mono1.tv_nsec - mono0.tv_nsec);
  printf("nanosleep returned %d, monotonic advanced >= 15 ms: %s\n", slept,
         ns >= 15000000 ? "yes" : "no");
  printf("clock_getres monotonic: %d\n", clock_getres(CLOCK_MONOTONIC, &res));
  printf("sched_yield: %d\n", sched_yield());
  unsigned char a[32] = {0}, b[32] = {0};
  int r1 = getentropy(a, sizeof a), r2 = getentropy(b, sizeof b);
  int same = 1, zero = 1;
  for (int i = 0; i < 32; ++i) {
    if (a[i] != b[i]) same = 0;
    if (a[i]) zero = 0;
  }
  printf("getentropy %d %d, two draws differ: %s, non-zero: %s\n", r1, r2,
         same ? "no" : "yes", zero ? "no" : "yes");
  unsigned x = arc4random_uniform(10);
  printf("arc4random_uniform(10) < 10: %s\n", x < 10 ? "yes" : "no");
  return ok ? 0 : 1;
}
