//===- wit/metadata.cpp - The package-docs custom section ----------------===//
//
// JSON shape (every member optional, empty ones left out):
//   package   = {docs, worlds: {name: world}, interfaces: {name: interface}}
//   world     = {docs, stability, interfaces: {name: interface} (inline
//                imports), types: {name: type}, funcs: {name: func} (imports),
//                interface_exports, func_exports, interface_import_stability:
//                {name: stability}, interface_export_stability}
//   interface = {docs, stability, funcs: {name: func}, types: {name: type}}
//   func      = {docs, stability} (or, in version 0, just the docs string)
//   type      = {docs, stability, items: {member: docs}}
//   stability = {"stable": {since, deprecated?}} | {"unstable": {feature, deprecated?}}
//
//===----------------------------------------------------------------------===//
#include "wit/metadata.h"

#include "binary/error.h"
#include "binary/parser.h"

#include "llvm/ADT/StringMap.h"

#include <nlohmann/json.hpp>

namespace wcomp::wit {

using Json = nlohmann::ordered_json;

namespace {

constexpr uint8_t Version = 1;

void putIf(Json &j, const char *key, Json v) {
  if (!v.is_null() && !(v.is_object() && v.empty()) &&
      !(v.is_string() && v.get_ref<const std::string &>().empty()))
    j[key] = std::move(v);
}

Json stability(const Stability &s) {
  Json inner = Json::object();
  if (!s.since.empty())
    inner["since"] = s.since;
  else if (!s.unstable.empty())
    inner["feature"] = s.unstable;
  else
    return nullptr; // wasm-tools has no form for `@deprecated` alone
  if (!s.deprecated.empty())
    inner["deprecated"] = s.deprecated;
  return Json{{s.since.empty() ? "unstable" : "stable", inner}};
}

Json docsAndGates(const std::string &docs, const Stability &s) {
  Json j = Json::object();
  putIf(j, "docs", docs);
  putIf(j, "stability", stability(s));
  return j;
}

Json typeMeta(const Resolve &r, TypeId t) {
  const TypeDef &d = r[t];
  Json j = docsAndGates(d.docs, d.stability);
  Json items = Json::object();
  for (const Member &m : d.members)
    if (!m.docs.empty())
      items[m.name] = m.docs;
  putIf(j, "items", std::move(items));
  return j;
}

Json interfaceMeta(const Resolve &r, InterfaceId i) {
  const Interface &f = r[i];
  Json j = docsAndGates(f.docs, f.stability);
  Json funcs = Json::object(), types = Json::object();
  for (const Function &fn : f.functions)
    putIf(funcs, r.functionName(fn).c_str(), docsAndGates(fn.docs, fn.stability));
  for (auto &[name, t] : f.types)
    putIf(types, name.c_str(), typeMeta(r, t));
  putIf(j, "funcs", std::move(funcs));
  putIf(j, "types", std::move(types));
  return j;
}

Json worldMeta(const Resolve &r, WorldId w) {
  const World &wd = r[w];
  Json j = docsAndGates(wd.docs, wd.stability);
  Json maps[2][4]; // [import, export][inline interfaces, funcs, interface gates, docs]
  Json types = Json::object();
  for (int exp = 0; exp < 2; ++exp) {
    for (Json &m : maps[exp])
      m = Json::object();
    for (auto &[key, item] : exp ? wd.exports : wd.imports) {
      bool named = !key.name.empty();
      switch (item.kind) {
      case WorldItem::InterfaceItem:
        if (named && !item.implements)
          putIf(maps[exp][0], key.name.c_str(), interfaceMeta(r, item.iface));
        else
        {
          std::string n = named ? key.name : r.interfaceName(key.iface);
          putIf(maps[exp][2], n.c_str(), stability(item.stability));
          putIf(maps[exp][3], n.c_str(), item.docs);
        }
        break;
      case WorldItem::FunctionItem:
        putIf(maps[exp][1], key.name.c_str(), docsAndGates(item.docs, item.stability));
        break;
      case WorldItem::TypeItem:
        putIf(types, key.name.c_str(), typeMeta(r, item.type));
        break;
      }
    }
  }
  putIf(j, "interfaces", std::move(maps[0][0]));
  putIf(j, "types", std::move(types));
  putIf(j, "funcs", std::move(maps[0][1]));
  putIf(j, "interface_exports", std::move(maps[1][0]));
  putIf(j, "func_exports", std::move(maps[1][1]));
  putIf(j, "interface_import_stability", std::move(maps[0][2]));
  putIf(j, "interface_export_stability", std::move(maps[1][2]));
  putIf(j, "interface_import_docs", std::move(maps[0][3]));
  putIf(j, "interface_export_docs", std::move(maps[1][3]));
  return j;
}

// --- reading ---------------------------------------------------------------

std::string str(const Json &j, const char *key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json &obj(const Json &j, const char *key) {
  static const Json empty = Json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : empty;
}

Stability readStability(const Json &j) {
  Stability s;
  if (!j.is_object())
    return s;
  if (const Json &st = obj(j, "stable"); !st.empty()) {
    s.since = str(st, "since");
    s.deprecated = str(st, "deprecated");
  } else if (const Json &un = obj(j, "unstable"); !un.empty()) {
    s.unstable = str(un, "feature");
    s.deprecated = str(un, "deprecated");
  }
  return s;
}

/// Docs and gates of an item: `{docs, stability}` or, in version 0, a string.
void readDocsAndGates(const Json &j, std::string &docs, Stability &s) {
  if (j.is_string()) {
    docs = j.get<std::string>();
    return;
  }
  if (!j.is_object())
    return;
  if (auto it = j.find("docs"); it != j.end() && it->is_string())
    docs = it->get<std::string>();
  if (j.contains("stability"))
    s = readStability(j["stability"]);
}

// Every lookup below goes through a map built once: a hostile section may
// name many thousands of items.

void applyType(Resolve &r, TypeId t, const Json &j) {
  TypeDef &d = r.types[t.index];
  readDocsAndGates(j, d.docs, d.stability);
  llvm::StringMap<Member *> members;
  for (Member &m : d.members)
    members.try_emplace(m.name, &m);
  for (auto &[name, docs] : obj(j, "items").items())
    if (auto it = members.find(name); it != members.end() && docs.is_string())
      it->second->docs = docs.get<std::string>();
}

void applyInterface(Resolve &r, InterfaceId i, const Json &j) {
  readDocsAndGates(j, r.interfaces[i.index].docs, r.interfaces[i.index].stability);
  llvm::StringMap<TypeId> types;
  for (auto &[n, t] : r.interfaces[i.index].types)
    types.try_emplace(n, t);
  for (auto &[name, tj] : obj(j, "types").items())
    if (auto it = types.find(name); it != types.end())
      applyType(r, it->second, tj);
  llvm::StringMap<Function *> funcs;
  for (Function &fn : r.interfaces[i.index].functions)
    funcs.try_emplace(r.functionName(fn), &fn);
  for (auto &[name, fj] : obj(j, "funcs").items())
    if (auto it = funcs.find(name); it != funcs.end())
      readDocsAndGates(fj, it->second->docs, it->second->stability);
}

void applyWorld(Resolve &r, WorldId w, const Json &j) {
  World &wd = r.worlds[w.index];
  readDocsAndGates(j, wd.docs, wd.stability);
  // Items by their name in the section: plain names, or `ns:pkg/iface@v`.
  auto index = [&](auto &items) {
    llvm::StringMap<WorldItem *> m;
    for (auto &[key, item] : items)
      m.try_emplace(key.name.empty() ? r.interfaceName(key.iface) : key.name, &item);
    return m;
  };
  llvm::StringMap<WorldItem *> imports = index(wd.imports), exports = index(wd.exports);
  auto iface = [&](WorldItem &item, const Json &v) {
    if (item.kind != WorldItem::InterfaceItem)
      return;
    applyInterface(r, item.iface, v);
    item.stability = r[item.iface].stability; // docs stay the interface's

  };
  auto func = [&](WorldItem &item, const Json &v) {
    if (item.kind != WorldItem::FunctionItem)
      return;
    readDocsAndGates(v, item.docs, item.stability);
    item.func.docs = item.docs;
    item.func.stability = item.stability;
  };
  // Imports, then exports; version 0 kept an export in the import maps when
  // no import had its name.
  auto apply = [&](const char *importKey, const char *exportKey, auto &&fn) {
    for (auto &[name, v] : obj(j, importKey).items()) {
      if (auto it = imports.find(name); it != imports.end())
        fn(*it->second, v);
      else if (auto ex = exports.find(name); ex != exports.end())
        fn(*ex->second, v);
    }
    for (auto &[name, v] : obj(j, exportKey).items())
      if (auto it = exports.find(name); it != exports.end())
        fn(*it->second, v);
  };
  apply("interfaces", "interface_exports", iface);
  apply("funcs", "func_exports", func);
  for (auto &[name, v] : obj(j, "interface_import_stability").items())
    if (auto it = imports.find(name); it != imports.end())
      it->second->stability = readStability(v);
  for (auto &[name, v] : obj(j, "interface_export_stability").items())
    if (auto it = exports.find(name); it != exports.end())
      it->second->stability = readStability(v);
  for (auto &[name, v] : obj(j, "interface_import_docs").items())
    if (auto it = imports.find(name); it != imports.end() && v.is_string())
      it->second->docs = v.get<std::string>();
  for (auto &[name, v] : obj(j, "interface_export_docs").items())
    if (auto it = exports.find(name); it != exports.end() && v.is_string())
      it->second->docs = v.get<std::string>();
  for (auto &[name, tj] : obj(j, "types").items())
    if (auto it = imports.find(name); it != imports.end() && it->second->kind == WorldItem::TypeItem)
      applyType(r, it->second->type, tj);
}

} // namespace

std::string encodePackageDocs(const Resolve &r, PackageId p) {
  const Package &pk = r[p];
  Json j = Json::object();
  putIf(j, "docs", pk.docs);
  Json worlds = Json::object(), interfaces = Json::object();
  for (auto &[name, w] : pk.worlds)
    putIf(worlds, name.c_str(), worldMeta(r, w));
  for (auto &[name, i] : pk.interfaces)
    putIf(interfaces, name.c_str(), interfaceMeta(r, i));
  putIf(j, "worlds", std::move(worlds));
  putIf(j, "interfaces", std::move(interfaces));
  if (j.empty())
    return {};
  // Invalid UTF-8 in a doc comment must not abort the encoding.
  // Appended rather than `string + string`: g++ 12 warns (-Wrestrict) on the
  // latter, a known false positive.
  std::string out(1, char(Version));
  out += j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return out;
}

llvm::Error applyPackageDocs(Resolve &r, PackageId p, llvm::ArrayRef<uint8_t> data) {
  if (data.empty() || data[0] > Version)
    return binary::makeError(
        0, "the `package-docs` section has version " +
               (data.empty() ? std::string("(none)") : std::to_string(data[0])) +
               "; versions 0 and 1 are supported");
  Json j = Json::parse(data.begin() + 1, data.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return binary::makeError(0, "the `package-docs` section is not a JSON object");
  if (auto it = j.find("docs"); it != j.end() && it->is_string())
    r.packages[p.index].docs = it->get<std::string>();
  llvm::StringMap<WorldId> worlds;
  for (auto &[n, w] : r[p].worlds)
    worlds.try_emplace(n, w);
  for (auto &[name, wj] : obj(j, "worlds").items())
    if (auto it = worlds.find(name); it != worlds.end())
      applyWorld(r, it->second, wj);
  llvm::StringMap<InterfaceId> interfaces;
  for (auto &[n, i] : r[p].interfaces)
    interfaces.try_emplace(n, i);
  for (auto &[name, ij] : obj(j, "interfaces").items())
    if (auto it = interfaces.find(name); it != interfaces.end())
      applyInterface(r, it->second, ij);
  return llvm::Error::success();
}

std::optional<llvm::ArrayRef<uint8_t>> findPackageDocs(llvm::ArrayRef<uint8_t> component) {
  binary::Parser parser(component);
  binary::Payload pl;
  while (true) {
    auto more = parser.next(pl);
    if (!more) {
      llvm::consumeError(more.takeError()); // not a metadata component: the caller says so
      return std::nullopt;
    }
    if (!*more)
      return std::nullopt;
    if (pl.kind != binary::Payload::Section || pl.depth != 0)
      continue;
    if (pl.id == 0 && pl.customName == PackageDocsSection)
      return pl.data;
    if (pl.id == binary::compsec::Component || pl.id == binary::compsec::CoreModule)
      parser.skipNested();
  }
}

} // namespace wcomp::wit
