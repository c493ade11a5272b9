#include "binary/writer.h"

namespace wcomp::binary {

void Encoder::u64(uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v)
      byte |= 0x80;
    bytes.push_back(byte);
  } while (v);
}

void Encoder::s64(int64_t v) {
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7f;
    v >>= 7; // arithmetic shift keeps the sign
    if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)))
      more = false;
    else
      byte |= 0x80;
    bytes.push_back(byte);
  }
}

void Encoder::fixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes.push_back(uint8_t(v >> (8 * i)));
}

void Encoder::fixed64(uint64_t v) {
  for (int i = 0; i < 8; ++i)
    bytes.push_back(uint8_t(v >> (8 * i)));
}

} // namespace wcomp::binary
