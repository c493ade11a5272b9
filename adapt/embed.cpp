//===- adapt/embed.cpp - Attach a world to a core module ------------------===//
#include "adapt/embed.h"
#include "adapt/abi.h"

#include "binary/code_writer.h"
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

/// The dummy module's parts, in the order wasm-tools' dummy has them:
/// function types numbered by first use, imports, then defined functions
/// (each exported by name, with `unreachable` or empty bodies) and the
/// memory, whose export comes after the functions' and before realloc's.
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
  /// Defined functions come after every import, so their types are
  /// numbered after the imports' (finish).
  void defineFunc(const std::string &name, const CoreSig &params, const CoreSig &results,
                  bool unreachable) {
    funcs.push_back({name, params, results, unreachable});
  }
  /// The memory's export goes here among the function exports.
  void exportMemory(const std::string &name) {
    memoryName = name;
    memoryAt = funcs.size();
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
    namespace tc = binary::typecode;
    return s == "i64" ? tc::I64 : s == "f32" ? tc::F32 : s == "f64" ? tc::F64 : tc::I32;
  }
  std::vector<std::pair<CoreSig, CoreSig>> types;
  llvm::StringMap<uint32_t> typeIndex;
  binary::Encoder imports;
  uint32_t importCount = 0;
  std::vector<Func> funcs;
  std::string memoryName = "memory";
  size_t memoryAt = 0;
};

std::vector<uint8_t> DummyModule::finish() {
  std::vector<uint32_t> funcTypes;
  for (const Func &f : funcs)
    funcTypes.push_back(typeOf(f.params, f.results));
  binary::Encoder m, s;
  m.raw(binary::CoreModulePreamble);
  s.u32(uint32_t(types.size()));
  for (auto &[params, results] : types) {
    s.u8(binary::typecode::FuncType);
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
  s.u32(1);
  binary::writeLimits(s, binary::Limits()); // no maximum, 0 pages
  m.section(binary::coresec::Memory, s);
  s = {};
  s.u32(uint32_t(funcs.size()) + 1);
  for (size_t i = 0; i <= funcs.size(); ++i) {
    if (i == memoryAt) {
      s.name(memoryName);
      s.u8(binary::extkind::Memory);
      s.u32(0);
    }
    if (i == funcs.size())
      break;
    s.name(funcs[i].name);
    s.u8(binary::extkind::Func);
    s.u32(importCount + uint32_t(i));
  }
  m.section(binary::coresec::Export, s);
  s = {};
  s.u32(uint32_t(funcs.size()));
  for (const Func &f : funcs) {
    binary::Encoder body;
    binary::CodeWriter c(body);
    c.locals({});
    if (f.unreachable)
      c.op(binary::Opcode::Unreachable);
    c.end();
    s.byteVec(body.bytes);
  }
  m.section(binary::coresec::Code, s);
  return {m.bytes.begin(), m.bytes.end()};
}

/// Core names of one mangling scheme (wit-component's legacy names, or
/// BuildTargets.md's `cm32p2` ones).
struct Names {
  bool standard;
  const wit::Resolve &r;
  std::string iface(const std::string &name) const {
    return standard ? binary::canonicalInterfaceName(name) : name;
  }
  /// The module of an import of interface `name` ("" for the world's own).
  std::string importModule(const std::string &name) const {
    if (standard)
      return name.empty() ? "cm32p2" : "cm32p2|" + iface(name);
    return name.empty() ? "$root" : name;
  }
  std::string resourceOp(const std::string &op, const std::string &res) const {
    return standard ? res + "_" + op : "[resource-" + op + "]" + res;
  }
  std::string exportedModule(const std::string &name) const {
    return standard ? "cm32p2|_ex_" + iface(name) : "[export]" + name;
  }
  std::string exportFunc(const std::string &name, const wit::Function &f) const {
    std::string fn = r.functionName(f);
    if (standard)
      return "cm32p2|" + (name.empty() ? std::string() : iface(name)) + "|" + fn;
    return name.empty() ? fn : name + "#" + fn;
  }
  std::string post(const std::string &exported) const {
    return standard ? exported + "_post" : "cabi_post_" + exported;
  }
  std::string dtor(const std::string &name, const std::string &res) const {
    return standard ? "cm32p2|" + iface(name) + "|" + res + "_dtor" : name + "#[dtor]" + res;
  }
  std::string memory() const { return standard ? "cm32p2_memory" : "memory"; }
  std::string realloc() const { return standard ? "cm32p2_realloc" : "cabi_realloc"; }
  std::string initialize() const { return standard ? "cm32p2_initialize" : "_initialize"; }
};

} // namespace

/// The stream and future intrinsics of function `f` (wit-component's
/// dummy lists them this way): under `mod`, each stream or future type of
/// `f` by its index.
void payloadIntrinsics(DummyModule &m, const wit::Resolve &r, const std::string &mod,
                       const wit::Function &f) {
  std::string fn = r.functionName(f);
  std::vector<wit::TypeId> found = futuresAndStreams(r, f);
  for (size_t i = 0; i < found.size(); ++i) {
    bool stream = r[found[i]].kind == wit::TypeDef::Stream;
    std::string kind = stream ? "stream" : "future", n = std::to_string(i);
    auto name = [&](const char *op) { return "[" + kind + "-" + op + "-" + n + "]" + fn; };
    CoreSig rw = stream ? CoreSig{"i32", "i32", "i32"} : CoreSig{"i32", "i32"};
    m.importFunc(mod, name("new"), {}, {"i64"});
    m.importFunc(mod, name("cancel-read"), {"i32"}, {"i32"});
    m.importFunc(mod, name("cancel-write"), {"i32"}, {"i32"});
    m.importFunc(mod, name("drop-readable"), {"i32"}, {});
    m.importFunc(mod, name("drop-writable"), {"i32"}, {});
    m.importFunc(mod, name("forward"), {"i32", "i32"}, {});
    m.importFunc(mod, "[async-lower]" + name("read"), rw, {"i32"});
    m.importFunc(mod, "[async-lower]" + name("write"), rw, {"i32"});
  }
}

std::vector<uint8_t> dummyModule(const wit::Resolve &r, wit::WorldId world, bool standardNames,
                                 DummyAbi abi) {
  const wit::World &w = r[world];
  Names names{standardNames, r};
  DummyModule m;
  bool async = !standardNames && abi != DummyAbi::Sync;
  // Only async functions use the async ABI; the others stay synchronous.
  auto asyncFunc = [&](const wit::Function &f) { return async && f.async; };
  auto importFunc = [&](const std::string &mod, const wit::Function &f) {
    if (asyncFunc(f)) {
      FlatSig s = asyncLowerSignature(r, f);
      m.importFunc(mod, "[async-lower]" + r.functionName(f), s.params, s.results);
      payloadIntrinsics(m, r, mod, f);
      return;
    }
    FlatSig s = flatSignature(r, f, false);
    m.importFunc(mod, r.functionName(f), s.params, s.results);
  };
  auto resources = [&](wit::InterfaceId i, auto &&each) {
    for (auto &[n, t] : r[i].types)
      if (r[t].kind == wit::TypeDef::Resource)
        each(n);
  };
  // Imports: each imported function, then its interface's resource drops.
  for (auto &[key, item] : w.imports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      importFunc(names.importModule(""), item.func);
    } else if (item.kind == wit::WorldItem::TypeItem) {
      if (r[item.type].kind == wit::TypeDef::Resource)
        m.importFunc(names.importModule(""), names.resourceOp("drop", nm), {"i32"}, {});
    } else {
      for (const wit::Function &f : r[item.iface].functions)
        importFunc(names.importModule(nm), f);
      resources(item.iface, [&](const std::string &res) {
        m.importFunc(names.importModule(nm), names.resourceOp("drop", res), {"i32"}, {});
      });
    }
  }
  if (async) {
    // The built-ins of the async ABI, as wit-component's dummy has them.
    m.importFunc("[export]$root", "[task-cancel]", {}, {});
    m.importFunc("$root", "[backpressure-inc]", {}, {});
    m.importFunc("$root", "[backpressure-dec]", {}, {});
    m.importFunc("$root", "[waitable-set-new]", {}, {"i32"});
    m.importFunc("$root", "[waitable-set-wait]", {"i32", "i32"}, {"i32"});
    m.importFunc("$root", "[waitable-set-poll]", {"i32", "i32"}, {"i32"});
    m.importFunc("$root", "[waitable-set-drop]", {"i32"}, {});
    m.importFunc("$root", "[waitable-join]", {"i32", "i32"}, {});
    m.importFunc("$root", "[thread-yield]", {}, {"i32"});
    m.importFunc("$root", "[subtask-drop]", {"i32"}, {});
    m.importFunc("$root", "[subtask-cancel]", {"i32"}, {"i32"});
    m.importFunc("$root", "[context-get-0]", {}, {"i32"});
    m.importFunc("$root", "[context-set-0]", {"i32"}, {});
  }
  // With the async ABI, every exported function's `[task-return]` and its
  // stream and future intrinsics.
  auto exportedIntrinsics = [&](const std::string &nm, const wit::Function &f) {
    if (!async)
      return;
    std::string mod = "[export]" + (nm.empty() ? std::string("$root") : nm);
    FlatSig s = taskReturnSignature(r, f);
    m.importFunc(mod, "[task-return]" + r.functionName(f), s.params, s.results);
    payloadIntrinsics(m, r, mod, f);
  };
  // The intrinsics of what the world exports: functions, then resources.
  for (auto &[key, item] : w.exports) {
    if (item.kind == wit::WorldItem::FunctionItem)
      exportedIntrinsics("", item.func);
    if (item.kind == wit::WorldItem::InterfaceItem) {
      std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
      for (const wit::Function &f : r[item.iface].functions)
        exportedIntrinsics(nm, f);
      resources(item.iface, [&](const std::string &res) {
        m.importFunc(names.exportedModule(nm), names.resourceOp("drop", res), {"i32"}, {});
        m.importFunc(names.exportedModule(nm), names.resourceOp("new", res), {"i32"}, {"i32"});
        m.importFunc(names.exportedModule(nm), names.resourceOp("rep", res), {"i32"}, {"i32"});
      });
    }
  }
  // Exports: each function and its post-return, each exported resource's
  // destructor, then memory, realloc and the initializer.
  auto exportFunc = [&](const std::string &nm, const wit::Function &f) {
    FlatSig s = flatSignature(r, f, true);
    std::string name = names.exportFunc(nm, f);
    if (asyncFunc(f)) {
      // The result goes through `[task-return]`; a callback lift returns
      // its status.
      bool callback = abi == DummyAbi::AsyncCallback;
      m.defineFunc((callback ? "[async-lift]" : "[async-lift-stackful]") + name, s.params,
                   callback ? CoreSig{"i32"} : CoreSig{}, true);
      if (callback)
        m.defineFunc("[callback][async-lift]" + name, {"i32", "i32", "i32"}, {"i32"}, true);
      return;
    }
    m.defineFunc(name, s.params, s.results, true);
    m.defineFunc(names.post(name), s.results, {}, false);
  };
  for (auto &[key, item] : w.exports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      exportFunc("", item.func);
      continue;
    }
    if (item.kind != wit::WorldItem::InterfaceItem)
      continue;
    for (const wit::Function &f : r[item.iface].functions)
      exportFunc(nm, f);
    resources(item.iface, [&](const std::string &res) {
      // wit-component's async dummy gives destructors the async-lift prefix.
      std::string prefix = !async                           ? ""
                           : abi == DummyAbi::AsyncCallback ? "[async-lift]"
                                                            : "[async-lift-stackful]";
      m.defineFunc(prefix + names.dtor(nm, res), {"i32"}, {}, false);
    });
  }
  m.exportMemory(names.memory());
  m.defineFunc(names.realloc(), {"i32", "i32", "i32", "i32"}, {"i32"}, true);
  m.defineFunc(names.initialize(), {}, {}, false);
  return m.finish();
}

} // namespace wcomp::adapt
