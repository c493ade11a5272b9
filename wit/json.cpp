//===- wit/json.cpp - A Resolve as JSON -----------------------------------===//
#include "wit/json.h"

namespace wcomp::wit {

namespace {

using Json = nlohmann::ordered_json;

Json typeRef(TypeRef t) {
  if (t.prim != TypeRef::Defined)
    return primName(t.prim);
  return t.id.index;
}

Json optRef(const std::optional<TypeRef> &t) { return t ? typeRef(*t) : Json(nullptr); }

/// Docs and gates, only when present.
void common(Json &j, const std::string &docs, const Stability &s) {
  if (!docs.empty())
    j["docs"] = docs;
  if (!s.empty()) {
    Json st = Json::object();
    if (!s.since.empty())
      st["since"] = s.since;
    if (!s.unstable.empty())
      st["unstable"] = s.unstable;
    if (!s.deprecated.empty())
      st["deprecated"] = s.deprecated;
    j["stability"] = st;
  }
}

Json function(const Function &f) {
  static const char *kinds[] = {"freestanding", "method", "static", "constructor"};
  Json j;
  j["name"] = f.name;
  j["kind"] = kinds[f.kind];
  if (f.resource.valid())
    j["resource"] = f.resource.index;
  if (f.async)
    j["async"] = true;
  Json params = Json::array();
  for (auto &[n, t] : f.params)
    params.push_back({{"name", n}, {"type", typeRef(t)}});
  j["params"] = params;
  j["result"] = optRef(f.result);
  if (f.externalId)
    j["external-id"] = *f.externalId;
  common(j, f.docs, f.stability);
  return j;
}

Json typeDef(const TypeDef &d) {
  static const char *kinds[] = {"record", "resource", "flags", "variant", "enum", "option",
                                "result", "list",     "fixed-length-list", "future", "stream",
                                "tuple",  "map",      "own",   "borrow",  "type"};
  Json j;
  j["name"] = d.name.empty() ? Json(nullptr) : Json(d.name);
  j["kind"] = kinds[d.kind];
  if (d.owner.kind == TypeOwner::Interface)
    j["owner"] = {{"interface", d.owner.index}};
  else if (d.owner.kind == TypeOwner::World)
    j["owner"] = {{"world", d.owner.index}};
  else
    j["owner"] = nullptr;
  switch (d.kind) {
  case TypeDef::Record: case TypeDef::Variant: case TypeDef::Enum: case TypeDef::Flags: {
    Json ms = Json::array();
    for (const Member &m : d.members) {
      Json x = {{"name", m.name}};
      if (d.kind == TypeDef::Record || d.kind == TypeDef::Variant)
        x["type"] = optRef(m.type);
      if (!m.docs.empty())
        x["docs"] = m.docs;
      ms.push_back(x);
    }
    j[d.kind == TypeDef::Record ? "fields" : d.kind == TypeDef::Variant ? "cases"
      : d.kind == TypeDef::Enum ? "cases" : "flags"] = ms;
    break;
  }
  case TypeDef::Tuple: {
    Json ts = Json::array();
    for (TypeRef t : d.types)
      ts.push_back(typeRef(t));
    j["types"] = ts;
    break;
  }
  case TypeDef::Result:
    j["ok"] = optRef(d.a);
    j["err"] = optRef(d.b);
    break;
  case TypeDef::Map:
    j["key"] = optRef(d.a);
    j["value"] = optRef(d.b);
    break;
  case TypeDef::Own: case TypeDef::Borrow:
    j["resource"] = d.resource.index;
    break;
  case TypeDef::FixedList:
    j["element"] = optRef(d.a);
    j["length"] = d.length;
    break;
  case TypeDef::Resource:
    break;
  case TypeDef::Alias:
    j["type"] = optRef(d.a);
    break;
  default: // list, option, future, stream
    j["element"] = optRef(d.a);
  }
  common(j, d.docs, d.stability);
  return j;
}

Json worldItems(const Resolve &r, const std::vector<std::pair<WorldKey, WorldItem>> &items) {
  Json out = Json::array();
  for (auto &[key, item] : items) {
    Json j;
    j["name"] = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    switch (item.kind) {
    case WorldItem::InterfaceItem:
      j["interface"] = item.iface.index;
      if (item.implements)
        j["implements"] = true;
      break;
    case WorldItem::FunctionItem: j["function"] = function(item.func); break;
    case WorldItem::TypeItem: j["type"] = item.type.index; break;
    }
    if (item.externalId)
      j["external-id"] = *item.externalId;
    common(j, item.docs, item.stability);
    out.push_back(j);
  }
  return out;
}

} // namespace

nlohmann::ordered_json toJson(const Resolve &r) {
  Json out;
  Json pkgs = Json::array();
  for (const Package &p : r.packages) {
    Json j;
    j["name"] = p.id();
    Json is = Json::object(), ws = Json::object();
    for (auto &[n, i] : p.interfaces)
      is[n] = i.index;
    for (auto &[n, w] : p.worlds)
      ws[n] = w.index;
    j["interfaces"] = is;
    j["worlds"] = ws;
    if (!p.docs.empty())
      j["docs"] = p.docs;
    pkgs.push_back(j);
  }
  Json ifaces = Json::array();
  for (const Interface &i : r.interfaces) {
    Json j;
    j["name"] = i.name.empty() ? Json(nullptr) : Json(i.name);
    j["package"] = i.package.index;
    Json ts = Json::object();
    for (auto &[n, t] : i.types)
      ts[n] = t.index;
    j["types"] = ts;
    Json fs = Json::array();
    for (const Function &f : i.functions)
      fs.push_back(function(f));
    j["functions"] = fs;
    common(j, i.docs, i.stability);
    ifaces.push_back(j);
  }
  Json worlds = Json::array();
  for (const World &w : r.worlds) {
    Json j;
    j["name"] = w.name;
    j["package"] = w.package.index;
    j["imports"] = worldItems(r, w.imports);
    j["exports"] = worldItems(r, w.exports);
    common(j, w.docs, w.stability);
    worlds.push_back(j);
  }
  Json types = Json::array();
  for (const TypeDef &d : r.types)
    types.push_back(typeDef(d));
  out["packages"] = pkgs;
  out["interfaces"] = ifaces;
  out["worlds"] = worlds;
  out["types"] = types;
  return out;
}

} // namespace wcomp::wit
