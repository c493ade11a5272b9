// The C side: prices a line, and logs it on stderr (a Preview 1 call the
// adapter turns into wasi:cli/stderr and wasi:io/streams).
#include "pricing_provider.h"
#include <stdio.h>

uint64_t exports_demo_mix_pricing_line_total(uint32_t qty, uint32_t cents) {
  uint64_t total = (uint64_t)qty * cents;
  if (qty >= 10)
    total = total * 9 / 10;
  fprintf(stderr, "priced %u x %u\n", qty, cents);
  return total;
}
