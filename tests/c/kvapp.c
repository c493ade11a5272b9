#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The root of the composition test (world kvapp in compose.wit), a command:
   it fills a bucket of test:kv/store, lists its keys, asks test:kv/cache to
   describe entries of the same bucket (a borrowed resource crossing two
   components), and shouts through two versions of test:fmt/text. Results
   come back in this module's memory, allocated through cabi_realloc. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

struct str { char *p; size_t l; };

#define STORE(n) __attribute__((import_module("test:kv/store@0.1.0"), import_name(n)))
STORE("[constructor]bucket") int32_t bucket_new(const char *name, size_t len);
STORE("[method]bucket.put")
void bucket_put(int32_t self, const char *k, size_t kl, const void *v, size_t vl);
STORE("[method]bucket.keys") void bucket_keys(int32_t self, struct str *ret);
STORE("[resource-drop]bucket") void bucket_drop(int32_t self);

__attribute__((import_module("test:kv/cache@0.1.0"), import_name("describe")))
void cache_describe(int32_t bucket, const char *k, size_t kl, struct str *ret);
__attribute__((import_module("test:fmt/text@1.0.0"), import_name("shout")))
void shout1(const char *s, size_t l, struct str *ret);
__attribute__((import_module("test:fmt/text@2.0.0"), import_name("shout")))
void shout2(const char *s, size_t l, uint32_t times, struct str *ret);

static void put(int32_t b, const char *k, const char *v) { bucket_put(b, k, strlen(k), v, strlen(v)); }

static void describe(int32_t b, const char *k) {
  struct str r;
  cache_describe(b, k, strlen(k), &r);
  printf("describe %s: %.*s\n", k, (int)r.l, r.p);
  free(r.p);
}

int main(void) {
  /* jco's runtime drops the first buffered stdout write of a program that
     exports cabi_realloc (the Preview 1 adapter allocates its state through
     it on that first call; also with `jco new` alone): an unbuffered write
     to stderr comes first. */
  fprintf(stderr, "kvapp: start\n");
  /* wasm-ld wraps every export of a command, cabi_realloc included, in
     __wasm_call_ctors/__wasm_call_dtors; the destructors flush stdout. When
     an import's result is lowered into this module, cabi_realloc runs where
     the component may not call out (CanonicalABI.md: may_leave is false), so
     a flush there traps under Wasmtime ("cannot leave component instance";
     jco does not check). Unbuffered, stdout has nothing left to flush. */
  setvbuf(stdout, NULL, _IONBF, 0);
  int32_t b = bucket_new("fruit", 5);
  put(b, "apple", "red");
  put(b, "kiwi", "green");
  put(b, "apple", "crisp");
  struct str list;
  bucket_keys(b, &list);
  struct str *keys = (struct str *)list.p;
  printf("keys (%zu):", list.l);
  for (size_t i = 0; i < list.l; ++i) {
    printf(" %.*s", (int)keys[i].l, keys[i].p);
    free(keys[i].p);
  }
  printf("\n");
  free(keys);
  describe(b, "apple");
  describe(b, "kiwi");
  describe(b, "plum");
  struct str r;
  shout1("hello", 5, &r);
  printf("text@1: %.*s\n", (int)r.l, r.p);
  free(r.p);
  shout2("hi", 2, 3, &r);
  printf("text@2: %.*s\n", (int)r.l, r.p);
  free(r.p);
  bucket_drop(b);
  printf("done\n");
  return 0;
}
