#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasm_simd128.h>
static double work(int n) {
  double acc = 0;
  for (int i = 1; i <= n; ++i) acc += sin(i) * sqrt((double)i) / log1p(i);
  return acc;
}
int main(void) {
  v128_t a = wasm_i32x4_make(1, 2, 3, 4), b = wasm_i32x4_splat(10);
  v128_t c = wasm_i32x4_mul(wasm_i32x4_add(a, b), b);
  printf("simd %d %d\n", wasm_i32x4_extract_lane(c, 0), wasm_i32x4_extract_lane(c, 3));
  printf("work %.6f\n", work(1000));
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  long long x = 1;
  for (int i = 0; i < 40; ++i) x = x * 3 % 1000003;
  printf("x %lld %d\n", x, abs(-7));
  return 0;
}
