#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The middle of the composition test (world kvcache in compose.wit): it
   imports test:kv/store and exports test:kv/cache, whose `describe` takes a
   bucket borrowed from its caller, a resource of the store both share. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

struct lookup {
  uint8_t tag;
  union {
    struct { char *k; size_t kl; uint8_t *v; size_t vl; } hit;
    struct { char *p; size_t l; } miss;
  } u;
};

__attribute__((import_module("test:kv/store@0.1.0"), import_name("[method]bucket.get")))
void store_get(int32_t self, const char *k, size_t kl, struct lookup *ret);
/* A borrow of a resource the callee does not define is a handle in the
   callee's table: it must be dropped before the call returns (CanonicalABI.md,
   "borrow handles still remain" otherwise; Wasmtime enforces it, jco not). */
__attribute__((import_module("test:kv/store@0.1.0"), import_name("[resource-drop]bucket")))
void bucket_drop(int32_t self);

static struct { char *p; size_t l; } result;

__attribute__((export_name("test:kv/cache@0.1.0#describe")))
void *describe(int32_t bucket, char *k, size_t kl) {
  struct lookup r;
  store_get(bucket, k, kl, &r);
  char *out;
  int n;
  if (r.tag == 0) {
    out = malloc(64 + r.u.hit.kl + r.u.hit.vl);
    n = sprintf(out, "%.*s = \"%.*s\" (%zu bytes)", (int)r.u.hit.kl, r.u.hit.k, (int)r.u.hit.vl,
                (const char *)r.u.hit.v, r.u.hit.vl);
    free(r.u.hit.k);
    free(r.u.hit.v);
  } else {
    out = malloc(16 + r.u.miss.l);
    n = sprintf(out, "miss: %.*s", (int)r.u.miss.l, r.u.miss.p);
    free(r.u.miss.p);
  }
  free(k);
  bucket_drop(bucket);
  result.p = out;
  result.l = (size_t)n;
  return &result;
}

__attribute__((export_name("cabi_post_test:kv/cache@0.1.0#describe")))
void describe_post(void *r) { free(((char **)r)[0]); }
