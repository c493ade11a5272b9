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

/* An exported resource: the component owns its representation (a heap
   cell); handles are made by the resource.new import, borrowed handles
   arrive as the representation, and the destructor frees it. */
__attribute__((import_module("[export]wcomp:test/counters"), import_name("[resource-new]counter")))
int32_t counter_new(int32_t rep);

struct counter { uint32_t value; };

__attribute__((export_name("wcomp:test/counters#[constructor]counter")))
int32_t counter_constructor(uint32_t start) {
  struct counter *c = malloc(sizeof *c);
  c->value = start;
  return counter_new((int32_t)(intptr_t)c);
}

__attribute__((export_name("wcomp:test/counters#[method]counter.next")))
uint32_t counter_next(struct counter *c) { return c->value++; }

__attribute__((export_name("wcomp:test/counters#[dtor]counter")))
void counter_dtor(struct counter *c) {
  fprintf(stderr, "counter dropped at %u\n", c->value);
  free(c);
}

static struct { uint32_t *ptr; size_t len; } list;
__attribute__((export_name("wcomp:test/counters#count-to")))
void *count_to(struct counter *c, uint32_t n) {
  list.ptr = malloc(n * sizeof *list.ptr);
  list.len = n;
  for (uint32_t i = 0; i < n; ++i) list.ptr[i] = counter_next(c);
  return &list;
}

__attribute__((export_name("cabi_post_wcomp:test/counters#count-to")))
void count_to_post(void *r) { free(((uint32_t **)r)[0]); }
