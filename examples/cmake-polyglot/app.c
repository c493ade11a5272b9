/* A WASI Preview 1 command in C that calls `square` of the interface
   example:polyglot/numbers, which the WAT component supplies once the two
   are composed. */
#include <stdint.h>
#include <stdio.h>

__attribute__((import_module("example:polyglot/numbers@0.1.0"), import_name("square")))
uint32_t square(uint32_t x);

int main(void) {
  for (uint32_t i = 1; i <= 3; ++i)
    printf("%u squared is %u\n", i, square(i));
  return 0;
}
