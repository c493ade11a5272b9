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
#include "adapt/emitter.h"

namespace wcomp::adapt {

namespace emit_detail {

llvm::Expected<std::vector<CanonOpt>> Emitter::options(const AbiNeeds &n, StringEncoding enc,
                                                       std::optional<uint32_t> reallocRef,
                                                       const std::string &what) {
  std::vector<CanonOpt> o;
  if (n.memory) {
    if (!memory)
      return fail(what + ": module does not export a memory named `memory`");
    o.push_back({canonopt::Memory, *memory});
  }
  if (n.realloc) {
    if (!reallocRef)
      return fail(what + ": module does not export a function named `cabi_realloc`");
    o.push_back({canonopt::Realloc, *reallocRef});
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
    f = named({sortkind::Func, 0}, b.alias(a), fname);
  }
  std::string what = "core import `" + u.module + "` `" + u.field + "` (" +
                     worldFunction(s.kind == ImportSlot::Function ? "" : s.name, fname) + ")";
  auto opts = options(needs, cu.encoding, reallocRef, what);
  if (!opts)
    return opts.takeError();
  if (u.async)
    opts->push_back({canonopt::Async, 0});
  Canon c;
  c.opcode = canonop::Lower;
  c.func = f;
  c.opts = std::move(*opts);
  return b.canon(c);
}

llvm::Expected<uint32_t> Emitter::made(const Use &u) {
  // Named for the core import it is made for, as wasm-tools names them.
  auto f = makeFor(u);
  if (f)
    named(coreSort(coresort::Func), *f, "indirect-" + u.module + "-" + u.field);
  return f;
}

llvm::Expected<uint32_t> Emitter::makeFor(const Use &u) {
  if (u.kind == Use::Lower)
    return lower(u);
  Canon c;
  if (u.kind == Use::Builtin && u.builtin == canonop::ThreadNewIndirect) {
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
    c.opcode = canonop::ThreadNewIndirect;
    c.type = b.coreType(start);
    c.table = b.alias(coreAlias(unitRef[0], "__indirect_function_table", coresort::Table));
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
    if (u.builtin == canonop::ErrorContextNew || u.builtin == canonop::ErrorContextDebugMessage) {
      c.opts.push_back({canonopt::Memory, *memory});
      if (u.builtin == canonop::ErrorContextDebugMessage) {
        if (!realloc)
          return fail("core import `" + u.module + "` `" + u.field +
                      "`: module does not export a function named `cabi_realloc`");
        c.opts.push_back({canonopt::Realloc, *realloc});
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
      bool read = u.builtin == canonop::StreamRead || u.builtin == canonop::FutureRead;
      std::optional<wit::TypeRef> payload;
      if (u.payload.valid())
        payload = p.r[u.payload].a;
      auto opts = options(payloadNeeds(p.r, payload, read), p.units[u.unit].encoding,
                          realloc, "core import `" + u.module + "` `" + u.field + "`");
      if (!opts)
        return opts.takeError();
      c.opts = std::move(*opts);
      if (u.async)
        c.opts.push_back({canonopt::Async, 0});
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
  c.opcode = canonop::TaskReturn;
  if (u.func->result) {
    auto t = w.val(*u.func->result, env);
    if (!t)
      return t.takeError();
    c.results.resultForm = binary::resultform::Single;
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
      auto i = w.importInterface(s.name, s.iface, env, true, s.implements, keep, aliasOut,
                                 s.externalId);
      if (!i)
        return i.takeError();
      s.ref = named({sortkind::Instance, 0}, *i, s.name);
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
      s.ref = named({sortkind::Func, 0},
                    b.import(w.externName(s.name, {}, s.externalId), funcDesc(*ft)), s.name);
      break;
    }
    }
  }
  return llvm::Error::success();
}

void Emitter::modules_() {
  for (size_t i = 0; i < modules.size(); ++i)
    named(coreSort(coresort::Module), b.coreModule(modules[i].pieces),
          i == 0 ? "main" : p.units[i].name);
  const std::optional<binary::Import> &imported = p.units[0].importedMemory;
  if (p.shim.empty() && !imported && !p.tlsBaseGlobal)
    return;
  std::vector<binary::CompositeType> types;
  std::vector<std::string> &names = shimNames;
  for (const Plan::ShimEntry &e : p.shim) {
    types.push_back(shimType(e));
    names.push_back(e.use >= 0 ? "indirect-" + p.uses[e.use].module + "-" + p.uses[e.use].field
                               : "dtor-" + p.exports[e.exportSlot].name + "-" + e.resource);
  }
  shimModule = named(coreSort(coresort::Module),
                     b.coreModule(adapt::shimModule(
                         types, imported ? &imported->memory : nullptr,
                         p.tlsBaseGlobal ? &*p.tlsBaseGlobal : nullptr, p.returnCallRef,
                         p.debugNames ? &names : nullptr)),
                     "shim");
  if (!p.shim.empty())
    fixupModule = named(coreSort(coresort::Module),
                        b.coreModule(adapt::fixupModule(types, p.returnCallRef, p.debugNames)),
                        "fixup");
  CoreInstance ci;
  ci.module = shimModule;
  shimInstance = named(coreSort(coresort::Instance), b.coreInstance(ci), "shim");
  // A memory the main module imports is the shim's, there before any
  // module is instantiated.
  if (imported)
    memory = named(coreSort(coresort::Memory),
                   b.alias(coreAlias(shimInstance, "memory", coresort::Memory)), "memory");
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
    envBag.kind = instancekind::FromExports;
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
          c.opcode = canonop::ResourceDrop;
          c.type = t;
          ref.index = b.canon(c);
          break;
        }
        case Use::ExportedNew: case Use::ExportedRep: case Use::ExportedDrop: {
          auto t = typeIndex(exportedTypes[std::to_string(u.slot) + "/" + u.resource]);
          if (!t)
            return t.takeError();
          Canon c;
          c.opcode = u.kind == Use::ExportedNew   ? canonop::ResourceNew
                     : u.kind == Use::ExportedRep ? canonop::ResourceRep
                                                  : canonop::ResourceDrop;
          c.type = *t;
          ref.index = b.canon(c);
          break;
        }
        case Use::ContextGet: case Use::ContextSet: {
          Canon c;
          c.opcode = u.kind == Use::ContextGet ? canonop::ContextGet : canonop::ContextSet;
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
    bag.kind = instancekind::FromExports;
    for (auto &[field, ref] : items)
      bag.exports.push_back({w.save(field), ref.sort, resolve(ref)});
    inst.args.push_back(
        {w.save(mod), coresort::Instance, named(coreSort(coresort::Instance), b.coreInstance(bag), mod)});
  }
  unitRef[unit] =
      named(coreSort(coresort::Instance), b.coreInstance(inst), unit == 0 ? "main" : cu.name);
  if (unit == 0) {
    if (!cu.memory.empty() && !memory)
      memory = named(coreSort(coresort::Memory),
                     b.alias(coreAlias(unitRef[0], cu.memory, coresort::Memory)), "memory");
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
  args.kind = instancekind::FromExports;
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
  uint32_t bag = named(coreSort(coresort::Instance), b.coreInstance(args), "fixup-args");
  CoreInstance fix;
  fix.module = fixupModule;
  fix.args.push_back({"", coresort::Instance, bag});
  named(coreSort(coresort::Instance), b.coreInstance(fix), "fixup");
  return llvm::Error::success();
}

void Emitter::initialize() {
  const CoreUnit &m = p.units[0];
  if (m.initialize.empty())
    return;
  // A start function runs `_initialize` once everything is wired.
  uint32_t mod = named(coreSort(coresort::Module), b.coreModule(initModule(p.debugNames)), "init");
  CoreInstance bag;
  bag.kind = instancekind::FromExports;
  bag.exports.push_back({"", coresort::Func, resolve({unitRef[0], m.initialize})});
  CoreInstance init;
  init.module = mod;
  init.args.push_back(
      {"", coresort::Instance, named(coreSort(coresort::Instance), b.coreInstance(bag), "init-args")});
  named(coreSort(coresort::Instance), b.coreInstance(init), "init");
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
  if (p.processedBy)
    b.processedBy("wcomp", "0.1.0");
  return b.finish();
}

} // namespace emit_detail

llvm::Expected<std::vector<uint8_t>> emitComponent(Plan &p,
                                                   const std::vector<ModulePieces> &modules) {
  emit_detail::Emitter e(p, modules);
  return e.run();
}

} // namespace wcomp::adapt
