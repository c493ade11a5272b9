//===- compose/plug.cpp - Plugging: a root and the plugs it needs ---------===//
#include "compose/errors.h"
#include "compose/plug.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"

#include <deque>

namespace wcomp::compose {

using detail::failure;
using detail::failures;

namespace {

/// The part of an interface name before its version.
llvm::StringRef unversioned(llvm::StringRef name) { return name.take_until([](char c) { return c == '@'; }); }

} // namespace

bool allowedBy(llvm::StringRef pattern, llvm::StringRef name) {
  // A glob (`wasi:*`, `wasi:cli/*@0.2.*`), or a name matched as imports
  // match exports (semver-compatible versions).
  if (pattern.find_first_of("*?[") != llvm::StringRef::npos) {
    auto glob = llvm::GlobPattern::create(pattern);
    if (glob)
      return glob->match(name);
    llvm::consumeError(glob.takeError()); // checked when the options are read
    return false;
  }
  return namesMatch(pattern, name);
}

std::string instanceName(llvm::StringRef path, const std::vector<std::string> &taken) {
  std::string base = llvm::sys::path::stem(path).str();
  if (base.empty())
    base = "component";
  std::string name = base;
  for (unsigned n = 2; llvm::is_contained(taken, name); ++n)
    name = base + "-" + std::to_string(n);
  return name;
}

llvm::Error plug(Graph &g, const InputFile &root, llvm::ArrayRef<InputFile> plugs,
                 bool importPlugs) {
  std::vector<std::string> names;
  auto addDef = [&](const InputFile &f) -> llvm::Expected<uint32_t> {
    names.push_back(instanceName(f.path, names));
    return g.addDefinition(names.back(), f.path, f.bytes);
  };
  auto rootDef = addDef(root);
  if (!rootDef)
    return rootDef.takeError();
  std::vector<uint32_t> plugDefs;
  for (const InputFile &f : plugs) {
    auto d = addDef(f);
    if (!d)
      return d.takeError();
    plugDefs.push_back(*d);
    if (importPlugs)
      g.importDefinition(*d, "plug", names.back());
  }
  std::vector<std::optional<uint32_t>> plugInstance(plugs.size());
  std::vector<bool> candidate(plugs.size(), false);
  std::vector<std::string> errors;
  std::deque<uint32_t> work{g.addInstance(names[*rootDef], *rootDef)};
  while (!work.empty()) {
    uint32_t i = work.front();
    work.pop_front();
    const auto &imports = g.importsOf(g.instances[i].definition);
    for (uint32_t k = 0; k < imports.size(); ++k) {
      const std::string &need = imports[k].first;
      std::vector<std::pair<size_t, std::string>> found;
      for (size_t p = 0; p < plugs.size(); ++p) {
        if (plugInstance[p] == i)
          continue; // a plug does not supply itself
        const auto &exports = g.exportsOf(plugDefs[p]);
        if (auto name = matchingExport(exports, need)) {
          found.push_back({p, *name});
          continue;
        }
        for (const auto &[n, e] : exports)
          if (n != need && unversioned(n) == unversioned(need) && unversioned(n) != n &&
              unversioned(need) != need)
            g.instances[i].decisions[k].rejected.push_back(
                "plug `" + names[plugDefs[p]] + "` exports `" + n + "`: version " +
                n.substr(unversioned(n).size() + 1) + " is not compatible with " +
                need.substr(unversioned(need).size() + 1));
      }
      Decision &d = g.instances[i].decisions[k];
      for (auto &[p, n] : found)
        candidate[p] = true;
      if (found.size() > 1) {
        std::string who;
        for (auto &[p, n] : found)
          who += (who.empty() ? "`" : ", `") + names[plugDefs[p]] + "`";
        d.error = "ambiguous: plugs " + who + " all export it (choose one in a WAC document or with --config)";
        errors.push_back("instance `" + g.instances[i].name + "`, import `" + need + "`: " +
                         d.error);
        continue;
      }
      if (found.empty())
        continue;
      auto [p, exportName] = found.front();
      if (!plugInstance[p]) {
        plugInstance[p] = g.addInstance(names[plugDefs[p]], plugDefs[p]);
        work.push_back(*plugInstance[p]);
      }
      g.instances[i].args[k] = Source::exportOf(*plugInstance[p], exportName);
    }
  }
  for (const auto &[name, e] : g.exportsOf(*rootDef))
    g.exports.push_back({name, Source::exportOf(0, name)});
  // A plug that supplies nothing is a mistake (a wrong version, a wrong
  // file, root and plug swapped): say why none of its exports matched.
  for (size_t p = 0; p < plugs.size(); ++p)
    if (!candidate[p])
      errors.push_back(unusedPlug(g, names[plugDefs[p]], plugs[p].path, plugDefs[p], *rootDef,
                                  names[*rootDef]));
  return failures(errors);
}

std::string unusedPlug(const Graph &g, const std::string &name, const std::string &path,
                       uint32_t def, uint32_t rootDef, const std::string &rootName) {
  // Every import of the composition so far, by its name without version.
  llvm::StringMap<std::vector<std::string>> byBase;
  for (const Instance &inst : g.instances)
    for (const auto &[n, e] : g.importsOf(inst.definition))
      byBase[unversioned(n)].push_back(n);
  std::string why;
  const auto &exports = g.exportsOf(def);
  for (const auto &[n, e] : exports) {
    why += "\n  export `" + n + "`: ";
    auto it = byBase.find(unversioned(n));
    if (it == byBase.end()) {
      why += "nothing imports it";
      continue;
    }
    why += "imported as `" + it->second.front() + "`, and version " +
           (unversioned(n) == n ? std::string("(none)") : n.substr(unversioned(n).size() + 1)) +
           " is not compatible with " +
           (unversioned(it->second.front()) == it->second.front()
                ? std::string("(none)")
                : it->second.front().substr(unversioned(it->second.front()).size() + 1));
  }
  if (exports.empty())
    why = "\n  it exports nothing";
  std::string msg = "plug `" + name + "` (" + path + ") supplies none of the imports:" + why;
  // Root and plug swapped? The plug imports what the root exports.
  const auto &rootExports = g.exportsOf(rootDef);
  for (const auto &[n, e] : g.importsOf(def))
    if (matchingExport(rootExports, n)) {
      msg += "\n  it imports `" + n + "`, which `" + rootName +
             "` exports: were the root and the plug swapped? The root comes first: wcomp "
             "compose " + path + " ...";
      break;
    }
  return msg;
}

llvm::Error checkStrict(const Graph &g, llvm::ArrayRef<std::string> allowed) {
  std::vector<std::string> missing;
  for (const Import &imp : g.imports) {
    if (llvm::any_of(allowed, [&](const std::string &a) { return allowedBy(a, imp.name); }))
      continue;
    for (auto [i, k] : imp.users)
      missing.push_back("instance `" + g.instances[i].name + "`, import `" +
                        g.importsOf(g.instances[i].definition)[k].first +
                        "`: no plug supplies it (--strict; allow it with --allow-import)");
  }
  return failures(missing);
}

} // namespace wcomp::compose
