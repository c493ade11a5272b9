//===- wit/decode.cpp - The WIT of a component ----------------------------===//
//
// Walks the validated component's type (its imports and exports) and builds
// WIT from it. Name tags (validate/component_types.h) say which type index a
// function's parameter was written with, so `borrow<output-stream>` and
// `result<u64, stream-error>` come back by name.
//
//===----------------------------------------------------------------------===//
#include "wit/decode.h"
#include "wit/metadata.h"

#include "binary/component.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <map>

namespace wcomp::wit {

namespace externkind = binary::externkind;
namespace primtype = binary::primtype;

namespace {

using validate::CExtern;
using validate::CTypeNode;
using validate::CVal;
using validate::NameTag;
namespace dvt = binary::dvt;

TypeRef::Prim primOf(uint8_t code) {
  switch (code) {
  case primtype::Bool: return TypeRef::Bool;
  case primtype::S8: return TypeRef::S8;
  case primtype::U8: return TypeRef::U8;
  case primtype::S16: return TypeRef::S16;
  case primtype::U16: return TypeRef::U16;
  case primtype::S32: return TypeRef::S32;
  case primtype::U32: return TypeRef::U32;
  case primtype::S64: return TypeRef::S64;
  case primtype::U64: return TypeRef::U64;
  case primtype::F32: return TypeRef::F32;
  case primtype::F64: return TypeRef::F64;
  case primtype::Char: return TypeRef::Char;
  case primtype::String: return TypeRef::String;
  default: return TypeRef::ErrorContext;
  }
}

class Decoder {
public:
  Decoder(Resolve &r, const validate::ComponentInfo &info) : r(r), ct(info.types), info(info) {}
  llvm::Expected<Loaded> run();

private:
  Resolve &r;
  const validate::CTypes &ct;
  const validate::ComponentInfo &info;
  llvm::DenseMap<NameTag, TypeId> byTag;           ///< a type index's name -> WIT type
  llvm::DenseMap<validate::CTypeId, TypeId> resources; ///< resource identity -> definition
  std::map<std::pair<validate::CTypeId, std::string>, TypeId> named; ///< structure + name
  /// The scope being decoded: its owner and resources by name.
  struct Scope {
    TypeOwner owner;
    llvm::StringMap<TypeId> types;
    std::vector<std::pair<std::string, TypeId>> list;
  };

  TypeId add(TypeDef d) {
    r.types.push_back(std::move(d));
    return TypeId{uint32_t(r.types.size() - 1)};
  }
  PackageId package(llvm::StringRef ns, llvm::StringRef name, llvm::StringRef version);
  TypeRef val(CVal v, unsigned depth = 0);
  /// The WIT type made for each anonymous binary type: one per type index,
  /// as wit-parser's decoder keeps them (structurally equal ones stay two).
  llvm::DenseMap<validate::CTypeId, TypeId> anonOf;
  TypeId handle(const CTypeNode &n);
  /// Makes `d` the handle type `n` (own or borrow of its resource).
  void handleOf(const CTypeNode &n, TypeDef &d);
  /// Defines the type `e` exported as `name` (into `into` when given, a
  /// slot made earlier); a type identical to an imported one (`imported`)
  /// or a resource seen before is a `use` of it.
  TypeId typeExport(const std::string &name, const CExtern &e, Scope &sc, TypeId into = {},
                    const llvm::DenseMap<validate::CTypeId, TypeId> *imported = nullptr);
  std::optional<Function> function(const std::string &name, validate::CTypeId f, Scope &sc);
  void fill(InterfaceId id, const CTypeNode &inst);
  InterfaceId interfaceFor(const std::string &name, validate::CTypeId inst);

public:
  // A WIT package encoded as a component (WIT.md, "Package Format").
  bool isPackage() const;

private:
  llvm::Expected<Loaded> package();
  /// The interface `ns:pkg/iface@v`, made (empty) when first named.
  InterfaceId interfaceNamed(llvm::StringRef full);
  /// The type `name` of interface `i`: one id however often it is named.
  TypeId slot(InterfaceId i, const std::string &name);
  /// The types of an imported instance, into their interface's slots.
  void importTypes(InterfaceId i, const CTypeNode &inst,
                   llvm::DenseMap<validate::CTypeId, TypeId> &imported);
  /// An interface's definition: its types and functions.
  void define(InterfaceId i, const CTypeNode &inst,
              const llvm::DenseMap<validate::CTypeId, TypeId> &imported);
  using Externs = std::vector<std::pair<std::string, CExtern>>;
  /// A world's imports and exports, those of `node` (`imported` set: of a
  /// WIT package).
  void worldItems(WorldId wid, PackageId root, const CTypeNode &node, Scope &sc,
                  llvm::DenseMap<validate::CTypeId, TypeId> *imported);
  std::map<std::pair<uint32_t, std::string>, TypeId> slots;
  /// Packages by `ns:name@version`, the first packagesIndexed of them.
  llvm::StringMap<PackageId> packageIndex;
  size_t packagesIndexed = 0;
  /// A package's interfaces by name, the first `indexed` of them.
  struct IfaceIndex {
    llvm::StringMap<InterfaceId> byName;
    size_t indexed = 0;
  };
  llvm::DenseMap<uint32_t, IfaceIndex> interfaceIndex;
  llvm::DenseSet<uint32_t> filled; ///< interfaces decoded from a component's instance type
  llvm::DenseMap<uint32_t, bool> defined; ///< interfaces whose definition was read
  /// Why the component has no WIT form (the first reason found), if so.
  std::string unrepresentable;
};

PackageId Decoder::package(llvm::StringRef ns, llvm::StringRef name, llvm::StringRef version) {
  // Indexed as packages appear (from here or before the decoder ran): a
  // scan per lookup made 40,000 interfaces quadratic.
  for (; packagesIndexed < r.packages.size(); ++packagesIndexed) {
    const Package &pk = r.packages[packagesIndexed];
    packageIndex.try_emplace(pk.ns + ":" + pk.name + "@" + pk.version,
                             PackageId{uint32_t(packagesIndexed)});
  }
  if (auto it = packageIndex.find((ns + ":" + name + "@" + version).str());
      it != packageIndex.end())
    return it->second;
  Package p;
  p.ns = ns.str();
  p.name = name.str();
  p.version = version.str();
  r.packages.push_back(std::move(p));
  return PackageId{uint32_t(r.packages.size() - 1)};
}

TypeId Decoder::handle(const CTypeNode &n) {
  TypeDef d;
  handleOf(n, d);
  return add(std::move(d));
}

void Decoder::handleOf(const CTypeNode &n, TypeDef &d) {
  d.kind = n.code == dvt::Own ? TypeDef::Own : TypeDef::Borrow;
  if (auto t = byTag.find(n.resourceName); n.resourceName && t != byTag.end())
    d.resource = t->second;
  else if (auto res = resources.find(n.resource); res != resources.end())
    d.resource = res->second;
  else {
    // A resource with no name in sight (not valid in a checked component).
    TypeDef anon;
    anon.kind = TypeDef::Resource;
    anon.name = "resource";
    d.resource = add(std::move(anon));
    resources[n.resource] = d.resource;
  }
}

TypeRef Decoder::val(CVal v, unsigned depth) {
  if (auto t = byTag.find(v.name); v.name && t != byTag.end())
    return TypeRef::of(t->second); // a named type, primitives' aliases too
  if (v.prim || v.id >= ct.size())
    return TypeRef{primOf(v.prim), {}};
  if (auto it = anonOf.find(v.id); it != anonOf.end())
    return TypeRef::of(it->second);
  const CTypeNode &n = ct[v.id];
  TypeDef d;
  // Types are at most ComponentTypeDepth deep; the guard keeps this bounded
  // even so.
  auto sub = [&](const std::optional<CVal> &x) -> std::optional<TypeRef> {
    if (!x || depth > 1000)
      return std::nullopt;
    return val(*x, depth + 1);
  };
  switch (n.code) {
  case dvt::Own: case dvt::Borrow: {
    TypeId h = handle(n);
    anonOf[v.id] = h;
    return TypeRef::of(h);
  }
  case dvt::List: d.kind = TypeDef::List; d.a = sub(n.a); break;
  case dvt::FixedList: d.kind = TypeDef::FixedList; d.a = sub(n.a); d.length = n.length; break;
  case dvt::Option: d.kind = TypeDef::Option; d.a = sub(n.a); break;
  case dvt::Result: d.kind = TypeDef::Result; d.a = sub(n.a); d.b = sub(n.b); break;
  case dvt::Future: d.kind = TypeDef::Future; d.a = sub(n.a); break;
  case dvt::Stream: d.kind = TypeDef::Stream; d.a = sub(n.a); break;
  case dvt::Map: d.kind = TypeDef::Map; d.a = sub(n.a); d.b = sub(n.b); break;
  case dvt::Tuple:
    d.kind = TypeDef::Tuple;
    for (const CVal &x : n.vals)
      d.types.push_back(*sub(x));
    break;
  default: {
    // A record, variant, enum or flags reached without a name: its
    // structure, under a name that says so.
    d.kind = n.code == dvt::Record ? TypeDef::Record : n.code == dvt::Variant ? TypeDef::Variant
             : n.code == dvt::Enum ? TypeDef::Enum : TypeDef::Flags;
    d.name = "unnamed-" + std::to_string(v.id);
    for (auto &[label, x] : n.named)
      d.members.push_back({label, "", sub(x)});
    for (auto &[label, x] : n.cases)
      d.members.push_back({label, "", sub(x)});
    for (const std::string &label : n.labels)
      d.members.push_back({label, "", std::nullopt});
  }
  }
  TypeId id = add(std::move(d));
  anonOf[v.id] = id;
  return TypeRef::of(id);
}

TypeId Decoder::typeExport(const std::string &name, const CExtern &e, Scope &sc, TypeId into,
                           const llvm::DenseMap<validate::CTypeId, TypeId> *imported) {
  if (e.type >= ct.size())
    return {};
  const CTypeNode &n = ct[e.type];
  TypeId id;
  auto place = [&](TypeDef d) {
    if (!into.valid())
      return add(std::move(d));
    r[into] = std::move(d);
    return into;
  };
  auto alias = [&](TypeId target) {
    TypeDef d;
    d.kind = TypeDef::Alias;
    d.name = name;
    d.owner = sc.owner;
    d.a = TypeRef::of(target);
    return place(std::move(d));
  };
  // A type index named twice (an imported instance re-exported under a new
  // name) would be two WIT types at once; wasm-tools refuses it too.
  if (auto it = byTag.find(e.name);
      !imported && e.name && it != byTag.end() && it->second != into && unrepresentable.empty())
    unrepresentable = "the type `" + name + "` appears more than once (for example, when an "
                      "imported instance is re-exported under a new name)";
  const TypeId *fromImport = nullptr;
  if (auto it = byTag.find(e.eqOf); e.eqOf && it != byTag.end() && it->second != into)
    fromImport = &it->second; // `(eq i)` of a type with a WIT name: exactly a `use`
  else if (imported && n.kind == CTypeNode::Resource) // structural types may merely look alike
    if (auto it = imported->find(e.type); it != imported->end() && it->second != into)
      fromImport = &it->second;
  if (n.kind == CTypeNode::Resource && fromImport) {
    id = alias(*fromImport);
  } else if (n.kind == CTypeNode::Resource) {
    if (auto it = resources.find(e.type); it != resources.end() && it->second != into) {
      id = alias(it->second); // the same resource: a `use`
    } else {
      TypeDef d;
      d.kind = TypeDef::Resource;
      d.name = name;
      d.owner = sc.owner;
      id = place(std::move(d));
      resources[e.type] = id;
    }
  } else if (fromImport) {
    id = alias(*fromImport); // `(eq ...)` of an imported type: a `use`
  } else if (auto it = named.find({e.type, name});
             it != named.end() && !(r[it->second].owner.kind == sc.owner.kind &&
                                    r[it->second].owner.index == sc.owner.index)) {
    id = alias(it->second); // the same structure under the same name: a `use`
  } else if (n.kind == CTypeNode::Defined) {
    TypeDef d;
    d.name = name;
    d.owner = sc.owner;
    auto sub = [&](const std::optional<CVal> &x) -> std::optional<TypeRef> {
      return x ? std::optional<TypeRef>(val(*x)) : std::nullopt;
    };
    switch (n.code) {
    case dvt::Record:
      d.kind = TypeDef::Record;
      for (auto &[label, x] : n.named)
        d.members.push_back({label, "", val(x)});
      break;
    case dvt::Variant:
      d.kind = TypeDef::Variant;
      for (auto &[label, x] : n.cases)
        d.members.push_back({label, "", sub(x)});
      break;
    case dvt::Enum: case dvt::Flags:
      d.kind = n.code == dvt::Enum ? TypeDef::Enum : TypeDef::Flags;
      for (const std::string &label : n.labels)
        d.members.push_back({label, "", std::nullopt});
      break;
    case dvt::Own: case dvt::Borrow:
      handleOf(n, d); // `type t = own<r>`: a named handle, as wit-parser reads it
      break;
    default:
      if (!binary::primValTypeName(n.code).empty()) {
        d.kind = TypeDef::Alias; // `type name = u32`
        d.a = TypeRef{primOf(n.code), {}};
        break;
      }
      // `type name = list<u8>`: the named type is the structure, as in
      // wit-parser's model (its parts decoded first).
      anonOf.erase(e.type); // its own structure, not an earlier name for it
      TypeRef s = val(CVal::defined(e.type));
      if (s.prim == TypeRef::Defined && s.id.index + 1 == r.types.size() &&
          r[s.id].name.empty()) {
        TypeDef anon = std::move(r.types.back());
        r.types.pop_back();
        anonOf.erase(e.type); // it is the named type now (set below)
        anon.name = d.name;
        anon.owner = d.owner;
        d = std::move(anon);
      } else {
        d.kind = TypeDef::Alias;
        d.a = s;
      }
    }
    id = place(std::move(d));
    named.try_emplace({e.type, name}, id);
    if (r[id].kind != TypeDef::Alias)
      anonOf[e.type] = id; // later anonymous uses are this type
  } else {
    return {}; // function, instance or component types are not WIT types
  }
  byTag[e.name] = id;
  sc.types[name] = id;
  sc.list.push_back({name, id});
  return id;
}

/// WIT's `@external-id` of an instance's export, when its name has one.
std::optional<std::string> externalIdOf(const validate::CTypeNode &inst, llvm::StringRef name) {
  auto x = inst.exportExternalIds.find(name);
  return x == inst.exportExternalIds.end() ? std::nullopt : std::optional(x->second);
}

/// Strips a `[get]` or `[set]` annotation, saying which it was.
Function::Accessor accessorOf(llvm::StringRef &s) {
  if (s.consume_front("[get]"))
    return Function::Getter;
  if (s.consume_front("[set]"))
    return Function::Setter;
  return Function::NoAccessor;
}

std::optional<Function> Decoder::function(const std::string &name, validate::CTypeId f,
                                          Scope &sc) {
  if (f >= ct.size() || ct[f].kind != CTypeNode::Func)
    return std::nullopt;
  const CTypeNode &n = ct[f];
  Function fn;
  fn.name = name;
  fn.async = n.async;
  llvm::StringRef s(name);
  auto resource = [&](llvm::StringRef res) {
    auto it = sc.types.find(res);
    return it == sc.types.end() ? TypeId{} : it->second;
  };
  if (s.consume_front("[constructor]")) {
    fn.kind = Function::Constructor;
    fn.resource = resource(s);
    fn.name = "constructor";
  } else if (s.consume_front("[method]") || s.consume_front("[async method]")) {
    fn.kind = Function::Method;
    fn.accessor = accessorOf(s);
    auto [res, field] = s.split('.');
    fn.resource = resource(res);
    fn.name = field.str();
  } else if (s.consume_front("[static]") || s.consume_front("[async static]")) {
    fn.kind = Function::Static;
    fn.accessor = accessorOf(s);
    auto [res, field] = s.split('.');
    fn.resource = resource(res);
    fn.name = field.str();
  } else if (s.consume_front("[async]")) {
    fn.name = s.str();
  } else if ((fn.accessor = accessorOf(s))) {
    fn.name = s.str();
  }
  if ((fn.kind != Function::Freestanding) && !fn.resource.valid())
    fn.kind = Function::Freestanding, fn.accessor = Function::NoAccessor, fn.name = name;
  for (auto &[p, v] : n.named)
    fn.params.push_back({p, val(v)});
  if (n.a)
    fn.result = val(*n.a);
  return fn;
}

void Decoder::fill(InterfaceId id, const CTypeNode &inst) {
  Scope sc;
  sc.owner = {TypeOwner::Interface, id.index};
  std::vector<Function> funcs;
  for (auto &[name, e] : inst.exports) {
    std::optional<std::string> extId = externalIdOf(inst, name);
    if (e.kind == externkind::Type) {
      TypeId t = typeExport(name, e, sc);
      if (t.valid() && extId)
        r.types[t.index].externalId = extId;
    } else if (e.kind == externkind::Func) {
      if (auto f = function(name, e.type, sc)) {
        f->externalId = extId;
        funcs.push_back(std::move(*f));
      }
    }
  }
  r[id].types = std::move(sc.list);
  r[id].functions = std::move(funcs);
}

InterfaceId Decoder::interfaceFor(const std::string &name, validate::CTypeId inst) {
  // Imported and exported: one interface, defined by the first.
  InterfaceId id = interfaceNamed(name);
  if (!filled.count(id.index)) {
    filled.insert(id.index);
    fill(id, ct[inst]);
    return id;
  }
  // The second of an import and an export of it: its types are the same
  // WIT types, so that a later item using them (`use i.{r}` in an exported
  // interface, which refers to the export) finds them. Each side carries
  // only what the component uses of it: the interface is their union.
  llvm::StringMap<TypeId> byName;
  llvm::StringSet<> funcs;
  for (auto &[n, t] : r[id].types)
    byName[n] = t;
  for (const Function &f : r[id].functions)
    funcs.insert(r.functionName(f));
  Scope sc;
  sc.owner = {TypeOwner::Interface, id.index};
  sc.list = r[id].types;
  for (auto &[n, t] : sc.list)
    sc.types[n] = t;
  std::vector<Function> added;
  for (auto &[n, e] : ct[inst].exports) {
    if (e.kind == externkind::Func && !funcs.contains(n)) {
      if (auto f = function(n, e.type, sc))
        added.push_back(std::move(*f));
      continue;
    }
    if (e.kind != externkind::Type)
      continue;
    auto it = byName.find(n);
    if (it == byName.end()) {
      typeExport(n, e, sc);
      continue;
    }
    if (e.type < ct.size() && ct[e.type].kind == CTypeNode::Resource)
      resources.try_emplace(e.type, it->second);
    if (e.name)
      byTag.try_emplace(e.name, it->second);
  }
  r[id].types = std::move(sc.list);
  for (Function &f : added)
    r[id].functions.push_back(std::move(f));
  return id;
}

bool Decoder::isPackage() const {
  if (!info.imports().empty() || info.exports().empty())
    return false;
  for (auto &[name, e] : info.exports()) {
    if (e.kind != externkind::Type || e.type >= ct.size() || ct[e.type].kind != CTypeNode::Component)
      return false;
    const CTypeNode &c = ct[e.type];
    if (c.exports.size() != 1 || !llvm::StringRef(c.exports[0].first).contains(':') ||
        (c.exports[0].second.kind != externkind::Instance && c.exports[0].second.kind != externkind::Component))
      return false;
  }
  return true;
}

InterfaceId Decoder::interfaceNamed(llvm::StringRef full) {
  auto [path, version] = full.split('@');
  auto [ns, rest] = path.split(':');
  auto [pkg, iface] = rest.split('/');
  PackageId p = package(ns, pkg, version);
  IfaceIndex &index = interfaceIndex[p.index];
  const auto &list = r[p].interfaces;
  for (; index.indexed < list.size(); ++index.indexed)
    index.byName.try_emplace(list[index.indexed].first, list[index.indexed].second);
  if (auto it = index.byName.find(iface); it != index.byName.end())
    return it->second;
  Interface i;
  i.name = iface.str();
  i.package = p;
  return r.addInterface(std::move(i));
}

TypeId Decoder::slot(InterfaceId i, const std::string &name) {
  auto [it, fresh] = slots.try_emplace({i.index, name}, TypeId{});
  if (fresh) {
    TypeDef d;
    d.kind = TypeDef::Resource; // until its definition is read
    d.name = name;
    d.owner = {TypeOwner::Interface, i.index};
    it->second = add(std::move(d));
    r[i].types.push_back({name, it->second});
  }
  return it->second;
}

void Decoder::importTypes(InterfaceId i, const CTypeNode &inst,
                          llvm::DenseMap<validate::CTypeId, TypeId> &imported) {
  Scope sc;
  sc.owner = {TypeOwner::Interface, i.index};
  for (auto &[name, e] : inst.exports) {
    if (e.kind != externkind::Type)
      continue;
    bool fresh = !slots.count({i.index, name});
    TypeId id = slot(i, name);
    // The interface's own definition says what the type is; until it is
    // read, what an importer declares stands in for it.
    if (fresh && !defined.lookup(i.index)) {
      typeExport(name, e, sc, id, &imported);
      if (auto x = externalIdOf(inst, name))
        r.types[id.index].externalId = x;
    }
    byTag[e.name] = id;
    // `type headers = fields` exports the resource again: the first name
    // is the resource, the later ones are aliases of it.
    if (e.type < ct.size() && ct[e.type].kind == CTypeNode::Resource)
      resources.try_emplace(e.type, id);
    imported.try_emplace(e.type, id);
  }
}

void Decoder::define(InterfaceId i, const CTypeNode &inst,
                     const llvm::DenseMap<validate::CTypeId, TypeId> &imported) {
  Scope sc;
  sc.owner = {TypeOwner::Interface, i.index};
  std::vector<std::pair<std::string, TypeId>> order;
  std::vector<Function> funcs;
  llvm::StringSet<> named;
  for (auto &[name, e] : inst.exports) {
    std::optional<std::string> extId = externalIdOf(inst, name);
    if (e.kind == externkind::Type) {
      TypeId id = typeExport(name, e, sc, slot(i, name), &imported);
      if (id.valid()) {
        order.push_back({name, id});
        named.insert(name);
        if (extId)
          r.types[id.index].externalId = extId;
      }
    } else if (e.kind == externkind::Func) {
      if (auto f = function(name, e.type, sc)) {
        f->externalId = extId;
        funcs.push_back(std::move(*f));
      }
    }
  }
  // The definition's order (an importer may have named some types first).
  for (auto &[n, t] : r[i].types)
    if (!named.contains(n))
      order.push_back({n, t});
  r[i].types = std::move(order);
  r[i].functions = std::move(funcs);
  defined[i.index] = true;
}

llvm::Expected<Loaded> Decoder::package() {
  PackageId root;
  uint32_t first = uint32_t(r.packages.size());
  for (auto &[name, e] : info.exports()) {
    const CTypeNode &c = ct[e.type];
    const auto &[inner, ie] = c.exports[0];
    llvm::DenseMap<validate::CTypeId, TypeId> imported;
    for (auto &[iname, imp] : c.imports)
      if (imp.kind == externkind::Instance && imp.type < ct.size() && llvm::StringRef(iname).contains(':'))
        importTypes(interfaceNamed(iname), ct[imp.type], imported);
    auto [path, version] = llvm::StringRef(inner).split('@');
    auto [ns, rest] = path.split(':');
    auto [pkg, item] = rest.split('/');
    root = package(ns, pkg, version);
    if (ie.kind == externkind::Instance) {
      define(interfaceNamed(inner), ct[ie.type], imported);
      continue;
    }
    // A world: a component type of its imports and exports.
    World w;
    w.name = item.str();
    w.package = root;
    WorldId wid = r.addWorld(std::move(w));
    const CTypeNode &wt = ct[ie.type];
    Scope sc;
    sc.owner = {TypeOwner::World, wid.index};
    worldItems(wid, root, wt, sc, &imported);
  }
  if (root.valid() && root.index >= first)
    root = dependenciesFirst(r, first, root);
  Loaded out;
  out.root = root;
  for (uint32_t i = 0; i < r.packages.size(); ++i)
    if (PackageId{i} != root)
      out.others.push_back(PackageId{i});
  return out;
}


void Decoder::worldItems(WorldId wid, PackageId root, const CTypeNode &node, Scope &sc,
                         llvm::DenseMap<validate::CTypeId, TypeId> *imported) {
  for (bool isImport : {true, false}) {
    std::vector<std::pair<WorldKey, WorldItem>> items;
    const llvm::StringMap<std::string> &impls =
        isImport ? node.importImplements : node.exportImplements;
    const llvm::StringMap<std::string> &extIds =
        isImport ? node.importExternalIds : node.exportExternalIds;
    for (auto &[name, e] : isImport ? node.imports : node.exports) {
      WorldItem item;
      WorldKey key;
      // `import b: a:b/i` is named `b` and implements `a:b/i`.
      auto impl = e.kind == externkind::Instance ? impls.find(name) : impls.end();
      bool named = llvm::StringRef(name).contains(':');
      if (e.kind == externkind::Instance && e.type < ct.size() && (named || impl != impls.end())) {
        llvm::StringRef iface = named ? llvm::StringRef(name) : llvm::StringRef(impl->second);
        // In a WIT package the interface is defined by its own type export;
        // in a component, by the instance type here.
        if (imported) {
          item.iface = interfaceNamed(iface);
          importTypes(item.iface, ct[e.type], *imported);
          // A world alone (a module's `component-type` section) carries
          // the only definition of the interfaces it names.
          if (!defined.lookup(item.iface.index))
            define(item.iface, ct[e.type], *imported);
        } else {
          item.iface = interfaceFor(iface.str(), e.type);
        }
        if (named) {
          key.iface = item.iface;
        } else {
          key.name = name;
          item.implements = true;
        }
      } else if (e.kind == externkind::Instance && e.type < ct.size()) {
        Interface inl;
        inl.package = root;
        item.iface = r.addInterface(std::move(inl));
        fill(item.iface, ct[e.type]);
        key.name = name;
      } else if (e.kind == externkind::Func) {
        auto f = function(name, e.type, sc);
        if (!f)
          continue;
        item.kind = WorldItem::FunctionItem;
        item.func = std::move(*f);
        key.name = name;
      } else if (e.kind == externkind::Type && isImport) {
        TypeId t = typeExport(name, e, sc, {}, imported);
        if (!t.valid())
          continue;
        item.kind = WorldItem::TypeItem;
        item.type = t;
        key.name = name;
      } else {
        continue; // values, modules, components and exported types have no WIT form
      }
      if (auto x = extIds.find(name); x != extIds.end()) {
        // WIT's `@external-id` of the item (a type's rides on the type).
        if (item.kind == WorldItem::FunctionItem)
          item.func.externalId = x->second;
        else if (item.kind == WorldItem::TypeItem)
          r.types[item.type.index].externalId = x->second;
        else
          item.externalId = x->second;
      }
      items.push_back({std::move(key), std::move(item)});
    }
    if (isImport)
      sortWorldImports(r, items); // the order WIT resolution gives them
    (isImport ? r[wid].imports : r[wid].exports) = std::move(items);
  }
}

llvm::Expected<Loaded> Decoder::run() {
  if (isPackage())
    return package();
  // WIT has no form for a component's exported modules, components, values
  // or types, and wit-component refuses them rather than leave them out.
  for (auto &[name, e] : info.types[info.component].exports)
    if (e.kind != externkind::Func && e.kind != externkind::Instance)
      return binary::makeError(binary::WasmError::NoOffset,
                               "component export `" + name + "` was not a function or instance");
  PackageId root = package("root", "component", "");
  World w;
  w.name = "root";
  w.package = root;
  WorldId wid = r.addWorld(std::move(w));
  Scope sc;
  sc.owner = {TypeOwner::World, wid.index};
  worldItems(wid, root, info.types[info.component], sc, nullptr);
  if (!unrepresentable.empty())
    return binary::makeError(0, "cannot represent this component in WIT: " + unrepresentable);
  Loaded out;
  out.root = root;
  for (uint32_t i = 0; i < r.packages.size(); ++i)
    if (PackageId{i} != root)
      out.others.push_back(PackageId{i});
  return out;
}

} // namespace

llvm::Expected<Loaded> decodeComponent(Resolve &r, const validate::ComponentInfo &info,
                                       llvm::ArrayRef<uint8_t> bytes) {
  Decoder d(r, info);
  bool isPackage = d.isPackage();
  auto loaded = d.run();
  if (!loaded || !isPackage || bytes.empty())
    return loaded;
  if (auto docs = findPackageDocs(bytes))
    if (llvm::Error e = applyPackageDocs(r, loaded->root, *docs))
      return e; // implicitly moved (C++20)
  return loaded;
}

void orderByDependencies(const Resolve &r, std::vector<PackageId> &pkgs, WorldId root) {
  // The walk starts from the packages in the order the world names them.
  llvm::DenseMap<uint32_t, size_t> firstUse;
  for (const auto *items : {&r[root].imports, &r[root].exports})
    for (auto &[key, item] : *items)
      if (item.kind == WorldItem::InterfaceItem && item.iface.valid())
        firstUse.try_emplace(r[item.iface].package.index, firstUse.size());
  std::stable_sort(pkgs.begin(), pkgs.end(), [&](PackageId a, PackageId b) {
    auto ia = firstUse.find(a.index), ib = firstUse.find(b.index);
    size_t ka = ia == firstUse.end() ? SIZE_MAX : ia->second;
    size_t kb = ib == firstUse.end() ? SIZE_MAX : ib->second;
    return ka < kb;
  });
  llvm::DenseSet<uint32_t> listed, visited;
  for (PackageId p : pkgs)
    listed.insert(p.index);
  auto depsOf = [&](PackageId p) {
    std::vector<uint32_t> deps;
    auto add = [&](InterfaceId i) {
      uint32_t q = r[i].package.index;
      if (q != p.index && listed.contains(q) &&
          std::find(deps.begin(), deps.end(), q) == deps.end())
        deps.push_back(q);
    };
    for (auto &[n, i] : r[p].interfaces) {
      std::vector<InterfaceId> direct;
      r.interfaceDirectDeps(i, direct);
      for (InterfaceId d : direct)
        add(d);
    }
    // (A world's items are not dependencies here: wasm-tools prints a
    // package whose world imports another before that one.)
    return deps;
  };
  // Depth-first without recursion: (package, its dependencies, next one).
  struct Frame {
    uint32_t pkg;
    std::vector<uint32_t> deps;
    size_t next = 0;
  };
  std::vector<PackageId> out;
  std::vector<Frame> stack;
  for (PackageId root : pkgs) {
    if (!visited.insert(root.index).second)
      continue;
    stack.push_back({root.index, depsOf(root)});
    while (!stack.empty()) {
      Frame &f = stack.back();
      if (f.next < f.deps.size()) {
        uint32_t d = f.deps[f.next++];
        if (visited.insert(d).second)
          stack.push_back({d, depsOf(PackageId{d})});
        continue;
      }
      out.push_back(PackageId{f.pkg});
      stack.pop_back();
    }
  }
  pkgs = std::move(out);
}

} // namespace wcomp::wit
