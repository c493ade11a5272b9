//===- adapt/emit.cpp - A component plan, encoded -------------------------===//
//
// Layout (the order wasm-tools uses): imports; the core modules; the shim
// instance; types of exported interfaces; for each unit its import bags
// and its instance (the main module first, then each adapter, which gets
// the main module's memory and exports); the fixup module that fills the
// shim's table; `_initialize`; lifted exports. The core modules are copied
// into the output once, from the pieces they are given as.
//
//===----------------------------------------------------------------------===//
#include "adapt/abi.h"
#include "adapt/plan.h"

#include "binary/component_builder.h"
#include "binary/error.h"
#include "binary/names.h"
#include "wit/encode.h"

#include <map>

namespace wcomp::adapt {

using binary::Alias;
using binary::Canon;
using binary::CanonOpt;
using binary::CoreInstance;
using binary::ExternDesc;
using binary::Instance;
using binary::Sort;
using binary::SortIdx;
namespace sortkind = binary::sortkind;
namespace coresort = binary::coresort;

namespace {

llvm::Error fail(const std::string &msg) {
  return binary::makeError(binary::WasmError::NoOffset, msg);
}

/// The types of `set` that `keep` accepts, each after every type it refers
/// to (ids alone are not enough: a decoder may reserve an id for a type
/// before it reads the types that one uses).
template <typename Keep>
std::vector<uint32_t> dependencyOrder(const wit::Resolve &r, const llvm::DenseSet<uint32_t> &set,
                                      Keep keep) {
  std::vector<uint32_t> roots(set.begin(), set.end()), order;
  std::sort(roots.begin(), roots.end()); // deterministic, whatever the hashing
  llvm::DenseSet<uint32_t> done, entered; // entered: no cycle is followed twice
  // Post-order without recursion: (id, children pushed yet).
  std::vector<std::pair<uint32_t, bool>> stack;
  for (uint32_t root : roots) {
    stack.push_back({root, false});
    while (!stack.empty()) {
      auto [id, expanded] = stack.back();
      stack.pop_back();
      if (done.contains(id))
        continue;
      if (expanded) {
        done.insert(id);
        if (keep(id))
          order.push_back(id);
        continue;
      }
      if (!entered.insert(id).second)
        continue;
      stack.push_back({id, true});
      const wit::TypeDef &d = r[wit::TypeId{id}];
      auto child = [&](const std::optional<wit::TypeRef> &t) {
        if (t && t->prim == wit::TypeRef::Defined && !done.contains(t->id.index))
          stack.push_back({t->id.index, false});
      };
      for (const wit::Member &m : d.members)
        child(m.type);
      for (const wit::TypeRef &t : d.types)
        child(t);
      child(d.a);
      child(d.b);
      if (d.resource.valid())
        child(wit::TypeRef::of(d.resource));
    }
  }
  return order;
}

/// A core function given to a core instance: defined already, or an export
/// of a core instance aliased when the instance is made (the text format's
/// inline alias, made anew at every use).
struct CoreRef {
  uint32_t index = 0;
  std::optional<std::string> exportName; ///< set: `index` is a core instance
  uint8_t sort = coresort::Func;
};

Sort coreSort(uint8_t s) { return {sortkind::Core, s}; }

/// `(func (type i))`, the description of a function import or export.
ExternDesc funcDesc(uint32_t type) {
  ExternDesc d;
  d.kind = 0x01;
  d.index = type;
  return d;
}

class Emitter {
public:
  Emitter(Plan &p, const std::vector<ModulePieces> &modules)
      : p(p), modules(modules), w(p.r) {}
  llvm::Expected<std::vector<uint8_t>> run();

private:
  Plan &p;
  const std::vector<ModulePieces> &modules;
  binary::ComponentBuilder b;
  wit::TypeWriter w;
  wit::TypeWriter::Env env;
  std::vector<uint32_t> unitRef; ///< per unit: its core instance
  std::optional<uint32_t> memory, realloc;
  uint32_t shimInstance = 0, shimModule = 0, fixupModule = 0;
  llvm::StringMap<wit::TypeWriter::Name> exportedTypes; ///< "slot/resource" -> type
  std::map<std::pair<uint32_t, std::string>, uint32_t> aliases;
  /// Stream and future types defined for their built-ins, once each.
  llvm::DenseMap<uint32_t, uint32_t> payloadTypes;
  std::optional<uint32_t> unitTypes[2]; ///< `(stream)`, `(future)`

  /// A core function export of a core instance, aliased once.
  uint32_t coreFunc(uint32_t inst, llvm::StringRef name) {
    auto [it, added] = aliases.try_emplace({inst, name.str()}, 0);
    if (added)
      it->second = b.alias(coreAlias(inst, name, coresort::Func));
    return it->second;
  }
  Alias coreAlias(uint32_t inst, llvm::StringRef name, uint8_t sort) {
    Alias a;
    a.sort = coreSort(sort);
    a.target = binary::aliastarget::CoreExport;
    a.instance = inst;
    a.name = w.save(name);
    return a;
  }
  uint32_t resolve(const CoreRef &r) {
    return r.exportName ? b.alias(coreAlias(r.index, *r.exportName, r.sort)) : r.index;
  }
  llvm::Expected<uint32_t> typeIndex(wit::TypeWriter::Name n) { return w.index(n); }
  /// An interface export's name, with its `implements` option for a plain
  /// name given to a named interface (`export e: a:b/i`).
  /// Binds the types of exported interface `e` to its own definitions:
  /// two exports implementing one interface (`export e: a:b/i; export f:
  /// a:b/i;`) each have theirs, resources included.
  void useExportTypes(size_t e) {
    const ExportSlot &s = p.exports[e];
    if (s.kind != ExportSlot::Interface)
      return;
    for (auto &[n, t] : p.r[s.iface].types)
      if (auto it = exportedTypes.find(std::to_string(e) + "/" + n); it != exportedTypes.end())
        w.bind(env, t, it->second);
  }
  binary::ExternName exportName(const ExportSlot &s) {
    return w.externName(s.name, s.implements ? llvm::StringRef(w.save(p.r.interfaceName(s.iface)))
                                             : llvm::StringRef());
  }

  /// The core type of a shim entry: the importer's (validated) type, or a
  /// destructor's `(param i32)`.
  binary::CompositeType shimType(const Plan::ShimEntry &e) const {
    if (e.use >= 0) {
      const Use &u = p.uses[e.use];
      if (const binary::CompositeType *t = funcType(p.units[u.unit].m, u.coreType))
        return *t;
    }
    binary::CompositeType t;
    t.params.push_back(binary::ValType::num(binary::typecode::I32));
    return t;
  }
  /// The canonical options `n` asks for; `what` names the function.
  llvm::Expected<std::vector<CanonOpt>> options(const AbiNeeds &n, StringEncoding enc,
                                                std::optional<uint32_t> reallocRef,
                                                const std::string &what);
  llvm::Expected<uint32_t> lower(const Use &u);
  /// The core function a use is given when the component makes it: a
  /// lowering, a `task.return` or an async built-in.
  llvm::Expected<uint32_t> made(const Use &u);
  llvm::Error imports();
  void modules_();
  llvm::Error exportedTypeDefs();
  llvm::Error instantiate(unsigned unit);
  llvm::Error fixups();
  void initialize();
  llvm::Error lift();
  /// Exports interface `e` through a nested component (`lifted`: its
  /// functions, lifted).
  /// Returns the index of the instance exported.
  llvm::Expected<uint32_t> exportThroughComponent(size_t e, const std::vector<uint32_t> &lifted);
  /// Binds the types of export `e` (instance `exported`) that later exports
  /// use to their aliases out of the export.
  void aliasForLaterExports(size_t e, uint32_t exported);
};

llvm::Expected<std::vector<CanonOpt>> Emitter::options(const AbiNeeds &n, StringEncoding enc,
                                                       std::optional<uint32_t> reallocRef,
                                                       const std::string &what) {
  std::vector<CanonOpt> o;
  if (n.memory) {
    if (!memory)
      return fail(what + ": module does not export a memory named `memory`");
    o.push_back({0x03, *memory});
  }
  if (n.realloc) {
    if (!reallocRef)
      return fail(what + ": module does not export a function named `cabi_realloc`");
    o.push_back({0x04, *reallocRef});
  }
  if (n.strings)
    o.push_back({uint8_t(enc), 0});
  return o;
}

llvm::Expected<uint32_t> Emitter::lower(const Use &u) {
  const ImportSlot &s = p.imports[u.slot];
  std::string fname = p.r.functionName(*u.func);
  const CoreUnit &cu = p.units[u.unit];
  AbiNeeds needs = lowerNeeds(p.r, *u.func, u.async);
  std::optional<uint32_t> reallocRef = realloc;
  if (u.unit != 0 && needs.realloc)
    reallocRef = !cu.importRealloc.empty() ? coreFunc(unitRef[u.unit], cu.importRealloc)
                 : !cu.realloc.empty()      ? coreFunc(unitRef[u.unit], cu.realloc)
                                            : realloc;
  else if (needs.realloc && !cu.importRealloc.empty())
    reallocRef = coreFunc(unitRef[0], cu.importRealloc);
  // The function, aliased out of its interface's instance at each use.
  uint32_t f = s.ref;
  if (s.kind != ImportSlot::Function) {
    Alias a;
    a.sort = {sortkind::Func, 0};
    a.target = binary::aliastarget::Export;
    a.instance = s.ref;
    a.name = w.save(fname);
    f = b.alias(a);
  }
  std::string what = "core import `" + u.module + "` `" + u.field + "` (" +
                     worldFunction(s.kind == ImportSlot::Function ? "" : s.name, fname) + ")";
  auto opts = options(needs, cu.encoding, reallocRef, what);
  if (!opts)
    return opts.takeError();
  if (u.async)
    opts->push_back({0x06, 0});
  Canon c;
  c.opcode = 0x01;
  c.func = f;
  c.opts = std::move(*opts);
  return b.canon(c);
}

llvm::Expected<uint32_t> Emitter::made(const Use &u) {
  if (u.kind == Use::Lower)
    return lower(u);
  Canon c;
  if (u.kind == Use::Builtin && u.builtin == 0x27) {
    // thread.new-indirect: start functions `(func (param i32))` from the
    // main module's `__indirect_function_table`, as wit-component fixes them.
    const CoreUnit &main = p.units[0];
    bool hasTable = false;
    for (const binary::Export &e : main.m.exports)
      hasTable |= e.kind == binary::extkind::Table && e.name == "__indirect_function_table";
    if (!hasTable)
      return fail("core import `" + u.module + "` `" + u.field +
                  "`: the main module does not export a table named `__indirect_function_table`");
    binary::CoreTypeDef start;
    binary::SubType st;
    st.composite.params.push_back(binary::ValType::num(binary::typecode::I32));
    start.rec.types.push_back(std::move(st));
    c.opcode = 0x27;
    c.type = b.coreType(start);
    c.index2 = b.alias(coreAlias(unitRef[0], "__indirect_function_table", coresort::Table));
    return b.canon(c);
  }
  if (u.kind == Use::Builtin) {
    c.opcode = u.builtin;
    c.flag = u.async;
    if (u.builtinMemory) {
      if (!memory)
        return fail("core import `" + u.module + "` `" + u.field +
                    "`: module does not export a memory named `memory`");
      c.type = *memory;
    }
    // error-context.new reads a string; debug-message also writes one.
    if (u.builtin == 0x1c || u.builtin == 0x1d) {
      c.opts.push_back({0x03, *memory});
      if (u.builtin == 0x1d) {
        if (!realloc)
          return fail("core import `" + u.module + "` `" + u.field +
                      "`: module does not export a function named `cabi_realloc`");
        c.opts.push_back({0x04, *realloc});
      }
      c.opts.push_back({u.encoding, 0});
    }
    return b.canon(c);
  }
  if (u.kind == Use::Payload) {
    // The stream or future type, defined in this scope (its payload's
    // named types are the imports' or exports' already bound in `env`).
    if (u.payload.valid()) {
      auto [it, added] = payloadTypes.try_emplace(u.payload.index, 0);
      if (added) {
        auto t = w.val(wit::TypeRef::of(u.payload), env);
        if (!t)
          return t.takeError();
        it->second = t->index;
      }
      c.type = it->second;
    } else {
      // `[stream-new-unit]` and friends: `(stream)` or `(future)`.
      std::optional<uint32_t> &unit = unitTypes[u.unitStream ? 0 : 1];
      if (!unit) {
        binary::TypeDef d;
        d.kind = u.unitStream ? binary::dvt::Stream : binary::dvt::Future;
        d.defined.kind = d.kind;
        unit = b.type(std::move(d));
      }
      c.type = *unit;
    }
    c.opcode = u.builtin;
    switch (binary::canonInfo(u.builtin).shape) {
    case binary::CanonShape::TypeOpts: {
      bool read = u.builtin == 0x0f || u.builtin == 0x16;
      std::optional<wit::TypeRef> payload;
      if (u.payload.valid())
        payload = p.r[u.payload].a;
      auto opts = options(payloadNeeds(p.r, payload, read), p.units[u.unit].encoding,
                          realloc, "core import `" + u.module + "` `" + u.field + "`");
      if (!opts)
        return opts.takeError();
      c.opts = std::move(*opts);
      if (u.async)
        c.opts.push_back({0x06, 0});
      break;
    }
    case binary::CanonShape::TypeFlag: c.flag = u.async; break;
    default: break;
    }
    return b.canon(c);
  }
  // Use::TaskReturn: the exported function's result, in this scope.
  const ExportSlot &s = p.exports[u.slot];
  useExportTypes(u.slot);
  c.opcode = 0x09;
  if (u.func->result) {
    auto t = w.val(*u.func->result, env);
    if (!t)
      return t.takeError();
    c.results.resultForm = 0x00;
    c.results.result = *t;
  }
  std::string what = "core import `" + u.module + "` `" + u.field + "` (" +
                     worldFunction(s.kind == ExportSlot::Function ? "" : s.name,
                                   p.r.functionName(*u.func)) + ")";
  auto opts = options(taskReturnNeeds(p.r, *u.func), p.units[u.unit].encoding, std::nullopt, what);
  if (!opts)
    return opts.takeError();
  c.opts = std::move(*opts);
  return b.canon(c);
}

llvm::Error Emitter::imports() {
  for (ImportSlot &s : p.imports) {
    if (!s.live)
      continue;
    switch (s.kind) {
    case ImportSlot::Interface: {
      wit::InterfaceFilter keep{&s.liveTypes, &s.usedFuncs, &s.liveOrder};
      // An import implementing an interface the world also imports by its
      // own name (`import b: a:b/i; import a:b/i;`) keeps its types to
      // itself: the others take them from the import of that name, as
      // wit-component does.
      bool aliasOut = true;
      if (s.implements)
        for (const ImportSlot &o : p.imports)
          aliasOut &= !(o.live && !o.implements && o.kind == ImportSlot::Interface &&
                        o.iface.index == s.iface.index);
      auto i = w.importInterface(s.name, s.iface, env, true, s.implements, keep, aliasOut);
      if (!i)
        return i.takeError();
      s.ref = *i;
      break;
    }
    case ImportSlot::Type: {
      auto n = w.defineType(s.type, s.name, env, wit::TypeWriter::Mode::Import);
      if (!n)
        return n.takeError();
      s.ref = *n;
      break;
    }
    case ImportSlot::Function: {
      auto ft = w.funcType(*s.func, env);
      if (!ft)
        return ft.takeError();
      s.ref = b.import(w.externName(s.name), funcDesc(*ft));
      break;
    }
    }
  }
  return llvm::Error::success();
}

void Emitter::modules_() {
  for (const ModulePieces &mp : modules)
    b.coreModule(mp.pieces);
  const std::optional<binary::Import> &imported = p.units[0].importedMemory;
  if (p.shim.empty() && !imported && !p.tlsBaseGlobal)
    return;
  std::vector<binary::CompositeType> types;
  for (const Plan::ShimEntry &e : p.shim)
    types.push_back(shimType(e));
  shimModule = b.coreModule(adapt::shimModule(types, imported ? &imported->memory : nullptr,
                                              p.tlsBaseGlobal ? &*p.tlsBaseGlobal : nullptr,
                                              p.returnCallRef));
  if (!p.shim.empty())
    fixupModule = b.coreModule(adapt::fixupModule(types, p.returnCallRef));
  CoreInstance ci;
  ci.module = shimModule;
  shimInstance = b.coreInstance(ci);
  // A memory the main module imports is the shim's, there before any
  // module is instantiated.
  if (imported)
    memory = b.alias(coreAlias(shimInstance, "memory", coresort::Memory));
}


llvm::Error Emitter::exportedTypeDefs() {
  for (size_t e = 0; e < p.exports.size(); ++e) {
    ExportSlot &s = p.exports[e];
    if (s.kind != ExportSlot::Interface)
      continue;
    for (auto &[n, t] : p.r[s.iface].types) {
      std::optional<uint32_t> dtor;
      if (p.r[t].kind == wit::TypeDef::Resource) {
        for (size_t i = 0; i < p.shim.size(); ++i)
          if (p.shim[i].use < 0 && p.shim[i].exportSlot == e && p.shim[i].resource == n)
            dtor = coreFunc(shimInstance, std::to_string(i));
      }
      auto ref = w.defineType(t, n, env, wit::TypeWriter::Mode::Local, dtor);
      if (!ref)
        return ref.takeError();
      exportedTypes[std::to_string(e) + "/" + n] = *ref;
    }
  }
  return llvm::Error::success();
}

llvm::Error Emitter::instantiate(unsigned unit) {
  CoreUnit &cu = p.units[unit];
  // One bag of exports per imported module, in first-import order.
  std::vector<std::string> moduleOrder;
  llvm::StringMap<std::vector<size_t>> byModule;
  for (size_t i = 0; i < p.uses.size(); ++i) {
    const Use &u = p.uses[i];
    if (u.unit != unit)
      continue;
    if (!byModule.count(u.module))
      moduleOrder.push_back(u.module);
    byModule[u.module].push_back(i);
  }
  // The main module's imported memory goes in the bag of its module.
  const std::optional<binary::Import> &imported = cu.importedMemory;
  if (imported && !byModule.count(imported->module))
    moduleOrder.insert(moduleOrder.begin(), imported->module.str());
  CoreInstance inst;
  inst.module = unit; // the modules come first, in unit order
  bool importsMemory = false;
  for (const binary::Import &imp : cu.m.imports)
    importsMemory |= imp.kind == binary::extkind::Memory;
  if (unit != 0 && (memory || importsMemory)) {
    if (!memory)
      return fail("adapter `" + cu.name +
                  "` imports a memory: module does not export a memory named `memory`");
    CoreInstance envBag;
    envBag.kind = 0x01;
    envBag.exports.push_back({"memory", coresort::Memory, *memory});
    uint32_t bag = b.coreInstance(envBag);
    for (const binary::Import &imp : cu.m.imports)
      if (imp.kind == binary::extkind::Memory)
        inst.args.push_back({w.save(imp.module), coresort::Instance, bag});
  }
  for (const std::string &mod : moduleOrder) {
    std::vector<std::pair<std::string, CoreRef>> items;
    if (imported && imported->module == mod)
      items.push_back({imported->name.str(), {*memory, std::nullopt, coresort::Memory}});
    for (size_t i : byModule[mod]) {
      const Use &u = p.uses[i];
      CoreRef ref;
      if (u.shim >= 0) {
        ref = {shimInstance, std::to_string(u.shim)};
      } else {
        switch (u.kind) {
        case Use::Lower: case Use::TaskReturn: case Use::Builtin: case Use::Payload: {
          auto f = made(u);
          if (!f)
            return f.takeError();
          ref.index = *f;
          break;
        }
        case Use::ImportedDrop: {
          const ImportSlot &s = p.imports[u.slot];
          uint32_t t;
          if (s.kind == ImportSlot::Type) {
            auto i = typeIndex(s.ref);
            if (!i)
              return i.takeError();
            t = *i;
          } else {
            Alias a;
            a.sort = {sortkind::Type, 0};
            a.instance = s.ref;
            a.name = w.save(u.resource);
            t = b.alias(a);
          }
          Canon c;
          c.opcode = 0x03;
          c.type = t;
          ref.index = b.canon(c);
          break;
        }
        case Use::ExportedNew: case Use::ExportedRep: case Use::ExportedDrop: {
          auto t = typeIndex(exportedTypes[std::to_string(u.slot) + "/" + u.resource]);
          if (!t)
            return t.takeError();
          Canon c;
          c.opcode = u.kind == Use::ExportedNew ? 0x02 : u.kind == Use::ExportedRep ? 0x04 : 0x03;
          c.type = *t;
          ref.index = b.canon(c);
          break;
        }
        case Use::ContextGet: case Use::ContextSet: {
          Canon c;
          c.opcode = u.kind == Use::ContextGet ? 0x0a : 0x0b;
          c.coreType = u.slotType;
          c.type = u.contextSlot; // slot 0 for wasm-ld's stack pointer
          ref.index = b.canon(c);
          break;
        }
        case Use::FromMain: ref = {unitRef[0], u.exportName}; break;
        case Use::FromShim: ref = {shimInstance, u.exportName}; break;
        case Use::FromAdapter: break; // always through the shim
        }
      }
      items.push_back({u.field, ref});
      for (const std::string &alias : u.aliases)
        items.push_back({alias, ref});
    }
    CoreInstance bag;
    bag.kind = 0x01;
    for (auto &[field, ref] : items)
      bag.exports.push_back({w.save(field), ref.sort, resolve(ref)});
    inst.args.push_back({w.save(mod), coresort::Instance, b.coreInstance(bag)});
  }
  unitRef[unit] = b.coreInstance(inst);
  if (unit == 0) {
    if (!cu.memory.empty() && !memory)
      memory = b.alias(coreAlias(unitRef[0], cu.memory, coresort::Memory));
    if (!cu.realloc.empty())
      realloc = coreFunc(unitRef[0], cu.realloc);
  }
  return llvm::Error::success();
}

llvm::Error Emitter::fixups() {
  if (p.shim.empty())
    return llvm::Error::success();
  std::vector<CoreRef> refs;
  for (const Plan::ShimEntry &e : p.shim) {
    if (e.use < 0) {
      const ExportSlot &s = p.exports[e.exportSlot];
      refs.push_back({unitRef[s.unit], s.dtors.lookup(e.resource)});
      continue;
    }
    const Use &u = p.uses[e.use];
    if (u.kind == Use::FromAdapter) {
      refs.push_back({unitRef[u.from], u.exportName});
      continue;
    }
    auto f = made(u);
    if (!f)
      return f.takeError();
    refs.push_back({*f, std::nullopt});
  }
  CoreInstance args;
  args.kind = 0x01;
  for (size_t i = 0; i < refs.size(); ++i) {
    args.exports.push_back({w.save(std::to_string(i)), coresort::Func, resolve(refs[i])});
    if (p.returnCallRef) {
      std::string g = "g" + std::to_string(i);
      args.exports.push_back(
          {w.save(g), coresort::Global, resolve({shimInstance, g, coresort::Global})});
    }
  }
  if (!p.returnCallRef)
    args.exports.push_back(
        {"$imports", coresort::Table,
         resolve({shimInstance, std::string("$imports"), coresort::Table})});
  uint32_t bag = b.coreInstance(args);
  CoreInstance fix;
  fix.module = fixupModule;
  fix.args.push_back({"", coresort::Instance, bag});
  b.coreInstance(fix);
  return llvm::Error::success();
}

void Emitter::initialize() {
  const CoreUnit &m = p.units[0];
  if (m.initialize.empty())
    return;
  // A start function runs `_initialize` once everything is wired.
  uint32_t mod = b.coreModule(initModule());
  CoreInstance bag;
  bag.kind = 0x01;
  bag.exports.push_back({"", coresort::Func, resolve({unitRef[0], m.initialize})});
  CoreInstance init;
  init.module = mod;
  init.args.push_back({"", coresort::Instance, b.coreInstance(bag)});
  b.coreInstance(init);
}

llvm::Error Emitter::lift() {
  for (size_t e = 0; e < p.exports.size(); ++e) {
    ExportSlot &s = p.exports[e];
    useExportTypes(e);
    const CoreUnit &cu = p.units[s.unit];
    // A lift allocates with the exporting module's `cabi_export_realloc`,
    // else its `cabi_realloc`, else (an adapter with neither) the main
    // module's; aliased when a lifted function first needs it.
    const std::string &ownRealloc = cu.exportRealloc.empty() ? cu.realloc : cu.exportRealloc;
    auto liftOne = [&](const wit::Function &f) -> llvm::Expected<uint32_t> {
      std::string fname = p.r.functionName(f);
      auto &[core, post] = s.core[fname];
      auto ty = w.funcType(f, env);
      if (!ty)
        return ty.takeError();
      std::string what = "core export `" + core + "` (" +
                         worldFunction(s.kind == ExportSlot::Function ? "" : s.name, fname) + ")";
      AbiNeeds needs = liftNeeds(p.r, f);
      std::optional<uint32_t> reallocRef = realloc;
      if (needs.realloc && !ownRealloc.empty())
        reallocRef = coreFunc(unitRef[s.unit], ownRealloc);
      auto opts = options(needs, cu.encoding, reallocRef, what);
      if (!opts)
        return opts.takeError();
      if (!post.empty())
        opts->push_back({0x05, coreFunc(unitRef[s.unit], post)});
      // The async ABI: the result goes back through `task.return`; a
      // callback unless the lift is stackful.
      if (auto a = s.asyncLifts.find(fname); a != s.asyncLifts.end()) {
        opts->push_back({0x06, 0});
        if (!a->second.empty())
          opts->push_back({0x07, coreFunc(unitRef[s.unit], a->second)});
      }
      Canon c;
      c.opcode = 0x00;
      c.func = resolve({unitRef[s.unit], core});
      c.opts = std::move(*opts);
      c.type = *ty;
      return b.canon(c);
    };
    if (s.kind == ExportSlot::Function) {
      auto f = liftOne(*s.func);
      if (!f)
        return f.takeError();
      b.exportItem(w.externName(s.name), {{sortkind::Func, 0}, *f});
      continue;
    }
    bool definesResources = false;
    for (auto &[n, t] : p.r[s.iface].types)
      definesResources |= p.r[t].kind == wit::TypeDef::Resource;
    std::vector<uint32_t> lifted;
    for (const wit::Function &f : p.r[s.iface].functions) {
      auto l = liftOne(f);
      if (!l)
        return l.takeError();
      lifted.push_back(*l);
    }
    if (definesResources) {
      auto exported = exportThroughComponent(e, lifted);
      if (!exported)
        return exported.takeError();
      aliasForLaterExports(e, *exported);
      continue;
    }
    Instance inst;
    inst.kind = 0x01;
    for (auto &[n, t] : p.r[s.iface].types) {
      auto i = typeIndex(exportedTypes[std::to_string(e) + "/" + n]);
      if (!i)
        return i.takeError();
      inst.exports.push_back({w.externName(n), {{sortkind::Type, 0}, *i}});
    }
    const auto &funcs = p.r[s.iface].functions;
    for (size_t i = 0; i < funcs.size(); ++i)
      inst.exports.push_back(
          {w.externName(p.r.functionName(funcs[i])), {{sortkind::Func, 0}, lifted[i]}});
    uint32_t instIdx = b.instance(inst);
    // Ascribed the interface's instance type, so that every type the
    // functions use has its name (and resources their identity) in the
    // export.
    auto ty = w.instanceType(s.iface, env, true);
    if (!ty)
      return ty.takeError();
    ExternDesc d;
    d.kind = 0x05;
    d.index = *ty;
    aliasForLaterExports(e, b.exportItem(exportName(s), {{sortkind::Instance, 0}, instIdx}, d));
  }
  return llvm::Error::success();
}

void Emitter::aliasForLaterExports(size_t e, uint32_t exported) {
  // A later export that uses this interface's types must name them as
  // this export's (aliased out of the exported instance), as wasm-tools
  // does: a reader then sees `use a.{r}` in it rather than a type of its
  // own that merely equals `a`'s.
  const ExportSlot &s = p.exports[e];
  llvm::DenseSet<uint32_t> used;
  for (size_t later = e + 1; later < p.exports.size(); ++later) {
    const ExportSlot &l = p.exports[later];
    auto addFunction = [&](const wit::Function &f) {
      for (auto &[n, t] : f.params)
        collectTypes(p.r, t, used);
      if (f.result)
        collectTypes(p.r, *f.result, used);
    };
    if (l.kind == ExportSlot::Function) {
      addFunction(*l.func);
      continue;
    }
    for (auto &[n, t] : p.r[l.iface].types)
      collectTypes(p.r, wit::TypeRef::of(t), used);
    for (const wit::Function &f : p.r[l.iface].functions)
      addFunction(f);
  }
  llvm::DenseSet<uint32_t> keep;
  for (auto &[n, t] : p.r[s.iface].types)
    if (used.contains(t.index))
      keep.insert(t.index);
  if (keep.empty())
    return;
  wit::InterfaceFilter filter;
  filter.types = &keep;
  w.aliasTypes(exported, s.iface, env, filter);
  // A later export's `use` of them (a type alias of its own) is now that
  // alias, not the copy exportedTypeDefs made.
  for (size_t later = e + 1; later < p.exports.size(); ++later) {
    const ExportSlot &l = p.exports[later];
    if (l.kind != ExportSlot::Interface)
      continue;
    for (auto &[n, t] : p.r[l.iface].types) {
      const wit::TypeDef &d = p.r[t];
      if (d.kind != wit::TypeDef::Alias || !d.a || d.a->prim != wit::TypeRef::Defined ||
          !keep.contains(d.a->id.index))
        continue;
      if (auto target = w.name(d.a->id, env))
        exportedTypes[std::to_string(later) + "/" + n] = *target;
      else
        llvm::consumeError(target.takeError()); // just bound above: cannot fail
    }
  }
}

llvm::Expected<uint32_t> Emitter::exportThroughComponent(size_t e,
                                                         const std::vector<uint32_t> &lifted) {
  // A resource the component defines cannot be exported inside an instance
  // built inline: the export's type would name a resource that has no name
  // of its own. Instead a nested component imports every type (and every
  // lifted function) its interface needs and exports them under their
  // interface names, so each resource is named by an export; the instance
  // it is instantiated to is what the component exports.
  const ExportSlot &s = p.exports[e];
  const wit::Interface &iface = p.r[s.iface];
  llvm::DenseSet<uint32_t> own, needed;
  for (auto &[n, t] : iface.types) {
    own.insert(t.index);
    collectTypes(p.r, wit::TypeRef::of(t), needed);
  }
  for (const wit::Function &f : iface.functions) {
    for (auto &[n, t] : f.params)
      collectTypes(p.r, t, needed);
    if (f.result)
      collectTypes(p.r, *f.result, needed);
  }
  // Types of other interfaces, named ones only (the others are written
  // structurally), each after those it uses.
  std::vector<uint32_t> foreign = dependencyOrder(p.r, needed, [&](uint32_t id) {
    return !own.contains(id) && !p.r[wit::TypeId{id}].name.empty();
  });

  // What the instantiation passes, as names of this component's scope.
  std::vector<std::pair<std::string, wit::TypeWriter::Name>> typeArgs;
  std::vector<std::pair<std::string, uint32_t>> funcArgs;
  binary::ComponentBuilder nested;
  w.push(nested);
  auto body = [&]() -> llvm::Error {
    wit::TypeWriter::Env inner;
    unsigned k = 0;
    auto importType = [&](wit::TypeId t, wit::TypeWriter::Name outer) -> llvm::Error {
      std::string name = "import-type-t" + std::to_string(k++);
      if (auto n = w.defineType(t, name, inner, wit::TypeWriter::Mode::Import); !n)
        return n.takeError();
      typeArgs.push_back({name, outer});
      return llvm::Error::success();
    };
    for (uint32_t id : foreign) {
      auto outer = w.name(wit::TypeId{id}, env);
      if (!outer)
        return outer.takeError();
      if (llvm::Error err = importType(wit::TypeId{id}, *outer))
        return err;
    }
    for (auto &[n, t] : iface.types)
      if (llvm::Error err = importType(t, exportedTypes[std::to_string(e) + "/" + n]))
        return err;
    std::vector<uint32_t> funcs;
    for (size_t i = 0; i < iface.functions.size(); ++i) {
      std::string name = "import-func-f" + std::to_string(i);
      auto ft = w.funcType(iface.functions[i], inner);
      if (!ft)
        return ft.takeError();
      funcs.push_back(nested.import(w.externName(name), funcDesc(*ft)));
      funcArgs.push_back({name, lifted[i]});
    }
    // Exported types are defined again in terms of the exports before
    // them (resources: the imported ones), as wasm-tools does: an export
    // that named an imported record or variant would refer, from outside,
    // to a type the outer component only defines, which it may not export.
    wit::TypeWriter::Env outward = inner;
    for (auto &[n, t] : iface.types) {
      wit::TypeWriter::Name src = inner[t.index];
      if (p.r[t].kind != wit::TypeDef::Resource) {
        auto d = w.defineType(t, "", outward, wit::TypeWriter::Mode::Local);
        if (!d)
          return d.takeError();
        src = *d;
      }
      auto i = w.index(src);
      if (!i)
        return i.takeError();
      outward[t.index] = w.bind(nested.exportItem(w.externName(n), {{sortkind::Type, 0}, *i}));
    }
    for (size_t i = 0; i < iface.functions.size(); ++i) {
      auto ft = w.funcType(iface.functions[i], outward);
      if (!ft)
        return ft.takeError();
      nested.exportItem(w.externName(p.r.functionName(iface.functions[i])),
                        {{sortkind::Func, 0}, funcs[i]}, funcDesc(*ft));
    }
    return llvm::Error::success();
  };
  llvm::Error err = body();
  w.pop();
  if (err)
    return std::move(err);
  uint32_t comp = b.component(nested.finish());
  Instance inst;
  inst.component = comp;
  for (auto &[name, t] : typeArgs) {
    auto i = w.index(t);
    if (!i)
      return i.takeError();
    inst.args.push_back({w.save(name), {{sortkind::Type, 0}, *i}});
  }
  for (auto &[name, f] : funcArgs)
    inst.args.push_back({w.save(name), {{sortkind::Func, 0}, f}});
  uint32_t instIdx = b.instance(inst);
  return b.exportItem(exportName(s), {{sortkind::Instance, 0}, instIdx});
}

llvm::Expected<std::vector<uint8_t>> Emitter::run() {
  w.push(b);
  unitRef.resize(p.units.size());
  if (llvm::Error err = imports())
    return err;
  modules_();
  if (llvm::Error err = exportedTypeDefs())
    return err;
  for (unsigned u = 0; u < p.units.size(); ++u)
    if (llvm::Error err = instantiate(u))
      return err;
  if (llvm::Error err = fixups())
    return err;
  initialize();
  if (llvm::Error err = lift())
    return err;
  b.processedBy("wcomp", "0.1.0");
  return b.finish();
}

} // namespace

llvm::Expected<std::vector<uint8_t>> emitComponent(Plan &p,
                                                   const std::vector<ModulePieces> &modules) {
  Emitter e(p, modules);
  return e.run();
}

} // namespace wcomp::adapt
