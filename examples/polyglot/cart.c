// The showcase's basket (C, wit-bindgen bindings in cart_provider.h): a
// resource holding the lines added so far.
#include <stdlib.h>
#include <string.h>

#include "cart_provider.h"

struct exports_demo_shop_cart_basket_t {
  exports_demo_shop_cart_item_t *lines;
  size_t len, cap;
};

exports_demo_shop_cart_own_basket_t exports_demo_shop_cart_constructor_basket(void) {
  exports_demo_shop_cart_basket_t *b = calloc(1, sizeof *b);
  return exports_demo_shop_cart_basket_new(b);
}

bool exports_demo_shop_cart_method_basket_add(exports_demo_shop_cart_borrow_basket_t self,
                                              exports_demo_shop_cart_item_t *line,
                                              uint32_t *ret, cart_provider_string_t *err) {
  if (line->qty == 0) {
    cart_provider_string_dup(err, "a quantity of zero");
    exports_demo_shop_cart_item_free(line);
    return false;
  }
  if (self->len == self->cap) {
    self->cap = self->cap ? 2 * self->cap : 4;
    self->lines = realloc(self->lines, self->cap * sizeof *self->lines);
  }
  self->lines[self->len++] = *line; // takes ownership of the name
  *ret = (uint32_t)self->len;
  return true;
}

void exports_demo_shop_cart_method_basket_items(exports_demo_shop_cart_borrow_basket_t self,
                                                exports_demo_shop_cart_list_item_t *ret) {
  ret->len = self->len;
  ret->ptr = malloc(self->len * sizeof *ret->ptr);
  for (size_t i = 0; i < self->len; i++) {
    ret->ptr[i] = self->lines[i];
    cart_provider_string_dup_n(&ret->ptr[i].name, (const char *)self->lines[i].name.ptr,
                               self->lines[i].name.len);
  }
}

void exports_demo_shop_cart_basket_destructor(exports_demo_shop_cart_basket_t *b) {
  for (size_t i = 0; i < b->len; i++) exports_demo_shop_cart_item_free(&b->lines[i]);
  free(b->lines);
  free(b);
}
