#include <stdint.h>
#include <stdlib.h>
#include <string.h>
__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b) { return a + b; }
__attribute__((export_name("dup"))) char *dup(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(2 * n + 1);
  memcpy(p, s, n);
  memcpy(p + n, s, n + 1);
  return p;
}
