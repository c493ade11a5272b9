//===- compose/plug.cpp - Plugging: a root and the plugs it needs ---------===//
#include "compose/errors.h"
#include "compose/plug.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"

#include <deque>

namespace wcomp::compose {

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
  auto error = std::make_unique<PlugError>();
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
        AmbiguousImport a{i, k, "instance `" + g.instances[i].name + "`, import `" + need + "`",
                          {}};
        for (auto &[p, n] : found)
          a.plugs.push_back(names[plugDefs[p]]);
        d.error = a.why();
        error->ambiguous.push_back(std::move(a));
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
      error->unused.push_back(unusedPlug(g, names[plugDefs[p]], plugs[p].path, plugDefs[p],
                                         *rootDef, names[*rootDef]));
  if (error->ambiguous.empty() && error->unused.empty())
    return llvm::Error::success();
  return llvm::Error(std::move(error));
}

UnusedPlug unusedPlug(const Graph &g, const std::string &name, const std::string &path,
                      uint32_t def, uint32_t rootDef, const std::string &rootName) {
  // Every import of the composition so far, by its name without version.
  llvm::StringMap<std::vector<std::string>> byBase;
  for (const Instance &inst : g.instances)
    for (const auto &[n, e] : g.importsOf(inst.definition))
      byBase[unversioned(n)].push_back(n);
  UnusedPlug out{name, path, {}, rootName, {}};
  for (const auto &[n, e] : g.exportsOf(def)) {
    auto it = byBase.find(unversioned(n));
    out.exports.push_back({n, it == byBase.end() ? std::string() : it->second.front()});
  }
  // Root and plug swapped? The plug imports what the root exports.
  const auto &rootExports = g.exportsOf(rootDef);
  for (const auto &[n, e] : g.importsOf(def))
    if (matchingExport(rootExports, n)) {
      out.swappedImport = n;
      break;
    }
  return out;
}

std::string AmbiguousImport::why() const {
  std::string who;
  for (const std::string &p : plugs)
    who += (who.empty() ? "`" : ", `") + p + "`";
  return "ambiguous: plugs " + who +
         " all export it (choose one in a WAC document or with --config)";
}

std::string UnusedPlug::message() const {
  // The version after `@`, or "(none)".
  auto version = [](const std::string &n) {
    return unversioned(n) == n ? std::string("(none)") : n.substr(unversioned(n).size() + 1);
  };
  std::string msg = "plug `" + plug + "` (" + path + ") supplies none of the imports:";
  if (exports.empty())
    msg += "\n  it exports nothing";
  for (const UnusedExport &e : exports)
    msg += "\n  export `" + e.name + "`: " +
           (e.importedAs.empty() ? std::string("nothing imports it")
                                 : "imported as `" + e.importedAs + "`, and version " +
                                       version(e.name) + " is not compatible with " +
                                       version(e.importedAs));
  if (!swappedImport.empty())
    msg += "\n  it imports `" + swappedImport + "`, which `" + root +
           "` exports: were the root and the plug swapped? The root comes first: wcomp "
           "compose " + path + " ...";
  return msg;
}

char PlugError::ID = 0;

void PlugError::log(llvm::raw_ostream &os) const {
  std::vector<std::string> lines;
  for (const AmbiguousImport &a : ambiguous)
    lines.push_back(a.name + ": " + a.why());
  for (const UnusedPlug &u : unused)
    lines.push_back(u.message());
  os << detail::joinLines(lines);
}

std::error_code PlugError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

char StrictError::ID = 0;

void StrictError::log(llvm::raw_ostream &os) const {
  std::vector<std::string> lines;
  for (const ImportFailure &f : unsupplied)
    lines.push_back(f.name + ": " + f.why);
  os << detail::joinLines(lines);
}

std::error_code StrictError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

llvm::Error checkStrict(const Graph &g, llvm::ArrayRef<std::string> allowed) {
  auto error = std::make_unique<StrictError>();
  for (const Import &imp : g.imports) {
    if (llvm::any_of(allowed, [&](const std::string &a) { return allowedBy(a, imp.name); }))
      continue;
    for (auto [i, k] : imp.users)
      error->unsupplied.push_back(
          {i, k,
           "instance `" + g.instances[i].name + "`, import `" +
               g.importsOf(g.instances[i].definition)[k].first + "`",
           "no plug supplies it (--strict; allow it with --allow-import)", std::nullopt});
  }
  if (error->unsupplied.empty())
    return llvm::Error::success();
  return llvm::Error(std::move(error));
}

} // namespace wcomp::compose
