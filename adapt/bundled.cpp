//===- adapt/bundled.cpp - The Preview 1 adapters wcomp carries -----------===//
#include "adapt/bundled.h"

#include "adapt/embed.h"
#include "adapt/metadata.h"
#include "binary/error.h"
#include "binary/module.h"
#include "binary/writer.h"

#include "llvm/ADT/StringExtras.h"

#include <deque>
#include <string>

// Generated at build time from adapt/preview1/*.wasm (preview1_adapters.cpp).
namespace wcomp::adapt::generated {
extern const uint8_t command[], reactor[], proxy[];
extern const size_t commandSize, reactorSize, proxySize;
} // namespace wcomp::adapt::generated

namespace wcomp::adapt {

std::optional<AdapterKind> parseAdapterKind(llvm::StringRef s) {
  if (s == "command")
    return AdapterKind::Command;
  if (s == "reactor")
    return AdapterKind::Reactor;
  if (s == "proxy")
    return AdapterKind::Proxy;
  return std::nullopt;
}

llvm::ArrayRef<uint8_t> bundledAdapterBytes(AdapterKind k) {
  namespace g = generated;
  switch (k) {
  case AdapterKind::Command:
    return {g::command, g::commandSize};
  case AdapterKind::Reactor:
    return {g::reactor, g::reactorSize};
  case AdapterKind::Proxy:
    return {g::proxy, g::proxySize};
  }
  return {};
}

namespace {

/// True for `0.2.N` (N a number without leading zeros).
bool isWasi02(llvm::StringRef v) {
  if (!v.consume_front("0.2.") || v.empty() || (v.size() > 1 && v[0] == '0'))
    return false;
  return llvm::all_of(v, llvm::isDigit);
}

} // namespace

llvm::Expected<std::vector<uint8_t>> bundledAdapter(AdapterKind k, llvm::StringRef version) {
  llvm::ArrayRef<uint8_t> bytes = bundledAdapterBytes(k);
  if (version == BundledWasiVersion)
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
  if (!isWasi02(version))
    return binary::makeError(binary::WasmError::NoOffset,
                             "WASI version `" + version.str() +
                                 "` is not supported: the bundled adapters import WASI 0.2 "
                                 "(give 0.2.N, e.g. 0.2.0 or 0.2.3)");
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  auto m = binary::readModule(bytes, 0, ro);
  if (!m)
    return m.takeError();
  // Built by appending: `"@" + string` trips g++ 12's -Wrestrict false positive.
  std::string from = "@", to = "@";
  from += BundledWasiVersion;
  to += version;
  std::deque<std::string> names; // the renamed strings the module points at
  auto rename = [&](llvm::StringRef &s) {
    size_t at = s.find(from);
    if (at == llvm::StringRef::npos)
      return;
    names.push_back(s.substr(0, at).str() + to + s.substr(at + from.size()).str());
    s = names.back();
  };
  for (binary::Import &i : m->imports)
    rename(i.module);
  for (binary::Export &e : m->exports)
    rename(e.name);
  // The world, with the wasi packages at the new version.
  wit::Resolve r;
  std::optional<WorldMetadata> world;
  std::vector<binary::CustomSection> customs;
  for (const binary::CustomSection &c : m->customs) {
    if (!isComponentTypeSection(c.name)) {
      customs.push_back(c);
      continue;
    }
    auto md = decodeWorldMetadata(r, c.name, c.data);
    if (!md)
      return md.takeError();
    world = *md;
  }
  if (!world)
    return binary::makeError(binary::WasmError::NoOffset,
                             "internal error: a bundled adapter has no world");
  for (wit::Package &p : r.packages)
    if (p.ns == "wasi" && p.version == BundledWasiVersion)
      p.version = version.str();
  m->customs = std::move(customs);
  m->sectionOrder.clear();
  binary::Encoder e;
  binary::writeModule(e, *m);
  return embedWorld(llvm::ArrayRef<uint8_t>(e.bytes.data(), e.bytes.size()), r, world->world,
                    world->encoding);
}

} // namespace wcomp::adapt
