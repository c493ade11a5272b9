//===- tests/tools/roundtrip.cpp - decode + re-encode checker -------------===//
// Usage: wcomp-roundtrip FILE...
// Exit 0 when every file decodes and re-encodes to identical bytes, 1 when a
// file fails to decode, 2 when the re-encoded bytes differ (first difference
// printed). Used by the round-trip tests and the conformance check.
#include "binary/io.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  using namespace wcomp::binary;
  int rc = 0;
  for (int i = 1; i < argc; ++i) {
    auto buf = loadFile(argv[i]);
    if (!buf) {
      llvm::errs() << argv[i] << ": " << errorText(buf.takeError()) << "\n";
      rc = std::max(rc, 1);
      continue;
    }
    llvm::ArrayRef<uint8_t> in = bytesOf(**buf);
    auto bin = readBinary(in);
    if (!bin) {
      llvm::errs() << argv[i] << ": decode error: " << errorText(bin.takeError()) << "\n";
      rc = std::max(rc, 1);
      continue;
    }
    Encoder e;
    writeBinary(e, *bin);
    if (llvm::ArrayRef<uint8_t>(e.bytes) != in) {
      size_t n = std::min(in.size(), e.bytes.size()), k = 0;
      while (k < n && in[k] == e.bytes[k])
        ++k;
      llvm::errs() << argv[i] << ": round trip differs at offset 0x" << llvm::utohexstr(k, true)
                   << " (input " << in.size() << " bytes, output " << e.bytes.size() << ")\n";
      rc = 2;
    }
  }
  return rc;
}
