// The driver: `go` is lifted synchronously and calls the app's async `run`
// through a synchronous lowering (wit-bindgen --sync all), so a host that
// can only call synchronous exports can run the composition.
#include "driver.h"
#include <string.h>
#include <stdlib.h>

void exports_driver_go(driver_string_t *ret) {
  driver_string_t got;
  driver_run(&got);
  const char *prefix = "driver: ";
  size_t n = strlen(prefix);
  uint8_t *buf = malloc(n + got.len);
  memcpy(buf, prefix, n);
  memcpy(buf + n, got.ptr, got.len);
  driver_string_free(&got);
  ret->ptr = buf;
  ret->len = n + got.len;
}
