//===- text/print_hints.cpp - Branch hints as annotations ------------------===//
//
// A `metadata.code.branch_hint` section right before the code section (where
// the text encoder puts it) is printed as `(@metadata.code.branch_hint
// "\01")` before each hinted instruction, as wasm-tools prints it. Anything
// else about the section — elsewhere, malformed, a hint that is not on the
// first byte of an instruction — keeps it as a raw `(@custom ...)`, so the
// text always reads back to the same bytes.
#include "text/module_printer.h"

#include "binary/operators.h"

namespace wcomp::text::detail {

namespace {

/// Decodes the section into hints per defined function, as instruction
/// indices; nullopt when it cannot be printed as annotations.
std::optional<std::vector<std::vector<BranchHint>>>
decodeHints(const Module &m, const CustomSection &c, uint32_t importedFuncs, uint64_t dataOffset) {
  std::vector<std::vector<BranchHint>> out(m.code.size());
  BinaryReader r(c.data, 0);
  auto n = r.readU32();
  if (!n) {
    llvm::consumeError(n.takeError()); // a malformed hints section prints raw instead
    return std::nullopt;
  }
  std::optional<uint32_t> prevFunc;
  Operator op;
  ImmPool pool;
  for (uint32_t i = 0; i < *n; ++i) {
    auto func = r.readU32();
    auto count = func ? r.readU32() : llvm::Expected<uint32_t>(func.takeError());
    if (!count) {
      llvm::consumeError(count.takeError()); // a malformed hints section prints raw instead
      return std::nullopt;
    }
    if ((prevFunc && *func <= *prevFunc) || *func < importedFuncs ||
        *func - importedFuncs >= m.code.size() || *count == 0)
      return std::nullopt;
    prevFunc = *func;
    auto &hints = out[*func - importedFuncs];
    // Walk the body's instructions alongside the hints' offsets.
    BinaryReader body(m.code[*func - importedFuncs].bytes, 0);
    if (llvm::Error e = readLocalDecls(body, nullptr)) {
      llvm::consumeError(std::move(e)); // a malformed hints section prints raw instead
      return std::nullopt;
    }
    uint32_t index = 0;
    for (uint32_t k = 0; k < *count; ++k) {
      uint64_t at = dataOffset == NoOffset ? NoOffset : dataOffset + r.offset();
      auto offset = r.readU32();
      auto size = offset ? r.readU8() : llvm::Expected<uint8_t>(offset.takeError());
      auto value = size ? r.readU8() : llvm::Expected<uint8_t>(size.takeError());
      if (!value) {
        llvm::consumeError(value.takeError()); // a malformed hints section prints raw instead
        return std::nullopt;
      }
      if (*size != 1 || *value > 1)
        return std::nullopt;
      while (!body.eof() && body.offset() < *offset) {
        pool.clear();
        if (llvm::Error e = readOperator(body, op, pool)) {
          // the body print reports a bad body; the hints print raw
          llvm::consumeError(std::move(e));
          return std::nullopt;
        }
        ++index;
      }
      if (body.eof() || body.offset() != *offset)
        return std::nullopt;
      hints.push_back({index, *value, at});
    }
  }
  if (!r.eof())
    return std::nullopt;
  return out;
}

} // namespace

void ModulePrinter::findBranchHints() {
  hintCustom = ~size_t(0);
  branchHints.clear();
  if (opts.fold)
    return; // folded bodies keep the raw section
  size_t ci = 0;
  for (size_t si = 0; si < m.sectionOrder.size(); ++si) {
    if (m.sectionOrder[si] != coresec::Custom)
      continue;
    bool beforeCode = si + 1 < m.sectionOrder.size() && m.sectionOrder[si + 1] == coresec::Code;
    if (ci < m.customs.size() && beforeCode &&
        m.customs[ci].name == "metadata.code.branch_hint") {
      if (auto hints = decodeHints(m, m.customs[ci], imported[SFuncs],
                                   absOf(m.customs[ci].data.data()))) {
        hintCustom = ci;
        branchHints = std::move(*hints);
      }
      return;
    }
    ++ci;
  }
}

void ModulePrinter::branchHint(uint32_t defIndex, size_t opIndex, size_t &next, unsigned extra) {
  if (defIndex >= branchHints.size())
    return;
  const auto &hints = branchHints[defIndex];
  if (next >= hints.size() || hints[next].index != opIndex)
    return;
  line(extra, hints[next].offset); // wasm-tools places it at the hint's bytes
  o += hints[next].value ? "(@metadata.code.branch_hint \"\\01\")\n"
                          : "(@metadata.code.branch_hint \"\\00\")\n";
  ++next;
}

} // namespace wcomp::text::detail
