//===- validate/component_convert.cpp - Component type definitions --------===//
#include "binary/error.h"
#include "binary/limits.h"
#include "validate/component_checker.h"
#include "validate/component_names.h"

#include "llvm/ADT/StringMap.h"

namespace wcomp::validate::detail {

using namespace binary;

namespace {

/// Checks one list of labels: non-empty, kebab case, unique ignoring case.
llvm::Error checkLabels(llvm::ArrayRef<llvm::StringRef> labels, const char *what,
                        const char *whatPlural, uint64_t at) {
  llvm::StringMap<llvm::StringRef> seen;
  for (llvm::StringRef l : labels) {
    if (l.empty())
      return makeError(at, llvm::Twine(what) + " name cannot be empty");
    if (!isKebabLabel(l))
      return makeError(at, llvm::Twine(what) + " name `" + l + "` is not in kebab case");
    auto [it, inserted] = seen.try_emplace(l.lower(), l);
    if (!inserted)
      return makeError(at, llvm::Twine(what) + " name `" + l + "` conflicts with previous " +
                               whatPlural + " name `" + it->second + "`");
  }
  return llvm::Error::success();
}

/// A core function signature as a core extern type; concrete heap types
/// cannot be compared across modules here, so they make it opaque.
CoreExtern coreFunc(const CompositeType &c) {
  CoreExtern e;
  e.kind = extkind::Func;
  e.params = c.params;
  e.results = c.results;
  for (const ValType &t : c.params)
    e.opaque |= t.isRef() && t.heapType().kind == HeapType::Index;
  for (const ValType &t : c.results)
    e.opaque |= t.isRef() && t.heapType().kind == HeapType::Index;
  return e;
}

/// The limits of a memory or table a module type declares (module types
/// have no validator of their own).
llvm::Error checkDeclaredLimits(const CoreExtern &x, uint64_t at) {
  if (x.kind != extkind::Memory && x.kind != extkind::Table)
    return llvm::Error::success();
  const Limits &l = x.kind == extkind::Memory ? x.memory : x.table.limits;
  if (x.kind == extkind::Memory) {
    uint32_t pageLog2 = l.hasPageSize() ? l.pageSizeLog2 : 16;
    uint64_t maxPages = l.is64() ? (pageLog2 == 0 ? ~uint64_t(0) : uint64_t(1) << (64 - pageLog2))
                                 : uint64_t(1) << (32 - std::min(pageLog2, 32u));
    if (l.min > maxPages || (l.hasMax() && l.max > maxPages))
      return makeError(at, l.is64() ? "memory size must be at most 2**48 pages"
                                    : "memory size must be at most 65536 pages (4GiB)");
  }
  if (l.hasMax() && l.min > l.max)
    return makeError(at, "size minimum must not be greater than maximum");
  return llvm::Error::success();
}

CoreExtern opaqueFunc() {
  CoreExtern e;
  e.opaque = true;
  return e;
}

} // namespace

llvm::Expected<CTypeId> Checker::typeOfKind(uint64_t idx, CTypeNode::Kind kind, const char *what,
                                            uint64_t at) const {
  WCOMP_CHECK(in(SpType, idx, at));
  CTypeId t = cur().types[idx];
  if (t == NoType || types[t].kind != kind)
    return makeError(at, "type index " + llvm::Twine(idx) + " is not " + what);
  return t;
}

llvm::Expected<CVal> Checker::val(const CValType &t, uint64_t at) {
  if (t.primitive) {
    if (t.code == dvt::ErrorContext)
      WCOMP_CHECK(need(Feature::CmErrorContext, "`error-context` requires the component model error-context feature", at));
    return CVal::primitive(t.code);
  }
  WCOMP_CHECK(in(SpType, t.index, at));
  CTypeId id = cur().types[t.index];
  if (id == NoType || types[id].kind != CTypeNode::Defined)
    return makeError(at, "type index " + llvm::Twine(t.index) + " is not a defined type");
  // `(type $t u64)` is u64 itself; the tag only remembers the name it was
  // reached by (WIT's `type instant = u64`), never part of its identity.
  uint8_t code = types[id].code;
  if (!primValTypeName(code).empty())
    return CVal{code, NoType, cur().typeNames[t.index]};
  // Every defined type keeps the tag of the index it was reached by, so
  // that WIT decoding sees `type t = own<r>` or `type r = result<u8>` named
  // where a function uses them (the tag is never part of type identity).
  return CVal::defined(id, cur().typeNames[t.index]);
}

llvm::Expected<CTypeId> Checker::definedType(const DefinedType &d, uint64_t at) {
  CTypeNode n;
  n.kind = CTypeNode::Defined;
  n.code = d.kind;
  if (d.kind == dvt::Stream || d.kind == dvt::Future)
    WCOMP_CHECK(need(Feature::CmAsync,
                     llvm::Twine(d.kind == dvt::Stream ? "`stream`" : "`future`") +
                         " requires the component model async feature",
                     at));
  else if (d.kind == dvt::Map)
    WCOMP_CHECK(need(Feature::CmMap, "Maps require the component model map feature", at));
  else if (d.kind == dvt::FixedList)
    WCOMP_CHECK(need(Feature::CmFixedLengthLists, "Fixed-length lists require the component model fixed-length lists feature", at));
  else if (d.kind == dvt::ErrorContext)
    WCOMP_CHECK(need(Feature::CmErrorContext, "`error-context` requires the component model error-context feature", at));
  llvm::SmallVector<llvm::StringRef, 8> labels;
  switch (d.kind) {
  case dvt::Record:
    if (d.fields.empty())
      return makeError(at, "record type must have at least one field");
    for (const LabeledType &f : d.fields)
      labels.push_back(f.label);
    WCOMP_CHECK(checkLabels(labels, "record field", "field", at));
    break;
  case dvt::Variant:
    if (d.cases.empty())
      return makeError(at, "variant type must have at least one case");
    for (const VariantCase &c : d.cases)
      labels.push_back(c.label);
    WCOMP_CHECK(checkLabels(labels, "variant case", "case", at));
    break;
  case dvt::Tuple:
    if (d.types.empty())
      return makeError(at, "tuple type must have at least one type");
    break;
  case dvt::Flags:
    if (d.labels.empty())
      return makeError(at, "flags must have at least one entry");
    if (d.labels.size() > 32)
      return makeError(at, "cannot have more than 32 flags");
    WCOMP_CHECK(checkLabels(d.labels, "flag", "flag", at));
    break;
  case dvt::Enum:
    if (d.labels.empty())
      return makeError(at, "enum type must have at least one variant");
    WCOMP_CHECK(checkLabels(d.labels, "enum tag", "tag", at));
    break;
  default:
    break;
  }
  for (const LabeledType &f : d.fields) {
    CVal v;
    WCOMP_ASSIGN(v, val(f.type, at));
    n.named.push_back({f.label.str(), v});
  }
  for (const VariantCase &c : d.cases) {
    std::optional<CVal> v;
    if (c.type) {
      CVal x;
      WCOMP_ASSIGN(x, val(*c.type, at));
      v = x;
    }
    n.cases.push_back({c.label.str(), v});
  }
  for (const CValType &x : d.types) {
    CVal v;
    WCOMP_ASSIGN(v, val(x, at));
    n.vals.push_back(v);
  }
  for (llvm::StringRef l : d.labels)
    n.labels.push_back(l.str());
  if (d.first) {
    CVal v;
    WCOMP_ASSIGN(v, val(*d.first, at));
    n.a = v;
  }
  if (d.second) {
    CVal v;
    WCOMP_ASSIGN(v, val(*d.second, at));
    n.b = v;
  }
  if (d.kind == dvt::Own || d.kind == dvt::Borrow) {
    WCOMP_CHECK(in(SpType, d.index, at));
    CTypeId r = cur().types[d.index];
    if (r == NoType || types[r].kind != CTypeNode::Resource)
      return makeError(at, "type index " + llvm::Twine(d.index) + " is not a resource type");
    n.resource = r;
    n.resourceName = cur().typeNames[d.index];
  }
  if (d.kind == dvt::FixedList)
    n.length = d.index;
  // Reserved: a stream of chars may one day mean a text stream.
  if (d.kind == dvt::Stream && n.a && n.a->prim == primtype::Char)
    return makeError(at, "`stream<char>` is not valid at this time");
  // Map keys are bool, integers, char and string (compared and hashed by
  // value in every language).
  if (d.kind == dvt::Map && n.a &&
      !((n.a->prim >= primtype::U64 && n.a->prim <= primtype::Bool) ||
        n.a->prim == primtype::Char || n.a->prim == primtype::String))
    return makeError(at, "invalid map key type");
  // A borrow cannot outlive the call that lends it; a stream or future does.
  if ((d.kind == dvt::Stream || d.kind == dvt::Future) && n.a && containsBorrow(*n.a))
    return makeError(at, llvm::Twine(d.kind == dvt::Stream ? "`stream`" : "`future`") +
                             " payload cannot contain a `borrow` type");
  WCOMP_CHECK(layout(n, at));
  return types.intern(std::move(n));
}

llvm::Expected<CTypeId> Checker::funcType(const FuncType &f, uint64_t at) {
  if (f.async)
    WCOMP_CHECK(need(Feature::CmAsync, "async component functions require the component model async feature", at));
  CTypeNode n;
  n.kind = CTypeNode::Func;
  n.async = f.async;
  llvm::SmallVector<llvm::StringRef, 8> names;
  for (const LabeledType &p : f.params)
    names.push_back(p.label);
  WCOMP_CHECK(checkLabels(names, "function parameter", "parameter", at));
  for (const LabeledType &p : f.params) {
    CVal v;
    WCOMP_ASSIGN(v, val(p.type, at));
    n.named.push_back({p.label.str(), v});
  }
  if (f.result) {
    CVal v;
    WCOMP_ASSIGN(v, val(*f.result, at));
    if (containsBorrow(v))
      return makeError(at, "function result cannot contain a `borrow` type");
    n.a = v;
  }
  return types.intern(std::move(n));
}

llvm::Expected<CTypeId> Checker::typeDef(const TypeDef &t, uint64_t at) {
  CTypeId id;
  WCOMP_ASSIGN(id, typeDefUnchecked(t, at));
  return checkDepth(id, at);
}

llvm::Expected<CTypeId> Checker::checkDepth(CTypeId id, uint64_t at) const {
  // The type walks (subtyping, flattening, substitution) recurse on depth.
  if (types[id].depth > limits::ComponentTypeDepth)
    return makeError(at, "type nesting is too deep: more than " +
                             llvm::Twine(limits::ComponentTypeDepth) + " levels");
  // Types are shared here, but a consumer that copies them (bindings, a
  // runtime's type tables) pays for the unshared size: wasm-tools bounds it.
  if (types[id].size >= limits::ComponentTypeSize)
    return makeError(at, "effective type size exceeds the limit of " +
                             llvm::Twine(limits::ComponentTypeSize));
  return id;
}

llvm::Expected<CTypeId> Checker::typeDefUnchecked(const TypeDef &t, uint64_t at) {
  if (t.isFunc())
    return funcType(t.func, at);
  if (t.isResource()) {
    if (cur().kind != Scope::Component)
      return makeError(at, "resources can only be defined within a concrete component");
    if (t.resource.dtor) {
      CoreExtern f;
      WCOMP_ASSIGN(f, coreItem(coresort::Func, *t.resource.dtor, at));
      ValType i32 = ValType::num(typecode::I32);
      if (!f.opaque && (f.params != std::vector<ValType>{i32} || !f.results.empty()))
        return makeError(at, "wrong signature for a destructor");
    }
    CTypeNode n;
    n.kind = CTypeNode::Resource;
    CTypeId id = types.add(std::move(n));
    cur().localResources.push_back(id);
    cur().definedResources.push_back(id);
    return id;
  }
  if (t.kind == typekind::Component || t.kind == typekind::Instance)
    return declaredType(t, at);
  return definedType(t.defined, at);
}

llvm::Expected<CTypeId> Checker::declaredType(const TypeDef &t, uint64_t at) {
  // Component and instance types: a scope of their own.
  stack.emplace_back();
  cur().kind = t.kind == typekind::Component ? Scope::ComponentType : Scope::InstanceType;
  for (const TypeDecl &d : t.decls)
    if (llvm::Error e = decl(d, at)) {
      stack.pop_back();
      return e;
    }
  CTypeNode n;
  n.kind = t.kind == typekind::Component ? CTypeNode::Component : CTypeNode::Instance;
  n.imports = std::move(cur().imports);
  n.exports = std::move(cur().exports);
  n.importImplements = std::move(cur().importImplements);
  n.exportImplements = std::move(cur().exportImplements);
  n.importExternalIds = std::move(cur().importExternalIds);
  n.exportExternalIds = std::move(cur().exportExternalIds);
  n.importedResources = std::move(cur().importedResources);
  n.definedResources = std::move(cur().definedResources);
  stack.pop_back();
  return types.add(std::move(n));
}

llvm::Error Checker::decl(const TypeDecl &d, uint64_t at) {
  switch (d.kind) {
  case declkind::CoreType: {
    return coreType(*d.coreType, at, cur().coreTypes);
  }
  case declkind::Type: {
    if (d.type->isResource())
      return makeError(at, "resources can only be defined within a concrete component");
    CTypeId t;
    WCOMP_ASSIGN(t, typeDef(*d.type, at));
    pushType(t, 0);
    return llvm::Error::success();
  }
  case declkind::Alias: {
    // Declarations describe types: they alias only types and instances
    // (and, outer, core types).
    Space s = spaceOf(d.alias.sort);
    bool ok = d.alias.target == aliastarget::Outer ? (s == SpType || s == SpCoreType)
              : d.alias.target == aliastarget::Export ? (s == SpType || s == SpInstance)
                                                      : false;
    if (!ok)
      return makeError(at, "aliases in component and instance types may only refer to types "
                           "or instances (outer aliases: types and core types)");
    return alias(d.alias, at);
  }
  case declkind::Import:
  case declkind::Export: {
    bool isImport = d.kind == declkind::Import;
    if (isImport && cur().kind == Scope::InstanceType)
      return makeError(at, "instance types cannot contain imports");
    CExtern e;
    WCOMP_ASSIGN(e, externDesc(d.desc, at, isImport));
    if (e.kind == externkind::Instance) {
      // Each instance declared gets its own abstract resources, which the
      // enclosing type declares in turn.
      e = freshen(e);
      for (CTypeId r : types[e.type].definedResources)
        (isImport ? cur().importedResources : cur().definedResources).push_back(r);
    }
    WCOMP_CHECK(externItem(d.name.name, e, isImport, at));
    (isImport ? cur().imports : cur().exports).push_back({d.name.name.str(), e});
    noteImplements(d.name, isImport);
    return addItem(e, at);
  }
  }
  return makeError(at, "invalid type declaration");
}

llvm::Expected<CExtern> Checker::externDesc(const ExternDesc &d, uint64_t at, bool isImport) {
  CExtern e;
  e.kind = d.kind;
  switch (d.kind) {
  case externkind::CoreModule: {
    WCOMP_CHECK(in(SpCoreType, d.index, at));
    const CoreTypeEntry &c = cur().coreTypes[d.index];
    if (!c.isModule)
      return makeError(at, "core type index " + llvm::Twine(d.index) + " is not a module type");
    e.type = c.module;
    return e;
  }
  case externkind::Func:
    WCOMP_ASSIGN(e.type, typeOfKind(d.index, CTypeNode::Func, "a function type", at));
    return e;
  case externkind::Value:
    WCOMP_CHECK(need(Feature::CmValues, "support for component model `value`s is not enabled", at));
    if (d.bound == typebound::Eq) {
      WCOMP_CHECK(in(SpValue, d.index, at));
      e.val = cur().values[d.index];
    } else {
      WCOMP_ASSIGN(e.val, val(d.valtype, at));
    }
    return e;
  case externkind::Type:
    // Importing or exporting a type creates an index with a name of its own.
    e.name = freshName();
    if (d.bound == typebound::Eq) {
      WCOMP_CHECK(in(SpType, d.index, at));
      e.type = cur().types[d.index];
      e.eqOf = cur().typeNames[d.index];
    } else {
      // `(sub resource)`: a new abstract resource.
      CTypeNode n;
      n.kind = CTypeNode::Resource;
      e.type = types.add(std::move(n));
      (isImport ? cur().importedResources : cur().definedResources).push_back(e.type);
    }
    return e;
  case externkind::Component:
    WCOMP_ASSIGN(e.type, typeOfKind(d.index, CTypeNode::Component, "a component type", at));
    return e;
  case externkind::Instance:
    WCOMP_ASSIGN(e.type, typeOfKind(d.index, CTypeNode::Instance, "an instance type", at));
    return e;
  }
  return makeError(at, "invalid extern kind");
}

llvm::Error Checker::coreValTypes(const RecGroup &g, uint64_t limit, uint64_t at) {
  // The value types of core types defined in a component: the features they
  // need and the type indices they name (up to the end of their rec group).
  auto check = [&](const ValType &v) -> llvm::Error {
    HeapType h = v.heapType();
    if (v.isRef() && !v.isPacked() && h.kind == HeapType::Index && h.value >= limit)
      return makeError(at, "unknown type " + llvm::Twine(h.value) + ": type index out of bounds");
    if (v.code == typecode::V128)
      WCOMP_CHECK(need(Feature::Simd, "SIMD support is not enabled", at));
    if (v.isRef() && !v.isPacked())
      WCOMP_CHECK(need(Feature::ReferenceTypes, "reference types support is not enabled", at));
    return llvm::Error::success();
  };
  for (const SubType &st : g.types) {
    for (const ValType &v : st.composite.params)
      WCOMP_CHECK(check(v));
    for (const ValType &v : st.composite.results)
      WCOMP_CHECK(check(v));
    for (const FieldType &f : st.composite.fields)
      WCOMP_CHECK(check(f.storage));
  }
  return llvm::Error::success();
}

llvm::Error Checker::coreType(const CoreTypeDef &t, uint64_t at, std::vector<CoreTypeEntry> &out) {
  CoreTypeEntry e;
  if (!t.isModule) {
    WCOMP_CHECK(coreValTypes(t.rec, out.size() + t.rec.types.size(), at));
    // Every type of a rec group takes an index.
    for (const SubType &st : t.rec.types) {
      CoreTypeEntry te;
      te.func = st.composite.kind == typecode::FuncType ? coreFunc(st.composite) : opaqueFunc();
      te.sub = &st;
      out.push_back(te);
    }
    return llvm::Error::success();
  }
  // A module type: its own core type space.
  e.isModule = true;
  std::vector<CoreExtern> local;
  CTypeNode n;
  n.kind = CTypeNode::Module;
  auto func = [&](uint32_t ti) -> llvm::Expected<CoreExtern> {
    if (ti >= local.size())
      return makeError(at, "type index out of bounds");
    return local[ti];
  };
  for (const ModuleTypeDecl &d : t.decls) {
    switch (d.kind) {
    case moduledecl::Type:
      WCOMP_CHECK(coreValTypes(d.type->rec, local.size() + d.type->rec.types.size(), at));
      for (const SubType &st : d.type->rec.types)
        local.push_back(st.composite.kind == typecode::FuncType ? coreFunc(st.composite)
                                                                 : opaqueFunc());
      break;
    case moduledecl::Alias: {
      // An outer alias of a core type of an enclosing scope.
      if (d.aliasCount == 0 || d.aliasCount > stack.size())
        return makeError(at, "invalid outer alias count of " + llvm::Twine(d.aliasCount));
      const Scope &outer = stack[stack.size() - d.aliasCount];
      if (d.aliasIndex >= outer.coreTypes.size())
        return makeError(at, "type index out of bounds");
      local.push_back(outer.coreTypes[d.aliasIndex].isModule ? opaqueFunc()
                                                             : outer.coreTypes[d.aliasIndex].func);
      break;
    }
    default: {
      const Import &imp = d.import;
      CoreExtern x;
      x.kind = imp.kind == extkind::ExactFunc ? extkind::Func : imp.kind;
      if (x.kind == extkind::Func)
        WCOMP_ASSIGN(x, func(imp.index));
      else if (x.kind == extkind::Tag) {
        WCOMP_ASSIGN(x, func(imp.tag.typeIndex));
        x.kind = extkind::Tag;
      } else {
        x.table = imp.table;
        x.memory = imp.memory;
        x.global = imp.global;
      }
      WCOMP_CHECK(checkDeclaredLimits(x, at));
      if (d.kind == moduledecl::Import) {
        for (const auto &[prior, px] : n.coreImports)
          if (prior.first == imp.module && prior.second == imp.name)
            return makeError(at, "duplicate import name `" + imp.module + ":" + imp.name + "`");
        n.coreImports.push_back({{imp.module.str(), imp.name.str()}, x});
      } else {
        for (const auto &[prior, px] : n.coreExports)
          if (prior == imp.name)
            return makeError(at, "export name `" + imp.name + "` already defined");
        n.coreExports.push_back({imp.name.str(), x});
      }
    }
    }
  }
  e.module = types.add(std::move(n));
  out.push_back(e);
  return llvm::Error::success();
}

CTypeId Checker::moduleType(const Module &m) {
  CTypeNode n;
  n.kind = CTypeNode::Module;
  std::vector<const SubType *> all;
  for (const RecGroup &g : m.types)
    for (const SubType &st : g.types)
      all.push_back(&st);
  auto sig = [&](uint32_t ti) {
    return ti < all.size() && all[ti]->composite.kind == typecode::FuncType
               ? coreFunc(all[ti]->composite)
               : opaqueFunc();
  };
  std::vector<CoreExtern> items[5];
  for (const Import &imp : m.imports) {
    CoreExtern x;
    uint8_t k = imp.kind == extkind::ExactFunc ? extkind::Func : imp.kind;
    if (k == extkind::Func) {
      x = sig(imp.index);
    } else if (k == extkind::Tag) {
      x = sig(imp.tag.typeIndex);
      x.kind = extkind::Tag;
    } else {
      x.kind = k;
      x.table = imp.table;
      x.memory = imp.memory;
      x.global = imp.global;
    }
    if (k < 5)
      items[k].push_back(x);
    n.coreImports.push_back({{imp.module.str(), imp.name.str()}, x});
  }
  // Defined functions are typed when exported (a large module defines tens
  // of thousands and exports a few): `funcTypes` keeps the indices.
  size_t importedFuncs = items[extkind::Func].size();
  for (const Table &t : m.tables) {
    CoreExtern x;
    x.kind = extkind::Table;
    x.table = t.type;
    items[extkind::Table].push_back(x);
  }
  for (const Limits &l : m.memories) {
    CoreExtern x;
    x.kind = extkind::Memory;
    x.memory = l;
    items[extkind::Memory].push_back(x);
  }
  for (const Global &g : m.globals) {
    CoreExtern x;
    x.kind = extkind::Global;
    x.global = g.type;
    items[extkind::Global].push_back(x);
  }
  for (const TagType &t : m.tags) {
    CoreExtern x = sig(t.typeIndex);
    x.kind = extkind::Tag;
    items[extkind::Tag].push_back(x);
  }
  for (const Export &x : m.exports) {
    uint8_t k = x.kind == extkind::ExactFunc ? extkind::Func : x.kind;
    if (k == extkind::Func && x.index >= importedFuncs) {
      if (x.index - importedFuncs < m.functions.size())
        n.coreExports.push_back({x.name.str(), sig(m.functions[x.index - importedFuncs])});
    } else if (k < 5 && x.index < items[k].size()) {
      n.coreExports.push_back({x.name.str(), items[k][x.index]});
    }
  }
  return types.add(std::move(n));
}

} // namespace wcomp::validate::detail
