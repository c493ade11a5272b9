//===- wit/transform.cpp - World transforms: importize, exportize ---------===//
#include "wit/transform.h"
#include "wit/resolver_impl.h"


#include "binary/error.h"

#include <algorithm>

namespace wcomp::wit {

namespace {

/// Renames world `w` and moves it to the end of its package's world list
/// (wit-parser removes and re-inserts it under the new name).
void rename(Resolve &r, WorldId w, const std::string &outName, llvm::StringRef suffix) {
  World &wd = r[w];
  auto &list = r.packages[wd.package.index].worlds;
  list.erase(std::remove_if(list.begin(), list.end(), [&](auto &e) { return e.second == w; }),
             list.end());
  wd.name = outName.empty() ? wd.name + suffix.str() : outName;
  list.push_back({wd.name, w});
}

} // namespace

llvm::Error elaborateWorld(Resolve &r, WorldId w) {
  ResolveOptions opts;
  opts.allFeatures = true; // the world was resolved already; gates are settled
  detail::Resolver resolver(r, opts);
  return resolver.reelaborate(w);
}

llvm::Error importize(Resolve &r, WorldId w, const std::string &outName) {
  rename(r, w, outName, "-importized");
  World &wd = r[w];
  std::vector<std::pair<WorldKey, WorldItem>> imports;
  for (auto &entry : wd.imports)
    if (entry.second.kind == WorldItem::TypeItem)
      imports.push_back(std::move(entry));
  for (auto &[key, item] : wd.exports) {
    bool clash = !key.iface.valid() &&
                 std::any_of(imports.begin(), imports.end(),
                             [&](auto &i) { return !i.first.iface.valid() && i.first.name == key.name; });
    if (clash)
      return binary::makeError(binary::WasmError::NoOffset,
                               "world export `" + key.name + "` conflicts with import of same name");
    imports.push_back({key, item});
  }
  wd.imports = std::move(imports);
  wd.exports.clear();
  return elaborateWorld(r, w);
}

llvm::Error exportize(Resolve &r, WorldId w, const std::string &outName,
                      const std::function<bool(const WorldKey &)> &move) {
  rename(r, w, outName, "-exportized");
  World &wd = r[w];
  wd.exports.clear();
  std::vector<std::pair<WorldKey, WorldItem>> imports;
  // A world's types stay imports: WIT has no exported types (wasm-tools
  // panics on moving them).
  for (auto &entry : wd.imports)
    (entry.second.kind != WorldItem::TypeItem && (!move || move(entry.first)) ? wd.exports
                                                                               : imports)
        .push_back(std::move(entry));
  wd.imports = std::move(imports);
  return elaborateWorld(r, w);
}

} // namespace wcomp::wit
