//===- tests/fuzz/fuzz_wit.cpp - libFuzzer target: WIT parser and resolver -===//
// Any input is parsed, resolved, printed and encoded, or refused with an error:
// never a crash, a hang or unbounded recursion. Build with -DWCOMP_FUZZ=ON.
#include "wit/encode.h"
#include "wit/parser.h"
#include "wit/printer.h"
#include "wit/resolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace wcomp::wit;
  llvm::StringRef src(reinterpret_cast<const char *>(data), size);
  auto f = parseFile(src);
  if (!f) {
    llvm::consumeError(f.takeError());
    return 0;
  }
  // The file's own package (when it names one) and its nested packages.
  std::vector<PackageSource> pkgs;
  if (f->package) {
    PackageSource root;
    root.name = *f->package;
    for (const ast::PackageItem &i : f->items)
      root.items.push_back({0, &i});
    pkgs.push_back(std::move(root));
  }
  for (const ast::NestedPackage &n : f->nested) {
    PackageSource p;
    p.name = n.name;
    for (const ast::PackageItem &i : n.items)
      p.items.push_back({0, &i});
    pkgs.push_back(std::move(p));
  }
  Resolve r;
  auto ids = resolvePackages(r, pkgs);
  if (!ids) {
    llvm::consumeError(ids.takeError());
    return 0;
  }
  for (PackageId id : *ids) {
    (void)printWit(r, id, {});
    if (auto bytes = encodePackage(r, id); !bytes)
      llvm::consumeError(bytes.takeError()); // its validity is fuzz_witdir's to check
  }
  return 0;
}
