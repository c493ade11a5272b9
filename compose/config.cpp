//===- compose/config.cpp - Explicit wiring from a JSON file --------------===//
#include "compose/config.h"

#include "binary/error.h"
#include "validate/component_names.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

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
    // Every access below checks types first; this is the backstop that keeps
    // a JSON library exception from ever reaching main.
    try {
      return read();
    } catch (const json::exception &e) {
      return fail("", std::string("unexpected JSON: ") + e.what());
    }
  }

private:
  /// Parses `bytes` into `doc`: duplicate keys, nesting deeper than
  /// MaxDepth and numbers out of range are errors with their place.
  llvm::Error parse(llvm::ArrayRef<uint8_t> bytes, json &doc) {
    struct Frame {
      bool object;
      std::set<std::string> keys;
      std::string last; ///< the current key (objects)
      size_t index = 0; ///< the current element (arrays)
    };
    std::vector<Frame> stack;
    // The place as the other messages write it: `instances[0].with."a:b/c"`.
    auto place = [&](size_t frames) {
      std::string at;
      for (size_t i = 0; i < frames && i < stack.size(); ++i) {
        const Frame &f = stack[i];
        if (!f.object)
          at += "[" + std::to_string(f.index) + "]";
        else if (i == 0 && llvm::all_of(f.last, [](char c) { return c >= 'a' && c <= 'z'; }))
          at += f.last;
        else
          at += (at.empty() ? "" : ".") + quoted(f.last);
      }
      return at;
    };
    struct Refused {
      std::string where, what;
    };
    auto next = [&] {
      if (!stack.empty() && !stack.back().object)
        stack.back().index++;
    };
    auto cb = [&](int, json::parse_event_t ev, json &parsed) -> bool {
      using E = json::parse_event_t;
      switch (ev) {
      case E::object_start:
      case E::array_start:
        if (stack.size() >= MaxDepth)
          throw Refused{place(stack.size()), "nested more than " + std::to_string(MaxDepth) + " levels deep"};
        stack.push_back({ev == E::object_start, {}, {}, 0});
        break;
      case E::key: {
        std::string k = parsed.get<std::string>();
        if (k.find('\0') != std::string::npos)
          throw Refused{place(stack.size() - 1), "a key contains a NUL character"};
        if (!stack.back().keys.insert(k).second)
          throw Refused{place(stack.size() - 1), "duplicate key " + quoted(k)};
        stack.back().last = std::move(k);
        break;
      }
      case E::object_end:
      case E::array_end:
        stack.pop_back();
        next();
        break;
      case E::value:
        next();
        break;
      }
      return true;
    };
    try {
      doc = json::parse(bytes.begin(), bytes.end(), cb);
    } catch (const Refused &r) {
      return fail(r.where, r.what);
    } catch (const json::parse_error &e) {
      // nlohmann reports the byte after the offending one; say line:column.
      size_t at = std::min<size_t>(e.byte ? e.byte - 1 : 0, bytes.size());
      size_t line = 1, col = 1;
      for (size_t i = 0; i < at; ++i, ++col)
        if (bytes[i] == '\n')
          line++, col = 0;
      std::string what = e.what();
      if (size_t p = what.find("syntax error"); p != std::string::npos)
        what = what.substr(p);
      return fail(std::to_string(line) + ":" + std::to_string(col), "not valid JSON: " + what);
    } catch (const json::exception &e) {
      // A number out of range (1e999999): nlohmann gives no position.
      std::string what = e.what();
      if (size_t p = what.find("] "); p != std::string::npos)
        what = what.substr(p + 2);
      return fail(place(stack.size()), "not valid JSON: " + what);
    }
    return llvm::Error::success();
  }

  llvm::Error read() {
    auto text = load(path);
    if (!text)
      return text.takeError();
    json doc;
    if (llvm::Error e = parse(text->bytes, doc))
      return e;
    if (!doc.is_object())
      return fail("", "expected an object with \"components\", \"instances\", \"exports\"");
    for (auto &[key, v] : doc.items())
      if (key != "components" && key != "instances" && key != "exports" && key != "plug")
        return fail(quoted(key), "unknown key (expected components, instances, exports, plug)");
    WCOMP_TRY(components(doc.value("components", json::object())));
    WCOMP_TRY(instances(doc.value("instances", json::array())));
    if (doc.contains("plug") && !doc["plug"].is_boolean())
      return fail("plug", "expected true or false");
    if (doc.value("plug", true))
      WCOMP_TRY(plugRest());
    return exports(doc.contains("exports") ? doc["exports"] : json());
  }

  llvm::Error fail(const std::string &where, const llvm::Twine &msg) {
    return llvm::make_error<ConfigError>(path, where, msg.str());
  }

  /// A JSON string literal for messages; replaced, not thrown on, if the
  /// text is not UTF-8.
  static std::string quoted(const std::string &s) {
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  }

  /// `v` as a string. A NUL byte is refused: a path would end there (the
  /// file opened would not be the one named) and no name may hold one.
  llvm::Expected<std::string> str(const json &v, const std::string &where,
                                  const llvm::Twine &expected) {
    if (!v.is_string())
      return fail(where, "expected " + expected);
    std::string out = v.get<std::string>();
    if (out.find('\0') != std::string::npos)
      return fail(where, "contains a NUL character");
    return out;
  }

  /// Refuses the keys of `obj` that are not in `allowed`.
  llvm::Error only(const json &obj, const std::string &where,
                   std::initializer_list<llvm::StringRef> allowed) {
    for (auto &[key, v] : obj.items())
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (llvm::StringRef a : allowed)
          list += (list.empty() ? "" : ", ") + a.str();
        return fail(where + "." + quoted(key), "unknown key (expected " + list + ")");
      }
    return llvm::Error::success();
  }

  /// A name the composition imports or exports by, checked against the
  /// component model's name grammar here, where the place is known.
  llvm::Expected<std::string> externName(const json &v, const std::string &where, bool isImport) {
    std::string name;
    WCOMP_ASSIGN(name, str(v, where, isImport ? "an import name" : "an export name"));
    auto ok = validate::checkExternName(name, isImport);
    if (!ok)
      return fail(where, binary::errorText(ok.takeError()));
    return name;
  }

  llvm::Error components(const json &c) {
    if (!c.is_object() || c.empty())
      return fail("components", "expected an object of component names and file paths");
    for (auto &[name, v] : c.items()) {
      std::string where = "components." + quoted(name);
      std::string file;
      if (v.is_object()) {
        WCOMP_TRY(only(v, where, {"path", "import"}));
        if (!v.contains("path"))
          return fail(where, "expected {\"path\": FILE, \"import\": ...}");
        WCOMP_ASSIGN(file, str(v["path"], where + ".path", "a file path"));
      } else {
        WCOMP_ASSIGN(file, str(v, where, "a file path or {\"path\": ...}"));
      }
      if (file.empty())
        return fail(where, "the file path is empty");
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
        // One import per component: two with one name would be one import.
        auto unique = [&]() -> llvm::Error {
          const std::string &n = g.definitions[*def].importName;
          if (n.empty())
            return llvm::Error::success();
          auto [it, fresh] = importNames.try_emplace(n, name);
          if (!fresh)
            return fail(where + ".import", "`" + n + "` is also the import name of component `" +
                                               it->second + "` (name one of them with " +
                                               "\"import\": NAME)");
          return llvm::Error::success();
        };
        if (imp.is_boolean() && imp.get<bool>())
          g.importDefinition(*def, "dep", name);
        else if (imp.is_string())
          WCOMP_ASSIGN(g.definitions[*def].importName, externName(imp, where + ".import", true));
        else if (!imp.is_boolean())
          return fail(where + ".import", "expected true or an import name "
                                         "(`unlocked-dep=<ns:name>`)");
        WCOMP_TRY(unique());
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
      if (!in.is_object() || !in.contains("component"))
        return fail(where, "expected {\"component\": NAME, \"name\": ..., \"with\": {...}}");
      WCOMP_TRY(only(in, where, {"component", "name", "with"}));
      std::string comp;
      WCOMP_ASSIGN(comp, str(in["component"], where + ".component", "a component name"));
      auto def = defs.find(comp);
      if (def == defs.end())
        return fail(where + ".component", "no component named `" + comp + "`");
      std::string name = comp;
      if (in.contains("name"))
        WCOMP_ASSIGN(name, str(in["name"], where + ".name", "an instance name"));
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
        WCOMP_TRY(only(v, here, {"import"}));
        WCOMP_ASSIGN(g.instances[i].importAs[k], externName(v["import"], here + ".import", true));
        g.instances[i].args[k].kind = Source::Unset;
        continue;
      }
      std::string from, exportName;
      if (v.is_string()) {
        WCOMP_ASSIGN(from, str(v, here, "an instance name"));
      } else if (v.is_object() && v.contains("instance")) {
        WCOMP_TRY(only(v, here, {"instance", "export"}));
        WCOMP_ASSIGN(from, str(v["instance"], here + ".instance", "an instance name"));
        if (v.contains("export"))
          WCOMP_ASSIGN(exportName, str(v["export"], here + ".export", "an export name"));
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
      if (!x.is_object() || !x.contains("instance"))
        return fail(where, "expected {\"instance\": I, \"export\": E, \"as\": NAME}");
      WCOMP_TRY(only(x, where, {"instance", "export", "as"}));
      std::string from;
      WCOMP_ASSIGN(from, str(x["instance"], where + ".instance", "an instance name"));
      auto p = byName.find(from);
      if (p == byName.end())
        return fail(where, "no instance named `" + from + "`");
      const auto &all = g.exportsOf(g.instances[p->second].definition);
      if (!x.contains("export")) {
        if (x.contains("as"))
          return fail(where + ".as", "renames one export: give its \"export\"");
        for (const auto &[name, e] : all)
          g.exports.push_back({name, Source::exportOf(p->second, name)});
        continue;
      }
      std::string name, as;
      WCOMP_ASSIGN(name, str(x["export"], where + ".export", "an export name"));
      if (std::none_of(all.begin(), all.end(), [&](auto &e) { return e.first == name; }))
        return fail(where, "`" + from + "` has no export named `" + name + "`");
      as = name;
      if (x.contains("as"))
        WCOMP_ASSIGN(as, externName(x["as"], where + ".as", false));
      g.exports.push_back({as, Source::exportOf(p->second, name)});
    }
    for (size_t a = 0; a < g.exports.size(); ++a)
      for (size_t b = 0; b < a; ++b)
        if (g.exports[a].name == g.exports[b].name)
          return fail("exports", "`" + g.exports[a].name + "` is exported twice");
    return llvm::Error::success();
  }
#undef WCOMP_TRY

  /// Containers deeper than this are refused (the document is a few levels
  /// deep; the bound keeps every walk of it shallow).
  static constexpr size_t MaxDepth = 64;

  Graph &g;
  std::string path;
  const LoadFile &load;
  std::map<std::string, uint32_t> defs, byName;
  std::map<std::string, std::string> importNames; ///< import name -> component
};

} // namespace

char ConfigError::ID = 0;

void ConfigError::log(llvm::raw_ostream &os) const {
  os << file << (where.empty() ? "" : ": ") << where << ": " << message;
}

std::error_code ConfigError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

llvm::Error fromConfig(Graph &g, const std::string &path, const LoadFile &load) {
  return ConfigReader(g, path, load).run();
}

} // namespace wcomp::compose
