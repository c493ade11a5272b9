#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The leaf of the composition test (kvstore.wit): a resource `bucket`
   holding key/value pairs, exported with the Canonical ABI's core names.
   Strings and lists passed in were allocated here by the caller through
   cabi_realloc and belong to this module. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

__attribute__((import_module("[export]test:kv/store@0.1.1"), import_name("[resource-new]bucket")))
int32_t bucket_new(int32_t rep);

struct item { char *key; size_t klen; uint8_t *val; size_t vlen; };
struct bucket { char *name; size_t nlen; struct item items[32]; size_t n; };

#define EXPORT(n) __attribute__((export_name("test:kv/store@0.1.1#" n)))

EXPORT("[constructor]bucket") int32_t bucket_ctor(char *name, size_t len) {
  struct bucket *b = calloc(1, sizeof *b);
  b->name = name;
  b->nlen = len;
  return bucket_new((int32_t)(intptr_t)b);
}

static struct item *find(struct bucket *b, const char *k, size_t kl) {
  for (size_t i = 0; i < b->n; ++i)
    if (b->items[i].klen == kl && memcmp(b->items[i].key, k, kl) == 0)
      return &b->items[i];
  return NULL;
}

EXPORT("[method]bucket.put")
void bucket_put(struct bucket *b, char *k, size_t kl, uint8_t *v, size_t vl) {
  struct item *it = find(b, k, kl);
  if (it) {
    free(k);
    free(it->val);
  } else if (b->n < 32) {
    it = &b->items[b->n++];
    it->key = k;
    it->klen = kl;
  } else {
    free(k);
    free(v);
    return;
  }
  it->val = v;
  it->vlen = vl;
}

/* variant lookup { hit(entry), miss(string) }: tag byte, payload at 4. */
static struct {
  uint8_t tag;
  union {
    struct { char *k; size_t kl; uint8_t *v; size_t vl; } hit;
    struct { char *p; size_t l; } miss;
  } u;
} lookup;

EXPORT("[method]bucket.get") void *bucket_get(struct bucket *b, char *k, size_t kl) {
  struct item *it = find(b, k, kl);
  if (it) {
    lookup.tag = 0;
    lookup.u.hit.k = it->key;
    lookup.u.hit.kl = it->klen;
    lookup.u.hit.v = it->val;
    lookup.u.hit.vl = it->vlen;
  } else {
    lookup.tag = 1;
    char *msg = malloc(64 + b->nlen + kl);
    int n = sprintf(msg, "bucket %.*s has no %.*s", (int)b->nlen, b->name, (int)kl, k);
    lookup.u.miss.p = msg;
    lookup.u.miss.l = (size_t)n;
  }
  free(k);
  return &lookup;
}

__attribute__((export_name("cabi_post_test:kv/store@0.1.1#[method]bucket.get")))
void bucket_get_post(void *r) {
  (void)r;
  if (lookup.tag == 1)
    free(lookup.u.miss.p);
}

static struct { void *ptr; size_t len; } keys;

EXPORT("[method]bucket.keys") void *bucket_keys(struct bucket *b) {
  struct { char *p; size_t l; } *list = malloc(b->n * sizeof *list + 1);
  for (size_t i = 0; i < b->n; ++i) {
    list[i].p = b->items[i].key;
    list[i].l = b->items[i].klen;
  }
  keys.ptr = list;
  keys.len = b->n;
  return &keys;
}

__attribute__((export_name("cabi_post_test:kv/store@0.1.1#[method]bucket.keys")))
void bucket_keys_post(void *r) { free(((void **)r)[0]); }

EXPORT("[dtor]bucket") void bucket_dtor(struct bucket *b) {
  fprintf(stderr, "kvstore: bucket %.*s dropped with %zu keys\n", (int)b->nlen, b->name, b->n);
  for (size_t i = 0; i < b->n; ++i) {
    free(b->items[i].key);
    free(b->items[i].val);
  }
  free(b->name);
  free(b);
}
