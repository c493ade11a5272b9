//===- validate/component_types.cpp - Interned component types -------------===//
#include "validate/component_types.h"

#include "binary/component.h"
#include "validate/type_context.h"

#include <xxhash.h>

namespace wcomp::validate {

using namespace binary;

namespace {

/// A byte string that identifies a defined or function type's structure
/// (children by id, which are themselves interned).
std::string structureKey(const CTypeNode &n) {
  std::string k;
  auto u32 = [&](uint32_t v) { k.append(reinterpret_cast<const char *>(&v), 4); };
  auto str = [&](const std::string &s) {
    u32(uint32_t(s.size()));
    k += s;
  };
  auto val = [&](const CVal &v) {
    k += char(v.prim);
    u32(v.id);
    u32(v.name);
  };
  auto opt = [&](const std::optional<CVal> &v) {
    k += char(v ? 1 : 0);
    if (v)
      val(*v);
  };
  k += char(n.kind);
  k += char(n.code);
  k += char(n.async);
  u32(uint32_t(n.named.size()));
  for (auto &[name, v] : n.named) {
    str(name);
    val(v);
  }
  u32(uint32_t(n.cases.size()));
  for (auto &[name, v] : n.cases) {
    str(name);
    opt(v);
  }
  u32(uint32_t(n.vals.size()));
  for (const CVal &v : n.vals)
    val(v);
  u32(uint32_t(n.labels.size()));
  for (const std::string &l : n.labels)
    str(l);
  opt(n.a);
  opt(n.b);
  u32(n.length);
  u32(n.resource);
  u32(n.resourceName);
  return k;
}

const char *definedName(uint8_t code) {
  switch (code) {
  case dvt::Record: return "record";
  case dvt::Variant: return "variant";
  case dvt::List: return "list";
  case dvt::FixedList: return "fixed-length list";
  case dvt::Tuple: return "tuple";
  case dvt::Flags: return "flags";
  case dvt::Enum: return "enum";
  case dvt::Option: return "option";
  case dvt::Result: return "result";
  case dvt::Own: return "own";
  case dvt::Borrow: return "borrow";
  case dvt::Stream: return "stream";
  case dvt::Future: return "future";
  case dvt::Map: return "map";
  default: {
    llvm::StringRef p = primValTypeName(code);
    return p.empty() ? "value type" : p.data();
  }
  }
}

const char *kindName(CTypeNode::Kind k) {
  switch (k) {
  case CTypeNode::Defined: return "defined type";
  case CTypeNode::Func: return "func";
  case CTypeNode::Resource: return "resource";
  case CTypeNode::Instance: return "instance";
  case CTypeNode::Component: return "component";
  case CTypeNode::Module: return "module";
  }
  return "type";
}

/// `inner`, one step further out: `where`.
TypeMismatch within(const llvm::Twine &where, std::optional<TypeMismatch> inner) {
  TypeMismatch m = inner ? std::move(*inner) : TypeMismatch("");
  m.path.push_back(where.str());
  return m;
}

} // namespace

CTypeId CTypes::intern(CTypeNode n) {
  std::string key = structureKey(n);
  uint64_t h = XXH3_64bits(key.data(), key.size());
  auto &bucket = byHash[h];
  for (CTypeId id : bucket)
    if (structureKey(nodes[id]) == key)
      return id;
  CTypeId id = add(std::move(n));
  byHash[h].push_back(id);
  return id;
}

CTypeId CTypes::add(CTypeNode n) {
  uint32_t d = 0;
  uint64_t size = 1;
  auto see = [&](CTypeId t) {
    if (t < nodes.size()) {
      d = std::max(d, nodes[t].depth);
      size += nodes[t].size;
    }
  };
  auto val = [&](const std::optional<CVal> &v) {
    if (!v)
      return;
    if (v->prim)
      size += 1;
    else
      see(v->id);
  };
  for (auto &f : n.named) val(f.second);
  for (auto &c : n.cases) val(c.second);
  for (const CVal &v : n.vals) val(v);
  val(n.a);
  val(n.b);
  see(n.resource);
  for (auto *list : {&n.imports, &n.exports})
    for (auto &x : *list)
      x.second.kind == externkind::Value ? val(x.second.val) : see(x.second.type);
  n.depth = d + 1;
  n.size = uint32_t(std::min<uint64_t>(size, UINT32_MAX));
  nodes.push_back(std::move(n));
  return CTypeId(nodes.size() - 1);
}

std::string CTypes::describe(const CExtern &e) const {
  switch (e.kind) {
  case externkind::CoreModule: return "module";
  case externkind::Value: return "value";
  case externkind::Type: {
    if (e.type >= nodes.size())
      return "type";
    const CTypeNode &n = nodes[e.type];
    return n.kind == CTypeNode::Defined ? definedName(n.code) : kindName(n.kind);
  }
  case externkind::Component: return "component";
  case externkind::Instance: return "instance";
  default: return "func";
  }
}

std::string TypeMismatch::message() const {
  std::string out;
  for (auto it = path.rbegin(); it != path.rend(); ++it)
    out += (out.empty() ? "" : ": ") + *it;
  if (!difference.empty())
    out += (out.empty() ? "" : ": ") + difference;
  return out;
}

std::optional<TypeMismatch> CTypes::valMismatch(CVal a, CVal b, ResourceMap *map) const {
  if (a == b || (a.prim && a.prim == b.prim))
    return std::nullopt;
  auto differ = [&] {
    if (a.prim || b.prim)
      return true;
    if (a.id >= nodes.size() || b.id >= nodes.size())
      return false;
    return nodes[a.id].kind != nodes[b.id].kind || nodes[a.id].code != nodes[b.id].code;
  };
  if (wholeTypesInMessages && differ())
    return "expected " + display(b, NoType, 200) + ", found " + display(a, NoType, 200);
  if (a.prim || b.prim) {
    auto name = [&](CVal v) -> std::string {
      if (v.prim)
        return primValTypeName(v.prim).str();
      return v.id < nodes.size() && nodes[v.id].kind == CTypeNode::Defined
                 ? definedName(nodes[v.id].code)
                 : "type";
    };
    return "expected " + name(b) + ", found " + name(a);
  }
  return typeMismatch(a.id, b.id, map);
}

std::optional<TypeMismatch> CTypes::typeMismatch(CTypeId ia, CTypeId ib, ResourceMap *map) const {
  if (map) {
    auto it = map->find(ib);
    if (it != map->end())
      ib = it->second;
  }
  if (ia == ib)
    return std::nullopt;
  if (ia >= nodes.size() || ib >= nodes.size())
    return std::nullopt; // unknown types are not judged
  const CTypeNode &a = nodes[ia], &b = nodes[ib];
  if (a.kind != b.kind)
    return std::string("expected ") + kindName(b.kind) + ", found " + kindName(a.kind);
  switch (a.kind) {
  case CTypeNode::Resource: {
    auto na = resourceNames.find(ia), nb = resourceNames.find(ib);
    if (na != resourceNames.end() && nb != resourceNames.end())
      return "expected resource " + nb->second + ", found resource " + na->second;
    return std::string("resource types are not the same");
  }
  case CTypeNode::Defined:
    return definedMismatch(a, b, map);
  case CTypeNode::Func:
    return funcMismatch(a, b, map);
  case CTypeNode::Instance:
    return instanceMismatch(a, b, map);
  case CTypeNode::Component:
    return componentMismatch(a, b, map);
  case CTypeNode::Module:
    return moduleMismatch(a, b);
  }
  return std::nullopt;
}

std::optional<TypeMismatch> CTypes::definedMismatch(const CTypeNode &a, const CTypeNode &b,
                                                   ResourceMap *map) const {
  if (a.code != b.code)
    return std::string("expected ") + definedName(b.code) + ", found " + definedName(a.code);
  switch (a.code) {
  case dvt::Record:
    if (a.named.size() != b.named.size())
      return "expected " + std::to_string(b.named.size()) + " fields, found " +
             std::to_string(a.named.size());
    for (size_t i = 0; i < a.named.size(); ++i) {
      if (a.named[i].first != b.named[i].first)
        return "expected field name `" + b.named[i].first + "`, found `" + a.named[i].first +
               "`";
      if (auto m = valMismatch(a.named[i].second, b.named[i].second, map))
        return within("type mismatch in record field `" + a.named[i].first + "`", m);
    }
    return std::nullopt;
  case dvt::Variant:
    if (a.cases.size() != b.cases.size())
      return "expected " + std::to_string(b.cases.size()) + " cases, found " +
             std::to_string(a.cases.size());
    for (size_t i = 0; i < a.cases.size(); ++i) {
      if (a.cases[i].first != b.cases[i].first)
        return "expected case named `" + b.cases[i].first + "`, found `" + a.cases[i].first +
               "`";
      const auto &ca = a.cases[i].second, &cb = b.cases[i].second;
      if (ca.has_value() != cb.has_value())
        return "type mismatch in variant case `" + a.cases[i].first + "`";
      if (ca)
        if (auto m = valMismatch(*ca, *cb, map))
          return within("type mismatch in variant case `" + a.cases[i].first + "`", m);
    }
    return std::nullopt;
  case dvt::Tuple:
    if (a.vals.size() != b.vals.size())
      return "expected " + std::to_string(b.vals.size()) + " types, found " +
             std::to_string(a.vals.size());
    for (size_t i = 0; i < a.vals.size(); ++i)
      if (auto m = valMismatch(a.vals[i], b.vals[i], map))
        return within("type mismatch in tuple field " + llvm::Twine(i), m);
    return std::nullopt;
  case dvt::Flags:
    if (a.labels != b.labels)
      return std::string("mismatch in flags elements");
    return std::nullopt;
  case dvt::Enum:
    if (a.labels != b.labels)
      return std::string("mismatch in enum elements");
    return std::nullopt;
  case dvt::Result:
    if (a.a.has_value() != b.a.has_value())
      return std::string("type mismatch in ok variant");
    if (a.a)
      if (auto m = valMismatch(*a.a, *b.a, map))
        return within("type mismatch in ok variant", m);
    if (a.b.has_value() != b.b.has_value())
      return std::string("type mismatch in err variant");
    if (a.b)
      if (auto m = valMismatch(*a.b, *b.b, map))
        return within("type mismatch in err variant", m);
    return std::nullopt;
  case dvt::Own:
  case dvt::Borrow:
    return typeMismatch(a.resource, b.resource, map);
  case dvt::FixedList:
    if (a.length != b.length)
      return "expected list of length " + std::to_string(b.length) + ", found " +
             std::to_string(a.length);
    [[fallthrough]];
  default:
    // list, option, stream, future, map: their element types.
    if (a.a.has_value() != b.a.has_value() || a.b.has_value() != b.b.has_value())
      return std::string("type mismatch in ") + definedName(a.code) + " element";
    if (a.a)
      if (auto m = valMismatch(*a.a, *b.a, map))
        return within(llvm::Twine("type mismatch in ") + definedName(a.code) + " element", m);
    if (a.b)
      if (auto m = valMismatch(*a.b, *b.b, map))
        return within(llvm::Twine("type mismatch in ") + definedName(a.code) + " element", m);
    return std::nullopt;
  }
}

std::optional<TypeMismatch> CTypes::funcMismatch(const CTypeNode &a, const CTypeNode &b,
                                                ResourceMap *map) const {
  if (a.async != b.async)
    return std::string(b.async ? "expected async function, found sync function"
                               : "expected sync function, found async function");
  if (a.named.size() != b.named.size())
    return "expected " + std::to_string(b.named.size()) + " parameters, found " +
           std::to_string(a.named.size());
  for (size_t i = 0; i < a.named.size(); ++i) {
    if (a.named[i].first != b.named[i].first)
      return "expected parameter named `" + b.named[i].first + "`, found `" +
             a.named[i].first + "`";
    // Value types are invariant, so parameters compare like results.
    if (auto m = valMismatch(a.named[i].second, b.named[i].second, map))
      return within("type mismatch in function parameter `" + a.named[i].first + "`", m);
  }
  if (a.a.has_value() != b.a.has_value())
    return std::string("type mismatch with result type");
  if (a.a)
    if (auto m = valMismatch(*a.a, *b.a, map))
      return within("type mismatch with result type", m);
  return std::nullopt;
}

std::optional<TypeMismatch> CTypes::instanceMismatch(const CTypeNode &a, const CTypeNode &b,
                                                    ResourceMap *map) const {
  // The abstract resources `b` declares stand for those `a` exports.
  ResourceMap local = map ? *map : ResourceMap();
  for (auto &[name, want] : b.exports)
    if (want.kind == externkind::Type && std::count(b.definedResources.begin(), b.definedResources.end(),
                                        want.type))
      for (auto &[n, e] : a.exports)
        if (n == name && e.kind == externkind::Type)
          local[want.type] = e.type;
  for (auto &[name, want] : b.exports) {
    const CExtern *have = nullptr;
    for (auto &[n, e] : a.exports)
      if (n == name)
        have = &e;
    if (!have)
      return "missing expected export `" + name + "`";
    if (auto m = mismatch(*have, want, &local))
      return within("type mismatch in instance export `" + name + "`", m);
  }
  return std::nullopt;
}

std::optional<TypeMismatch> CTypes::componentMismatch(const CTypeNode &a, const CTypeNode &b,
                                                     ResourceMap *map) const {
  // Whoever instantiates `b` supplies b's imports: `a` may need no more.
  // Abstract resources correspond by name: `a`'s imported resources are
  // b's in the imports, and b's are a's in the exports.
  ResourceMap importsMap = map ? *map : ResourceMap();
  ResourceMap exportsMap = map ? *map : ResourceMap();
  auto find = [](const std::vector<std::pair<std::string, CExtern>> &list,
                 const std::string &name) -> const CExtern * {
    for (auto &[n, e] : list)
      if (n == name)
        return &e;
    return nullptr;
  };
  for (auto &[name, need] : a.imports)
    if (need.kind == externkind::Type &&
        std::count(a.importedResources.begin(), a.importedResources.end(), need.type))
      if (const CExtern *given = find(b.imports, name); given && given->kind == externkind::Type) {
        importsMap[need.type] = given->type;
        exportsMap[given->type] = need.type;
      }
  for (auto &[name, want] : b.exports)
    if (want.kind == externkind::Type &&
        std::count(b.definedResources.begin(), b.definedResources.end(), want.type))
      if (const CExtern *have = find(a.exports, name); have && have->kind == externkind::Type)
        exportsMap[want.type] = have->type;
  for (auto &[name, need] : a.imports) {
    const CExtern *given = find(b.imports, name);
    if (!given)
      return "missing expected import `" + name + "`";
    if (auto m = mismatch(*given, need, &importsMap))
      return within("type mismatch in import `" + name + "`", m);
  }
  for (auto &[name, want] : b.exports) {
    const CExtern *have = find(a.exports, name);
    if (!have)
      return "missing expected export `" + name + "`";
    if (auto m = mismatch(*have, want, &exportsMap))
      return within("type mismatch in export `" + name + "`", m);
  }
  return std::nullopt;
}

std::optional<TypeMismatch> CTypes::moduleMismatch(const CTypeNode &a, const CTypeNode &b) const {
  for (auto &[name, need] : a.coreImports) {
    const CoreExtern *given = nullptr;
    for (auto &[n, e] : b.coreImports)
      if (n == name)
        given = &e;
    if (!given)
      return "missing expected import `" + name.first + "::" + name.second + "`";
    if (auto m = coreMismatch(*given, need))
      return within("type mismatch in import `" + name.first + "::" + name.second + "`", m);
  }
  for (auto &[name, want] : b.coreExports) {
    const CoreExtern *have = nullptr;
    for (auto &[n, e] : a.coreExports)
      if (n == name)
        have = &e;
    if (!have)
      return "missing expected export `" + name + "`";
    if (auto m = coreMismatch(*have, want))
      return within("type mismatch in export `" + name + "`", m);
  }
  return std::nullopt;
}

std::optional<TypeMismatch> CTypes::mismatch(const CExtern &a, const CExtern &b,
                                            ResourceMap *map) const {
  if (a.kind != b.kind)
    return "expected " + describe(b) + ", found " + describe(a);
  if (a.kind == externkind::Value)
    return valMismatch(a.val, b.val, map);
  return typeMismatch(a.type, b.type, map);
}

/// One substitution: the maps and the types already rewritten (types are
/// DAGs; without the memo a shared subtree would be rewritten once per path).
struct CTypes::Subst {
  const ResourceMap &map;
  const NameMap *names;
  llvm::DenseMap<CTypeId, CTypeId> memo;
  Subst(const ResourceMap &m, const NameMap *n) : map(m), names(n) {}
  NameTag name(NameTag t) const {
    if (!names || !t)
      return t;
    auto it = names->find(t);
    return it == names->end() ? t : it->second;
  }
};

CTypeId CTypes::substitute(CTypeId t, const ResourceMap &map, const NameMap *names) {
  if (map.empty() && (!names || names->empty()))
    return t;
  Subst s(map, names);
  return substituteIn(t, s);
}

CExtern CTypes::substitute(const CExtern &e, const ResourceMap &map, const NameMap *names) {
  if (map.empty() && (!names || names->empty()))
    return e;
  Subst s(map, names);
  return substituteIn(e, s);
}

CVal CTypes::substituteIn(CVal v, Subst &s) {
  if (v.prim)
    return CVal{v.prim, NoType, s.name(v.name)};
  return CVal::defined(substituteIn(v.id, s), s.name(v.name));
}

CExtern CTypes::substituteIn(const CExtern &e, Subst &s) {
  CExtern r = e;
  if (e.kind == externkind::Value)
    r.val = substituteIn(e.val, s);
  else
    r.type = substituteIn(e.type, s);
  r.name = s.name(e.name);
  return r;
}

CTypeId CTypes::substituteIn(CTypeId t, Subst &s) {
  if (t >= nodes.size())
    return t;
  auto it = s.map.find(t);
  if (it != s.map.end())
    return it->second;
  if (auto m = s.memo.find(t); m != s.memo.end())
    return m->second;
  CTypeNode n = nodes[t]; // a copy: `nodes` may grow below
  bool changed = false;
  auto val = [&](CVal &v) {
    CVal w = substituteIn(v, s);
    changed |= !(w == v);
    v = w;
  };
  CTypeId out = t;
  switch (n.kind) {
  case CTypeNode::Resource: case CTypeNode::Module: return t;
  case CTypeNode::Defined: case CTypeNode::Func: {
    for (auto &f : n.named) val(f.second);
    for (auto &c : n.cases) if (c.second) val(*c.second);
    for (CVal &v : n.vals) val(v);
    if (n.a) val(*n.a);
    if (n.b) val(*n.b);
    if (n.resource != NoType) {
      CTypeId r = substituteIn(n.resource, s);
      NameTag rn = s.name(n.resourceName);
      changed |= r != n.resource || rn != n.resourceName;
      n.resource = r;
      n.resourceName = rn;
    }
    out = changed ? intern(std::move(n)) : t;
    break;
  }
  case CTypeNode::Instance: case CTypeNode::Component:
    for (auto *list : {&n.imports, &n.exports})
      for (auto &x : *list) {
        CExtern w = substituteIn(x.second, s);
        changed |= !(w == x.second);
        x.second = w;
      }
    // The resources the type declares are renamed with it.
    for (auto *list : {&n.importedResources, &n.definedResources})
      for (CTypeId &r : *list)
        if (auto m = s.map.find(r); m != s.map.end())
          r = m->second;
    out = changed ? add(std::move(n)) : t;
    break;
  }
  s.memo[t] = out;
  return out;
}

std::optional<TypeMismatch> CTypes::coreMismatch(const CoreExtern &a, const CoreExtern &b) {
  static const char *names[] = {"func", "table", "memory", "global", "tag"};
  if (a.kind != b.kind && !(a.kind == extkind::ExactFunc || b.kind == extkind::ExactFunc))
    return std::string("expected ") + (b.kind < 5 ? names[b.kind] : "item") + ", found " +
           (a.kind < 5 ? names[a.kind] : "item");
  auto limitsFit = [](const Limits &x, const Limits &y) {
    // `x` provided for `y`: at least y's minimum, a maximum within y's.
    if (x.min < y.min)
      return false;
    if (y.hasMax() && (!x.hasMax() || x.max > y.max))
      return false;
    return true;
  };
  switch (a.kind) {
  case extkind::Table:
    if (!(a.table.elem == b.table.elem) || a.table.limits.is64() != b.table.limits.is64())
      return std::string("type mismatch in table element type");
    if (!limitsFit(a.table.limits, b.table.limits))
      return std::string("mismatch in table limits");
    return std::nullopt;
  case extkind::Memory:
    if (a.memory.shared() != b.memory.shared())
      return std::string("mismatch in the shared flag for memories");
    if (a.memory.is64() != b.memory.is64())
      return std::string("mismatch in index type used for memories");
    if (!limitsFit(a.memory, b.memory))
      return std::string("mismatch in memory limits");
    if ((a.memory.hasPageSize() ? a.memory.pageSizeLog2 : 16) !=
        (b.memory.hasPageSize() ? b.memory.pageSizeLog2 : 16))
      return std::string("mismatch in page size for memories");
    return std::nullopt;
  case extkind::Global: {
    if ((a.global.flags & 2) != (b.global.flags & 2))
      return std::string("mismatch in the shared flag for globals");
    if (a.global.mut() != b.global.mut())
      return std::string("global types are not the same");
    if (a.global.type == b.global.type)
      return std::nullopt;
    // An immutable global may be read as a supertype: here a reference to
    // the same heap type that is nullable where the import's is (types by
    // index are compared as written, having no module to resolve them in).
    const ValType &x = a.global.type, &y = b.global.type;
    if (!a.global.mut() && x.isRef() && y.isRef() && x.heapType() == y.heapType() &&
        (y.nullable() || !x.nullable()))
      return std::nullopt;
    return "expected global type " + TypeContext::name(y) + ", found " + TypeContext::name(x);
  }
  default:
    if (a.opaque || b.opaque)
      return std::nullopt;
    if (a.params != b.params || a.results != b.results)
      return std::string("type mismatch: function types are not the same");
    return std::nullopt;
  }
}

} // namespace wcomp::validate
