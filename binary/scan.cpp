#include "binary/scan.h"

#include "binary/limits.h"
#include "binary/module.h"

namespace wcomp::binary {

llvm::Expected<ScanStats> scanOperators(llvm::ArrayRef<uint8_t> bytes) {
  ScanStats stats;
  Parser parser(bytes);
  Payload p;
  ImmPool scratch;
  for (;;) {
    bool more;
    WCOMP_ASSIGN(more, parser.next(p));
    if (!more)
      break;
    if (p.kind != Payload::Section)
      continue;
    ++stats.sections;
    if (p.inComponent || p.id != coresec::Code)
      continue;
    WCOMP_CHECK(readVecSection(
        p.reader(), "functions", limits::Functions,
        [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
          uint32_t size;
          WCOMP_ASSIGN(size, r.readU32());
          BinaryReader body;
          WCOMP_ASSIGN(body, r.subReader(size));
          WCOMP_CHECK(readLocalDecls(body, nullptr));
          uint64_t ops;
          WCOMP_ASSIGN(ops, scanFunctionCode(body, scratch));
          stats.operators += ops;
          ++stats.functions;
          return llvm::Error::success();
        }));
  }
  return stats;
}

} // namespace wcomp::binary
