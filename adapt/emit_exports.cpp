//===- adapt/emit_exports.cpp - A component plan: exports -----------------===//
//
// The exports' side of the Emitter: types of exported interfaces, lifted
// functions, interfaces exported as instances (ascribed their instance
// type) or through a nested component (when they define resources), and
// the aliases later exports take types through.
//
//===----------------------------------------------------------------------===//
#include "adapt/emitter.h"

namespace wcomp::adapt::emit_detail {

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
        opts->push_back({canonopt::PostReturn, coreFunc(unitRef[s.unit], post)});
      // The async ABI: the result goes back through `task.return`; a
      // callback unless the lift is stackful.
      if (auto a = s.asyncLifts.find(fname); a != s.asyncLifts.end()) {
        opts->push_back({canonopt::Async, 0});
        if (!a->second.empty())
          opts->push_back({canonopt::Callback, coreFunc(unitRef[s.unit], a->second)});
      }
      Canon c;
      c.opcode = canonop::Lift;
      c.func = resolve({unitRef[s.unit], core});
      c.opts = std::move(*opts);
      c.type = *ty;
      return named({sortkind::Func, 0}, b.canon(c), fname);
    };
    if (s.kind == ExportSlot::Function) {
      auto f = liftOne(*s.func);
      if (!f)
        return f.takeError();
      named({sortkind::Func, 0},
            b.exportItem(w.externName(s.name, {}, s.externalId), {{sortkind::Func, 0}, *f}),
            s.name);
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
    inst.kind = instancekind::FromExports;
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
    d.kind = externkind::Instance;
    d.index = *ty;
    named({sortkind::Instance, 0}, instIdx, s.name + "-instance");
    aliasForLaterExports(e, named({sortkind::Instance, 0},
                                  b.exportItem(exportName(s), {{sortkind::Instance, 0}, instIdx}, d),
                                  s.name));
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
    return err;
  uint32_t comp = named({sortkind::Component, 0}, b.component(nested.finish()),
                        s.name + "-shim-component");
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
  uint32_t instIdx = named({sortkind::Instance, 0}, b.instance(inst), s.name + "-shim-instance");
  return named({sortkind::Instance, 0},
               b.exportItem(exportName(s), {{sortkind::Instance, 0}, instIdx}), s.name);
}

} // namespace wcomp::adapt::emit_detail
