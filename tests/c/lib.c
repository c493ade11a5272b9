#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
/* A reactor implementing the world in lib.wit with the Canonical ABI's core
   names: a scalar function, a string function returning through a pointer
   with a post-return that frees it, and cabi_realloc. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}
__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b) { return a + b; }
static struct { char *ptr; size_t len; } result;
__attribute__((export_name("shout"))) void *shout(char *s, size_t n) {
  fprintf(stderr, "shout: %zu bytes\n", n);
  char *p = malloc(n + 1);
  for (size_t i = 0; i < n; ++i) p[i] = (char)toupper((unsigned char)s[i]);
  p[n] = '!';
  free(s);
  result.ptr = p;
  result.len = n + 1;
  return &result;
}
__attribute__((export_name("cabi_post_shout"))) void post_shout(void *r) {
  free(((char **)r)[0]);
}
