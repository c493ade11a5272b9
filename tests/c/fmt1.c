#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* test:fmt/text@1.0.0 of compose.wit: `shout` upper-cases its string and
   adds a "!". */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

static struct { char *p; size_t l; } result;

__attribute__((export_name("test:fmt/text@1.0.0#shout"))) void *shout(char *s, size_t n) {
  char *p = malloc(n + 1);
  for (size_t i = 0; i < n; ++i) p[i] = (char)toupper((unsigned char)s[i]);
  p[n] = '!';
  free(s);
  result.p = p;
  result.l = n + 1;
  return &result;
}

__attribute__((export_name("cabi_post_test:fmt/text@1.0.0#shout")))
void shout_post(void *r) { free(((char **)r)[0]); }
