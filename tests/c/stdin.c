#include <ctype.h>
#include <stdio.h>
/* Standard input: counts lines and bytes and echoes the text upper-cased. */
int main(void) {
  int c, lines = 0, bytes = 0;
  while ((c = getchar()) != EOF) {
    ++bytes;
    if (c == '\n') ++lines;
    putchar(toupper(c));
  }
  printf("--\n%d lines, %d bytes\n", lines, bytes);
  return ferror(stdin) ? 2 : 0;
}
