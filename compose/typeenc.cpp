//===- compose/typeenc.cpp - Component types back to binary ---------------===//
#include "compose/typeenc.h"
#include "compose/graph.h"

#include "binary/parser.h"

#include "llvm/ADT/DenseSet.h"

#include <algorithm>

namespace wcomp::compose {

using namespace binary;
using validate::CExtern;
using validate::CTypeId;
using validate::CTypeNode;
using validate::CVal;
using validate::NameTag;

namespace {

llvm::Error fail(llvm::StringRef what, const llvm::Twine &msg) {
  return llvm::make_error<EncodeError>(EncodeError::UnwritableType, what.str(), msg.str());
}

/// A defined type whose code is a primitive value type (`(type u32)`).
bool isPrimitive(const CTypeNode &n) { return n.kind == CTypeNode::Defined && n.code >= 0x73; }

} // namespace

TypeEncoder::TypeEncoder(const validate::CTypes &types, binary::DeclSink &out,
                         llvm::StringSaver &saver, TagHook hook)
    : types(types), out(out), saver(saver), hook(std::move(hook)) {
  scopes.emplace_back();
}

uint32_t TypeEncoder::add(TypeDef t) {
  Scope &s = scopes.back();
  if (s.decls) {
    TypeDecl d;
    d.kind = 0x01;
    d.type = std::make_unique<TypeDef>(std::move(t));
    s.decls->push_back(std::move(d));
    return count()++;
  }
  return out.type(std::move(t));
}

uint32_t TypeEncoder::aliasOuter(unsigned depth, uint32_t index) {
  TypeDecl d;
  d.kind = 0x02;
  d.alias.sort.kind = sortkind::Type;
  d.alias.target = aliastarget::Outer;
  d.alias.instance = depth;
  d.alias.index = index;
  scopes.back().decls->push_back(std::move(d));
  return count()++;
}

llvm::Expected<std::optional<uint32_t>> TypeEncoder::findTag(NameTag tag) {
  size_t inner = scopes.size() - 1;
  for (size_t i = scopes.size(); i-- > 0;) {
    std::optional<uint32_t> idx;
    if (auto it = scopes[i].tags.find(tag); it != scopes[i].tags.end()) {
      idx = it->second;
    } else if (auto ex = scopes[i].exported.find(tag); ex != scopes[i].exported.end()) {
      idx = aliasExport(scopes[i], ex->second.first, ex->second.second);
      scopes[i].tags[tag] = *idx;
    } else if (i == 0) {
      // The hook may encode another import of the component (its type at
      // the top level): it runs with the nested scopes set aside, so that
      // what it defines lands at the top, before the type being built.
      // It also names its own import in messages: `what` is restored.
      std::deque<Scope> nested;
      while (scopes.size() > 1) {
        nested.push_front(std::move(scopes.back()));
        scopes.pop_back();
      }
      std::string saved = what;
      auto hooked = hook(tag);
      what = std::move(saved);
      for (Scope &s : nested)
        scopes.push_back(std::move(s));
      if (!hooked)
        return hooked.takeError();
      if (*hooked)
        scopes[0].tags[tag] = **hooked;
      idx = *hooked;
    }
    if (!idx)
      continue;
    if (i == inner)
      return idx;
    uint32_t local = aliasOuter(unsigned(inner - i), *idx);
    scopes.back().tags[tag] = local;
    return std::optional<uint32_t>(local);
  }
  return std::optional<uint32_t>();
}

llvm::Expected<uint32_t> TypeEncoder::typeIndex(CTypeId id, NameTag tag) {
  if (tag) {
    auto found = findTag(tag);
    if (!found)
      return found.takeError();
    if (*found)
      return **found;
  }
  if (auto it = scopes.back().ids.find(id); it != scopes.back().ids.end())
    return it->second;
  if (id >= types.size())
    return fail(what, "a type the validator did not record");
  const CTypeNode &n = types[id];
  if (n.kind == CTypeNode::Resource) {
    // A resource is only ever named: declared by an enclosing instance type.
    size_t inner = scopes.size() - 1;
    for (size_t i = inner; i-- > 0;)
      if (auto it = scopes[i].ids.find(id); it != scopes[i].ids.end()) {
        uint32_t local = aliasOuter(unsigned(inner - i), it->second);
        scopes.back().ids[id] = local;
        return local;
      }
    return fail(what, "it uses a resource that no import of the composition declares "
                      "(a resource of a plugged component cannot cross into an import)");
  }
  return this->define(id);
}

llvm::Expected<uint32_t> TypeEncoder::define(CTypeId id) {
  const CTypeNode &n = types[id];
  llvm::Expected<TypeDef> t = fail(what, "unsupported type");
  llvm::consumeError(t.takeError()); // made for its message only, used where a kind is unsupported
  switch (n.kind) {
  case CTypeNode::Defined:
    t = defined(n);
    break;
  case CTypeNode::Func:
    t = func(n);
    break;
  case CTypeNode::Instance:
    t = instance(n);
    break;
  case CTypeNode::Component:
    t = component(n);
    break;
  default:
    return fail(what, "component, module and resource definitions cannot be imported here");
  }
  if (!t)
    return t.takeError();
  uint32_t idx = add(std::move(*t));
  scopes.back().ids[id] = idx;
  return idx;
}

llvm::Expected<CValType> TypeEncoder::val(CVal v) {
  if (v.prim)
    return CValType::prim(v.prim);
  if (v.id < types.size() && isPrimitive(types[v.id]))
    return CValType::prim(types[v.id].code);
  auto idx = typeIndex(v.id, v.name);
  if (!idx)
    return idx.takeError();
  return CValType::type(*idx);
}

llvm::Expected<TypeDef> TypeEncoder::defined(const CTypeNode &n) {
  TypeDef t;
  t.kind = n.code;
  DefinedType &d = t.defined;
  d.kind = n.code;
  if (isPrimitive(n))
    return t;
  for (const auto &[name, v] : n.named) {
    auto x = val(v);
    if (!x)
      return x.takeError();
    d.fields.push_back({saver.save(name), *x});
  }
  for (const auto &[name, v] : n.cases) {
    VariantCase c;
    c.label = saver.save(name);
    if (v) {
      auto x = val(*v);
      if (!x)
        return x.takeError();
      c.type = *x;
    }
    d.cases.push_back(std::move(c));
  }
  for (const CVal &v : n.vals) {
    auto x = val(v);
    if (!x)
      return x.takeError();
    d.types.push_back(*x);
  }
  for (const std::string &l : n.labels)
    d.labels.push_back(saver.save(l));
  for (auto [from, to] : {std::pair{&n.a, &d.first}, std::pair{&n.b, &d.second}})
    if (*from) {
      auto x = val(**from);
      if (!x)
        return x.takeError();
      *to = *x;
    }
  if (n.code == dvt::Own || n.code == dvt::Borrow) {
    auto r = typeIndex(n.resource, n.resourceName);
    if (!r)
      return r.takeError();
    d.index = *r;
  } else if (n.code == dvt::FixedList) {
    d.index = n.length;
  }
  return t;
}

llvm::Expected<TypeDef> TypeEncoder::func(const CTypeNode &n) {
  TypeDef t;
  t.kind = n.async ? 0x43 : 0x40;
  t.func.async = n.async;
  for (const auto &[name, v] : n.named) {
    auto x = val(v);
    if (!x)
      return x.takeError();
    t.func.params.push_back({saver.save(name), *x});
  }
  if (n.a) {
    auto x = val(*n.a);
    if (!x)
      return x.takeError();
    t.func.resultForm = 0x00;
    t.func.result = *x;
  } else {
    t.func.resultForm = 0x01;
  }
  return t;
}

uint32_t TypeEncoder::aliasExport(Scope &s, uint32_t instance, llvm::StringRef name) {
  TypeDecl d;
  d.kind = 0x02;
  d.alias.sort.kind = sortkind::Type;
  d.alias.target = aliastarget::Export;
  d.alias.instance = instance;
  d.alias.name = saver.save(name);
  s.decls->push_back(std::move(d));
  return s.own++;
}

llvm::Expected<TypeDecl> TypeEncoder::externDecl(uint8_t kind, llvm::StringRef name,
                                                 const CExtern &e, bool declared) {
  TypeDecl d;
  d.kind = kind;
  d.name.name = saver.save(name);
  d.desc.kind = e.kind;
  if (declared) {
    d.desc.bound = 0x01;
  } else if (e.kind == externkind::Type || e.kind == externkind::Func ||
             e.kind == externkind::Instance || e.kind == externkind::Component) {
    // A type export is `(eq ...)` of the type it was taken from; in a
    // component type's exports, a resource of an import is that import's.
    NameTag tag = e.kind != externkind::Type ? 0 : e.eqOf ? e.eqOf : inComponentExports ? e.name : 0;
    bool nestedInstance =
        inComponentExports && kind == externkind::Component && e.kind == externkind::Instance;
    auto idx = nestedInstance ? define(e.type) : typeIndex(e.type, tag);
    if (!idx)
      return idx.takeError();
    d.desc.bound = 0x00;
    d.desc.index = *idx;
  } else {
    return fail(what, "`" + name + "` of kind " + llvm::Twine(unsigned(e.kind)) +
                          " (only types, functions, instances and components are supported)");
  }
  return d;
}

llvm::Expected<TypeDef> TypeEncoder::instance(const CTypeNode &n) {
  TypeDef t;
  t.kind = 0x42;
  scopes.emplace_back();
  scopes.back().decls = &t.decls;
  auto run = [&]() -> llvm::Error {
    llvm::DenseSet<CTypeId> introduced; // `type b = a` exports `a` again: (eq a)
    for (const auto &[name, e] : n.exports) {
      const std::vector<CTypeId> &fresh =
          inComponentExports ? componentResources : n.definedResources;
      bool declared = e.kind == externkind::Type && std::count(fresh.begin(), fresh.end(), e.type) &&
                      introduced.insert(e.type).second;
      auto d = externDecl(0x04, name, e, declared);
      if (!d)
        return d.takeError();
      scopes.back().decls->push_back(std::move(*d));
      if (e.kind == externkind::Type) {
        uint32_t idx = count()++;
        if (e.name)
          scopes.back().tags[e.name] = idx;
        if (declared || types[e.type].kind == CTypeNode::Resource)
          scopes.back().ids.try_emplace(e.type, idx);
      }
    }
    return llvm::Error::success();
  };
  llvm::Error err = run();
  scopes.pop_back();
  if (err)
    return err;
  return t;
}

llvm::Expected<TypeDef> TypeEncoder::component(const CTypeNode &n) {
  TypeDef t;
  t.kind = 0x41;
  scopes.emplace_back();
  scopes.back().decls = &t.decls;
  auto item = [&](uint8_t kind, const std::string &name, const CExtern &e,
                  const std::vector<CTypeId> &resources) -> llvm::Error {
    bool declared = e.kind == externkind::Type && !scopes.back().ids.count(e.type) &&
                    std::count(resources.begin(), resources.end(), e.type);
    auto d = externDecl(kind, name, e, declared);
    if (!d)
      return d.takeError();
    // Taken after externDecl: encoding another import sets the nested
    // scopes aside and back (findTag), so they are not where they were.
    Scope &s = scopes.back();
    s.decls->push_back(std::move(*d));
    if (e.kind == externkind::Type) {
      uint32_t idx = count()++;
      if (e.name)
        s.tags[e.name] = idx;
      if (types[e.type].kind == CTypeNode::Resource)
        s.ids.try_emplace(e.type, idx);
    } else if (e.kind == externkind::Instance) {
      // Later items name this instance's types by aliasing its exports.
      uint32_t inst = s.instances++;
      for (const auto &[x, xe] : types[e.type].exports)
        if (xe.kind == externkind::Type && xe.name)
          s.exported.try_emplace(xe.name, inst, x);
    }
    return llvm::Error::success();
  };
  auto run = [&]() -> llvm::Error {
    for (const auto &[name, e] : n.imports)
      if (llvm::Error err = item(0x03, name, e, n.importedResources))
        return err;
    std::vector<CTypeId> outer = std::move(componentResources);
    bool wasExports = inComponentExports;
    componentResources = n.definedResources;
    inComponentExports = true;
    llvm::Error err = llvm::Error::success();
    for (const auto &[name, e] : n.exports)
      if ((err = item(0x04, name, e, n.definedResources)))
        break;
    componentResources = std::move(outer);
    inComponentExports = wasExports;
    return err;
  };
  llvm::Error err = run();
  scopes.pop_back();
  if (err)
    return err;
  return t;
}

llvm::Expected<ExternDesc> TypeEncoder::importDesc(const CExtern &e, llvm::StringRef name) {
  what = name.str();
  ExternDesc d;
  d.kind = e.kind;
  switch (e.kind) {
  case externkind::Func:
  case externkind::Component:
  case externkind::Instance: {
    auto idx = typeIndex(e.type, 0);
    if (!idx)
      return idx.takeError();
    d.index = *idx;
    return d;
  }
  case externkind::Type:
    if (e.type < types.size() && types[e.type].kind == CTypeNode::Resource &&
        !scopes.front().ids.count(e.type)) {
      d.bound = 0x01; // a resource of its own
      return d;
    }
    {
      auto idx = typeIndex(e.type, e.eqOf);
      if (!idx)
        return idx.takeError();
      d.bound = 0x00;
      d.index = *idx;
    }
    return d;
  default:
    return fail(name, "only instances, components, functions and types can be imported");
  }
}

} // namespace wcomp::compose
