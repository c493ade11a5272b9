//===- wit/json.cpp - A Resolve as wit-parser's JSON ----------------------===//
//
// The layout `wasm-tools component wit --json` prints (wit-parser's serde
// form of its Resolve): keys in wit-parser's field order, maps where it has
// maps (interface functions and world items keyed by their names), optional
// fields left out when wit-parser leaves them out.
//
//===----------------------------------------------------------------------===//
#include "wit/json.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <map>

namespace wcomp::wit {

namespace {

using Json = nlohmann::ordered_json;

/// Type ids as wit-parser numbers its arena: anonymous types that are
/// structurally equal are one (it interns them), and the anonymous
/// `own<T>` handles are made when it copies the package into its Resolve:
/// the first time a type (before that type), then a function (interfaces',
/// then worlds'), refers to one.
struct Numbering {
  std::vector<uint32_t> rep;   ///< each type's representative (old id)
  std::vector<int64_t> id;     ///< a representative's new id
  std::vector<uint32_t> order; ///< representatives in new-id order
  uint32_t of(TypeId t) const { return uint32_t(id[rep[t.index]]); }
};

/// number()'s work: wit-parser merges a package at a time (its types,
/// then its interfaces' functions, then its worlds'), interning anonymous
/// types and `own` handles within the package. Packages resolved from text
/// know where their types begin; a decoded Resolve is one group.
class Numberer {
public:
  explicit Numberer(const Resolve &r) : r(r), count(r.types.size()) {
    n.rep.resize(count);
    n.id.assign(count, -1);
    for (const Package &p : r.packages) {
      fromText |= p.fromText;
      begins.push_back(p.typesBegin);
    }
    grouped = !begins.empty() && std::is_sorted(begins.begin(), begins.end()) &&
              begins.back() > 0;
    groups = grouped ? r.packages.size() : 1;
  }

  Numbering run() {
    intern();
    for (size_t g = 0; g < groups; ++g) {
      uint32_t from = grouped ? begins[g] : 0;
      uint32_t to = grouped && g + 1 < groups ? begins[g + 1] : uint32_t(count);
      types(from, to);
      functions(g);
      // Then the copies `include` made, as wit-parser makes them last.
      for (uint32_t t = from; t < to; ++t)
        if (r.types[t].cloned)
          assign(t);
    }
    for (uint32_t t = 0; t < count; ++t)
      assign(t);
    return std::move(n);
  }

private:
  bool anonOwn(const TypeDef &d) const {
    return fromText && d.name.empty() && d.kind == TypeDef::Own && !d.cloned;
  }
  uint32_t groupOf(uint32_t t) const {
    return grouped ? uint32_t(std::upper_bound(begins.begin(), begins.end(), t) - begins.begin() - 1)
                   : 0;
  }
  /// Each type's representative: anonymous types interned by structure,
  /// `own` handles by resource, within a group.
  void intern() {
    std::map<std::string, uint32_t> anon;
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> owns; ///< (package, resource) -> first handle
    for (uint32_t t = 0; t < count; ++t) {
      const TypeDef &d = r.types[t];
      n.rep[t] = t;
      // A decoded Resolve has one type per binary type already (wit-parser's
      // decoder does not intern).
      if (!d.name.empty() || d.cloned || !fromText)
        continue;
      if (d.kind == TypeDef::Own && fromText) {
        n.rep[t] = owns.try_emplace({groupOf(t), d.resource.index}, t).first->second;
        continue;
      }
      // Inner anonymous types come before outer ones, so their
      // representatives are known here.
      std::string key = std::to_string(groupOf(t)) + "/" +
                        structuralKey(d, [&](uint32_t i) { return n.rep[i]; });
      n.rep[t] = anon.try_emplace(key, t).first->second;
    }
  }
  void assign(uint32_t t) {
    t = n.rep[t];
    if (n.id[t] < 0) {
      n.id[t] = int64_t(n.order.size());
      n.order.push_back(t);
    }
  }
  void owned(const std::optional<TypeRef> &x) {
    if (x && x->prim == TypeRef::Defined && anonOwn(r.types[n.rep[x->id.index]]))
      assign(x->id.index);
  }
  void function(const Function &f) {
    for (auto &[pn, t] : f.params)
      owned(t);
    owned(f.result);
  }
  /// The types from `from` to `to`, each after the anonymous types it is
  /// made of.
  void types(uint32_t from, uint32_t to) {
    // Each type after the anonymous types it is made of (a decoder may
    // have made a named type first); resolved text is in this order already.
    std::vector<std::pair<uint32_t, bool>> stack;
    for (uint32_t root = from; root < to; ++root) {
      if (n.rep[root] != root || anonOwn(r.types[root]) || r.types[root].cloned)
        continue;
      stack.push_back({root, false});
      while (!stack.empty()) {
        auto [t, expanded] = stack.back();
        const TypeDef &d = r.types[t];
        if (n.id[t] >= 0) {
          stack.pop_back();
          continue;
        }
        if (!expanded) {
          stack.back().second = true;
          auto part = [&](const std::optional<TypeRef> &x) {
            if (!x || x->prim != TypeRef::Defined)
              return;
            uint32_t c = n.rep[x->id.index];
            const TypeDef &cd = r.types[c];
            if (cd.name.empty() && !anonOwn(cd) && !cd.cloned && n.id[c] < 0)
              stack.push_back({c, false});
          };
          part(d.b);
          part(d.a);
          for (auto it = d.types.rbegin(); it != d.types.rend(); ++it)
            part(*it);
          for (auto it = d.members.rbegin(); it != d.members.rend(); ++it)
            part(it->type);
          continue;
        }
        stack.pop_back();
        for (const Member &m : d.members)
          owned(m.type);
        for (TypeRef x : d.types)
          owned(x);
        owned(d.a);
        owned(d.b);
        assign(t);
      }
    }
  }
  /// Group `g`'s functions: interfaces' first, then worlds'.
  void functions(size_t g) {
    auto mine = [&](PackageId p) { return !grouped || p.index == g; };
    for (const Interface &i : r.interfaces)
      if (mine(i.package))
        for (const Function &f : i.functions)
          function(f);
    for (const World &w : r.worlds)
      if (mine(w.package))
        for (auto *items : {&w.imports, &w.exports})
          for (auto &[k, item] : *items)
            if (item.kind == WorldItem::FunctionItem)
              function(item.func);
  }

  const Resolve &r;
  size_t count;
  Numbering n;
  bool fromText = false;
  std::vector<uint32_t> begins; ///< where each package's types begin
  bool grouped = false;
  size_t groups = 1;
};

Numbering number(const Resolve &r) { return Numberer(r).run(); }

/// `"docs": {"contents": ...}`, when there are docs.
void docs(Json &j, const std::string &d) {
  if (!d.empty())
    j["docs"] = {{"contents", d}};
}

/// `"stability"`: `{"stable": {"since", "deprecated"?}}` or `{"unstable":
/// {"feature", "deprecated"?}}`, when gated.
void stability(Json &j, const Stability &s) {
  if (!s.since.empty()) {
    Json st = {{"since", s.since}};
    if (!s.deprecated.empty())
      st["deprecated"] = s.deprecated;
    j["stability"] = {{"stable", st}};
  } else if (!s.unstable.empty()) {
    Json st = {{"feature", s.unstable}};
    if (!s.deprecated.empty())
      st["deprecated"] = s.deprecated;
    j["stability"] = {{"unstable", st}};
  }
}





/// Writes one Resolve as JSON, type references by wit-parser's numbering.
struct Writer {
  const Resolve &r;
  Numbering n;

  Json typeRef(TypeRef t) const {
    if (t.prim != TypeRef::Defined)
      return primName(t.prim);
    return n.of(t.id);
  }
  Json optRef(const std::optional<TypeRef> &t) const { return t ? typeRef(*t) : Json(nullptr); }

  Json function(const Function &f) const {
    Json j;
    j["name"] = r.functionName(f);
    const char *acc = f.accessor == Function::Getter   ? "-getter"
                      : f.accessor == Function::Setter ? "-setter"
                                                       : "";
    switch (f.kind) {
    case Function::Freestanding:
      j["kind"] = f.accessor == Function::Getter   ? "getter"
                  : f.accessor == Function::Setter ? "setter"
                  : f.async                        ? "async-freestanding"
                                                   : "freestanding";
      break;
    case Function::Method:
      j["kind"] = {{f.async ? "async-method" : std::string("method") + acc,
                    typeRef(TypeRef::of(f.resource))}};
      break;
    case Function::Static:
      j["kind"] = {{f.async ? "async-static" : std::string("static") + acc,
                    typeRef(TypeRef::of(f.resource))}};
      break;
    case Function::Constructor: j["kind"] = {{"constructor", typeRef(TypeRef::of(f.resource))}}; break;
    }
    Json params = Json::array();
    for (auto &[name, t] : f.params)
      params.push_back({{"name", name}, {"type", typeRef(t)}});
    j["params"] = params;
    if (f.result)
      j["result"] = typeRef(*f.result);
    docs(j, f.docs);
    stability(j, f.stability);
    if (f.externalId)
      j["external_id"] = *f.externalId;
    return j;
  }

  Json kind(const TypeDef &d) const {
    auto members = [&](const char *list, bool typed) {
      Json ms = Json::array();
      for (const Member &m : d.members) {
        Json x = {{"name", m.name}};
        if (typed)
          x["type"] = optRef(m.type);
        docs(x, m.docs);
        ms.push_back(x);
      }
      return Json{{list, ms}};
    };
    switch (d.kind) {
    case TypeDef::Record: return {{"record", members("fields", true)}};
    case TypeDef::Variant: return {{"variant", members("cases", true)}};
    case TypeDef::Enum: return {{"enum", members("cases", false)}};
    case TypeDef::Flags: return {{"flags", members("flags", false)}};
    case TypeDef::Resource: return "resource";
    case TypeDef::Own: return {{"handle", {{"own", typeRef(TypeRef::of(d.resource))}}}};
    case TypeDef::Borrow: return {{"handle", {{"borrow", typeRef(TypeRef::of(d.resource))}}}};
    case TypeDef::Tuple: {
      Json ts = Json::array();
      for (TypeRef t : d.types)
        ts.push_back(typeRef(t));
      return {{"tuple", {{"types", ts}}}};
    }
    case TypeDef::Option: return {{"option", optRef(d.a)}};
    case TypeDef::Result: return {{"result", {{"ok", optRef(d.a)}, {"err", optRef(d.b)}}}};
    case TypeDef::List: return {{"list", optRef(d.a)}};
    case TypeDef::Map: return {{"map", Json::array({optRef(d.a), optRef(d.b)})}};
    case TypeDef::FixedList: return {{"fixed-length-list", Json::array({optRef(d.a), d.length})}};
    case TypeDef::Future: return {{"future", optRef(d.a)}};
    case TypeDef::Stream: return {{"stream", optRef(d.a)}};
    case TypeDef::Alias: return {{"type", optRef(d.a)}};
    }
    return "unknown";
  }

  Json typeDef(const TypeDef &d) const {
    Json j;
    j["name"] = d.name.empty() ? Json(nullptr) : Json(d.name);
    j["kind"] = kind(d);
    if (d.owner.kind == TypeOwner::Interface)
      j["owner"] = {{"interface", d.owner.index}};
    else if (d.owner.kind == TypeOwner::World)
      j["owner"] = {{"world", d.owner.index}};
    else
      j["owner"] = nullptr;
    docs(j, d.docs);
    // The anonymous `own<T>` handles wit-parser makes when merging have no gate.
    if (!(d.name.empty() && d.kind == TypeDef::Own))
      stability(j, d.stability);
    if (d.externalId)
      j["external_id"] = *d.externalId;
    return j;
  }

  /// World items keyed as wit-parser keys them: a plain name, or
  /// `interface-N` for an interface imported or exported by its own name.
  Json worldItems(const std::vector<std::pair<WorldKey, WorldItem>> &items) const {
    Json out = Json::object();
    for (auto &[key, item] : items) {
      std::string k = key.iface.valid() ? "interface-" + std::to_string(key.iface.index) : key.name;
      Json j;
      switch (item.kind) {
      case WorldItem::InterfaceItem: {
        Json i = {{"id", item.iface.index}};
        stability(i, item.stability);
        if (item.externalId)
          i["external_id"] = *item.externalId;
        docs(i, item.docs);
        j["interface"] = i;
        break;
      }
      case WorldItem::FunctionItem: j["function"] = function(item.func); break;
      case WorldItem::TypeItem: j["type"] = typeRef(TypeRef::of(item.type)); break;
      }
      out[k] = j;
    }
    return out;
  }
};

} // namespace

nlohmann::ordered_json toJson(const Resolve &r) {
  Writer wr{r, number(r)};
  Json worlds = Json::array();
  for (const World &w : r.worlds) {
    Json j;
    j["name"] = w.name;
    j["imports"] = wr.worldItems(w.imports);
    j["exports"] = wr.worldItems(w.exports);
    j["package"] = w.package.valid() ? Json(w.package.index) : Json(nullptr);
    docs(j, w.docs);
    stability(j, w.stability);
    worlds.push_back(j);
  }
  Json ifaces = Json::array();
  for (const Interface &i : r.interfaces) {
    Json j;
    j["name"] = i.name.empty() ? Json(nullptr) : Json(i.name);
    Json ts = Json::object();
    for (auto &[n, t] : i.types)
      ts[n] = wr.typeRef(TypeRef::of(t));
    j["types"] = ts;
    Json fs = Json::object();
    for (const Function &f : i.functions)
      fs[r.functionName(f)] = wr.function(f);
    j["functions"] = fs;
    docs(j, i.docs);
    stability(j, i.stability);
    j["package"] = i.package.valid() ? Json(i.package.index) : Json(nullptr);
    if (i.cloneOf.valid())
      j["clone_of"] = i.cloneOf.index;
    ifaces.push_back(j);
  }
  Json types = Json::array();
  for (uint32_t t : wr.n.order)
    types.push_back(wr.typeDef(r.types[t]));
  Json pkgs = Json::array();
  for (const Package &p : r.packages) {
    Json j;
    j["name"] = p.id();
    docs(j, p.docs);
    Json is = Json::object(), ws = Json::object();
    for (auto &[n, i] : p.interfaces)
      is[n] = i.index;
    for (auto &[n, w] : p.worlds)
      ws[n] = w.index;
    j["interfaces"] = is;
    j["worlds"] = ws;
    pkgs.push_back(j);
  }
  Json out;
  out["worlds"] = worlds;
  out["interfaces"] = ifaces;
  out["types"] = types;
  out["packages"] = pkgs;
  return out;
}

} // namespace wcomp::wit
