//===- compose/config.cpp - Explicit wiring from a JSON file --------------===//
#include "compose/config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace wcomp::compose {

namespace {

using json = nlohmann::ordered_json;

#define WCOMP_TRY(x)                                                                               \
  if (llvm::Error e_ = (x))                                                                        \
  return e_

/// Reads one configuration into a graph; `where` is the path in the JSON.
class ConfigReader {
public:
  ConfigReader(Graph &g, std::string path, const LoadFile &load)
      : g(g), path(std::move(path)), load(load) {}

  llvm::Error run() {
    auto text = load(path);
    if (!text)
      return text.takeError();
    json doc;
    try {
      doc = json::parse(text->bytes.begin(), text->bytes.end());
    } catch (const json::parse_error &e) {
      // nlohmann reports the byte after the offending one; say line:column.
      size_t at = std::min<size_t>(e.byte ? e.byte - 1 : 0, text->bytes.size());
      size_t line = 1, col = 1;
      for (size_t i = 0; i < at; ++i, ++col)
        if (text->bytes[i] == '\n')
          line++, col = 0;
      std::string what = e.what();
      if (size_t p = what.find("syntax error"); p != std::string::npos)
        what = what.substr(p);
      return fail(std::to_string(line) + ":" + std::to_string(col), "not valid JSON: " + what);
    }
    if (!doc.is_object())
      return fail("", "expected an object with \"components\", \"instances\", \"exports\"");
    for (auto &[key, v] : doc.items())
      if (key != "components" && key != "instances" && key != "exports" && key != "plug")
        return fail(key, "unknown key (expected components, instances, exports, plug)");
    WCOMP_TRY(components(doc.value("components", json::object())));
    WCOMP_TRY(instances(doc.value("instances", json::array())));
    if (doc.contains("plug") && !doc["plug"].is_boolean())
      return fail("plug", "expected true or false");
    if (doc.value("plug", true))
      WCOMP_TRY(plugRest());
    return exports(doc.contains("exports") ? doc["exports"] : json());
  }

private:
  llvm::Error fail(const std::string &where, const llvm::Twine &msg) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + (where.empty() ? "" : ": " + where) + ": " + msg);
  }

  static std::string quoted(const std::string &s) { return json(s).dump(); }

  llvm::Error components(const json &c) {
    if (!c.is_object() || c.empty())
      return fail("components", "expected an object of component names and file paths");
    for (auto &[name, v] : c.items()) {
      std::string where = "components." + quoted(name);
      std::string file;
      if (v.is_string())
        file = v.get<std::string>();
      else if (v.is_object() && v.contains("path") && v["path"].is_string())
        file = v["path"].get<std::string>();
      else
        return fail(where, "expected a file path or {\"path\": ...}");
      llvm::SmallString<256> full(file);
      if (llvm::sys::path::is_relative(full)) {
        full = llvm::sys::path::parent_path(path);
        llvm::sys::path::append(full, file);
      }
      auto f = load(std::string(full));
      if (!f)
        return f.takeError();
      auto def = g.addDefinition(name, std::string(full), f->bytes);
      if (!def)
        return def.takeError();
      defs[name] = *def;
      if (v.is_object() && v.contains("import")) {
        const json &imp = v["import"];
        if (imp.is_boolean() && imp.get<bool>())
          g.definitions[*def].importName = dependencyImportName("dep", name);
        else if (imp.is_string())
          g.definitions[*def].importName = imp.get<std::string>();
        else if (!imp.is_boolean())
          return fail(where + ".import", "expected true or an import name "
                                         "(`unlocked-dep=<ns:name>`)");
      }
    }
    return llvm::Error::success();
  }

  llvm::Error instances(const json &list) {
    if (!list.is_array())
      return fail("instances", "expected an array");
    for (size_t n = 0; n < list.size(); ++n) {
      const json &in = list[n];
      std::string where = "instances[" + std::to_string(n) + "]";
      if (!in.is_object() || !in.contains("component") || !in["component"].is_string())
        return fail(where, "expected {\"component\": NAME, \"name\": ..., \"with\": {...}}");
      std::string comp = in["component"].get<std::string>();
      auto def = defs.find(comp);
      if (def == defs.end())
        return fail(where + ".component", "no component named `" + comp + "`");
      std::string name = in.contains("name") && in["name"].is_string()
                             ? in["name"].get<std::string>()
                             : comp;
      if (byName.count(name))
        return fail(where, "two instances are named `" + name + "` (give each a \"name\")");
      uint32_t i = g.addInstance(name, def->second);
      byName[name] = i;
      if (in.contains("with"))
        WCOMP_TRY(with(i, in["with"], where + ".with"));
    }
    if (g.instances.empty())
      for (auto &[name, def] : defs)
        byName[name] = g.addInstance(name, def);
    return llvm::Error::success();
  }

  /// Resolves `"INSTANCE"` or `{"instance": I, "export": E}` for an import.
  llvm::Error with(uint32_t i, const json &w, const std::string &where) {
    if (!w.is_object())
      return fail(where, "expected an object of import names");
    const auto &imports = g.importsOf(g.instances[i].definition);
    for (auto &[importName, v] : w.items()) {
      std::string here = where + "." + quoted(importName);
      size_t k = 0;
      while (k < imports.size() && imports[k].first != importName)
        ++k;
      if (k == imports.size())
        return fail(here, "`" + g.instances[i].name + "` has no import named `" + importName +
                              "`");
      Decision &d = g.instances[i].decisions[k];
      d.note = "configuration";
      if (v.is_object() && v.contains("import")) {
        if (!v["import"].is_string())
          return fail(here, "\"import\" takes the name the composition imports it by");
        g.instances[i].importAs[k] = v["import"].get<std::string>();
        g.instances[i].args[k].kind = Source::Unset;
        continue;
      }
      std::string from, exportName;
      if (v.is_string()) {
        from = v.get<std::string>();
      } else if (v.is_object() && v.contains("instance") && v["instance"].is_string()) {
        from = v["instance"].get<std::string>();
        if (v.contains("export")) {
          if (!v["export"].is_string())
            return fail(here, "\"export\" takes an export name");
          exportName = v["export"].get<std::string>();
        }
      } else {
        return fail(here, "expected an instance name, {\"instance\": I, \"export\": E} or "
                          "{\"import\": NAME}");
      }
      auto p = byName.find(from);
      if (p == byName.end())
        return fail(here, "no instance named `" + from + "` before this one");
      const auto &exports = g.exportsOf(g.instances[p->second].definition);
      if (exportName.empty()) {
        auto m = matchingExport(exports, importName);
        if (!m)
          return fail(here, "`" + from + "` has no export matching `" + importName + "`");
        exportName = *m;
      } else if (std::none_of(exports.begin(), exports.end(),
                              [&](auto &x) { return x.first == exportName; })) {
        return fail(here, "`" + from + "` has no export named `" + exportName + "`");
      }
      g.instances[i].args[k] = Source::exportOf(p->second, exportName);
    }
    return llvm::Error::success();
  }

  /// Imports the configuration left open are plugged from the other
  /// instances when exactly one exports a matching name.
  llvm::Error plugRest() {
    for (uint32_t i = 0; i < g.instances.size(); ++i) {
      Instance &in = g.instances[i];
      const auto &imports = g.importsOf(in.definition);
      for (size_t k = 0; k < imports.size(); ++k) {
        if (in.args[k].kind != Source::Unset || !in.decisions[k].note.empty())
          continue;
        std::vector<std::pair<uint32_t, std::string>> found;
        for (uint32_t p = 0; p < g.instances.size(); ++p)
          if (p != i)
            if (auto m = matchingExport(g.exportsOf(g.instances[p].definition), imports[k].first))
              found.push_back({p, *m});
        if (found.size() > 1) {
          std::string who;
          for (auto &[p, m] : found)
            who += (who.empty() ? "`" : ", `") + g.instances[p].name + "`";
          in.decisions[k].error = "ambiguous: instances " + who + " all export it";
          return fail("instances", "`" + in.name + "` import `" + imports[k].first +
                                       "`: " + in.decisions[k].error +
                                       " (choose one in its \"with\")");
        }
        if (found.size() == 1)
          in.args[k] = Source::exportOf(found[0].first, found[0].second);
      }
    }
    return llvm::Error::success();
  }

  llvm::Error exports(const json &list) {
    if (list.is_null()) {
      uint32_t last = uint32_t(g.instances.size() - 1);
      for (const auto &[name, e] : g.exportsOf(g.instances[last].definition))
        g.exports.push_back({name, Source::exportOf(last, name)});
      return llvm::Error::success();
    }
    if (!list.is_array())
      return fail("exports", "expected an array");
    for (size_t n = 0; n < list.size(); ++n) {
      const json &x = list[n];
      std::string where = "exports[" + std::to_string(n) + "]";
      if (!x.is_object() || !x.contains("instance") || !x["instance"].is_string())
        return fail(where, "expected {\"instance\": I, \"export\": E, \"as\": NAME}");
      std::string from = x["instance"].get<std::string>();
      auto p = byName.find(from);
      if (p == byName.end())
        return fail(where, "no instance named `" + from + "`");
      const auto &all = g.exportsOf(g.instances[p->second].definition);
      if (!x.contains("export")) {
        for (const auto &[name, e] : all)
          g.exports.push_back({name, Source::exportOf(p->second, name)});
        continue;
      }
      if (!x["export"].is_string() || (x.contains("as") && !x["as"].is_string()))
        return fail(where, "\"export\" and \"as\" take names");
      std::string name = x["export"].get<std::string>();
      if (std::none_of(all.begin(), all.end(), [&](auto &e) { return e.first == name; }))
        return fail(where, "`" + from + "` has no export named `" + name + "`");
      g.exports.push_back({x.value("as", name), Source::exportOf(p->second, name)});
    }
    for (size_t a = 0; a < g.exports.size(); ++a)
      for (size_t b = 0; b < a; ++b)
        if (g.exports[a].name == g.exports[b].name)
          return fail("exports", "`" + g.exports[a].name + "` is exported twice");
    return llvm::Error::success();
  }
#undef WCOMP_TRY

  Graph &g;
  std::string path;
  const LoadFile &load;
  std::map<std::string, uint32_t> defs, byName;
};

} // namespace

llvm::Error fromConfig(Graph &g, const std::string &path, const LoadFile &load) {
  return ConfigReader(g, path, load).run();
}

} // namespace wcomp::compose
