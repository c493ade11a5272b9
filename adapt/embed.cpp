//===- adapt/embed.cpp - Attach a world to a core module ------------------===//
#include "adapt/embed.h"
#include "adapt/abi.h"

#include "binary/names.h"
#include "binary/reader.h"
#include "binary/error.h"
#include "binary/module.h"
#include "binary/parser.h"
#include "binary/writer.h"

#include "llvm/ADT/StringMap.h"

namespace wcomp::adapt {

llvm::Expected<std::vector<uint8_t>> embedWorld(llvm::ArrayRef<uint8_t> module,
                                                const wit::Resolve &r, wit::WorldId world,
                                                StringEncoding enc) {
  if (module.size() < 8 || module[4] != 1)
    return binary::makeError(0, "not a core module (a component or another file)");
  // The world is appended to the module's bytes as they are: a module
  // whose sections do not read (cut short, say) would give a malformed
  // output. Its code is not validated, as wasm-tools does not: an adapter
  // may carry dead code that `new` removes.
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  if (auto m = binary::readModule(module, 0, ro); !m)
    return m.takeError();
  auto data = encodeWorldMetadata(r, world, enc);
  if (!data)
    return data.takeError();
  std::vector<uint8_t> out(module.begin(), module.end());
  appendCustomSection(out, metadataSectionName(r, world), *data);
  return out;
}

namespace {

/// The dummy module's parts, in the text format's order: function types in
/// the order of their first use, imports, then defined functions (exported
/// by name) with `unreachable` or empty bodies.
class DummyModule {
public:
  void importFunc(const std::string &mod, const std::string &name, const CoreSig &params,
                  const CoreSig &results) {
    imports.name(mod);
    imports.name(name);
    imports.u8(binary::extkind::Func);
    imports.u32(typeOf(params, results));
    ++importCount;
  }
  /// Defined functions are written after every import, so their types
  /// are numbered after the imports' (finish).
  void defineFunc(const std::string &name, const CoreSig &params, const CoreSig &results,
                  bool unreachable) {
    funcs.push_back({name, params, results, unreachable});
  }
  std::vector<uint8_t> finish();

private:
  struct Func {
    std::string name;
    CoreSig params, results;
    bool unreachable;
  };
  uint32_t typeOf(const CoreSig &params, const CoreSig &results) {
    std::string key;
    for (const char *p : params)
      key.append(p).append(" ");
    key += "->";
    for (const char *p : results)
      key.append(" ").append(p);
    auto [it, added] = typeIndex.try_emplace(key, uint32_t(types.size()));
    if (added)
      types.push_back({params, results});
    return it->second;
  }
  static uint8_t code(const char *t) {
    llvm::StringRef s(t);
    return s == "i64" ? 0x7e : s == "f32" ? 0x7d : s == "f64" ? 0x7c : 0x7f;
  }
  std::vector<std::pair<CoreSig, CoreSig>> types;
  llvm::StringMap<uint32_t> typeIndex;
  binary::Encoder imports;
  uint32_t importCount = 0;
  std::vector<Func> funcs;
};

std::vector<uint8_t> DummyModule::finish() {
  std::vector<uint32_t> funcTypes;
  for (const Func &f : funcs)
    funcTypes.push_back(typeOf(f.params, f.results));
  binary::Encoder m, s;
  m.raw({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
  s.u32(uint32_t(types.size()));
  for (auto &[params, results] : types) {
    s.u8(0x60);
    s.u32(uint32_t(params.size()));
    for (const char *p : params)
      s.u8(code(p));
    s.u32(uint32_t(results.size()));
    for (const char *p : results)
      s.u8(code(p));
  }
  m.section(binary::coresec::Type, s);
  if (importCount) {
    s = {};
    s.u32(importCount);
    s.raw(imports.bytes);
    m.section(binary::coresec::Import, s);
  }
  s = {};
  s.u32(uint32_t(funcs.size()));
  for (uint32_t t : funcTypes)
    s.u32(t);
  m.section(binary::coresec::Function, s);
  s = {};
  s.raw({0x01, 0x00, 0x00}); // one memory, no maximum, 0 pages
  m.section(binary::coresec::Memory, s);
  s = {};
  s.u32(uint32_t(funcs.size()) + 1);
  s.name("memory");
  s.raw({binary::extkind::Memory, 0x00});
  for (size_t i = 0; i < funcs.size(); ++i) {
    s.name(funcs[i].name);
    s.u8(binary::extkind::Func);
    s.u32(importCount + uint32_t(i));
  }
  m.section(binary::coresec::Export, s);
  s = {};
  s.u32(uint32_t(funcs.size()));
  for (const Func &f : funcs) {
    if (f.unreachable)
      s.raw({0x03, 0x00, 0x00, 0x0b}); // no locals; unreachable; end
    else
      s.raw({0x02, 0x00, 0x0b});
  }
  m.section(binary::coresec::Code, s);
  return {m.bytes.begin(), m.bytes.end()};
}

} // namespace

std::vector<uint8_t> dummyModule(const wit::Resolve &r, wit::WorldId world) {
  const wit::World &w = r[world];
  DummyModule m;
  auto importFunc = [&](const std::string &mod, const wit::Function &f) {
    FlatSig s = flatSignature(r, f, false);
    m.importFunc(mod, r.functionName(f), s.params, s.results);
  };
  auto drop = [&](const std::string &mod, const std::string &op, const std::string &res,
                  bool result) {
    m.importFunc(mod, "[resource-" + op + "]" + res, {"i32"},
                 result ? CoreSig{"i32"} : CoreSig{});
  };
  std::vector<std::pair<std::string, const wit::Function *>> exports;
  std::vector<std::string> dtors;
  for (auto &[key, item] : w.imports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      importFunc("$root", item.func);
    } else if (item.kind == wit::WorldItem::TypeItem) {
      if (r[item.type].kind == wit::TypeDef::Resource)
        drop("$root", "drop", nm, false);
    } else {
      for (auto &[n, t] : r[item.iface].types)
        if (r[t].kind == wit::TypeDef::Resource)
          drop(nm, "drop", n, false);
      for (const wit::Function &f : r[item.iface].functions)
        importFunc(nm, f);
    }
  }
  // The defined functions, in the order the text had them: realloc, then
  // per export its functions (and post-returns) and destructors.
  m.defineFunc("cabi_realloc", {"i32", "i32", "i32", "i32"}, {"i32"}, true);
  auto exportFunc = [&](const std::string &core, const wit::Function &f) {
    FlatSig s = flatSignature(r, f, true);
    m.defineFunc(core, s.params, s.results, true);
    AbiNeeds n = liftNeeds(r, f);
    if (s.retptr || (!s.results.empty() && n.memory))
      m.defineFunc("cabi_post_" + core, s.results, {}, false);
  };
  for (auto &[key, item] : w.exports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      exportFunc(nm, item.func);
      continue;
    }
    if (item.kind != wit::WorldItem::InterfaceItem)
      continue;
    for (auto &[n, t] : r[item.iface].types)
      if (r[t].kind == wit::TypeDef::Resource) {
        drop("[export]" + nm, "new", n, true);
        drop("[export]" + nm, "rep", n, true);
        drop("[export]" + nm, "drop", n, false);
        m.defineFunc(nm + "#[dtor]" + n, {"i32"}, {}, false);
      }
    for (const wit::Function &f : r[item.iface].functions)
      exportFunc(nm + "#" + r.functionName(f), f);
  }
  return m.finish();
}

} // namespace wcomp::adapt
