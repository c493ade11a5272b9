#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* test:fmt/text@2.0.0 of compose.wit: `shout` upper-cases its string and
   repeats it `times` times, separated by spaces. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

static struct { char *p; size_t l; } result;

__attribute__((export_name("test:fmt/text@2.0.0#shout")))
void *shout(char *s, size_t n, uint32_t times) {
  if (times > 16) times = 16;
  char *p = malloc(times * (n + 1) + 1);
  size_t len = 0;
  for (uint32_t t = 0; t < times; ++t) {
    if (t) p[len++] = ' ';
    for (size_t i = 0; i < n; ++i) p[len++] = (char)toupper((unsigned char)s[i]);
  }
  free(s);
  result.p = p;
  result.l = len;
  return &result;
}

__attribute__((export_name("cabi_post_test:fmt/text@2.0.0#shout")))
void shout_post(void *r) { free(((char **)r)[0]); }
