//===- compose/wac_types.cpp - A WAC document's packages and types --------===//
#include "compose/targets.h"
#include "compose/wac_reader.h"

#include "binary/error.h"
#include "binary/names.h"
#include "validate/component_validator.h"
#include "validate/module_validator.h"
#include "wit/decode.h"
#include "wit/loader.h"
#include "wit/parser.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <deque>

namespace wcomp::compose {

using detail::WacReader;
using detail::WacValue;

namespace {

/// The world the explicit imports are gathered in (a name no WAC
/// identifier can clash with in practice; it is never written out).
constexpr const char *ImportsWorld = "wac-composition-imports";

/// The packages a parsed WIT item names (`use`s, imports, includes), to be
/// read, and given the version of the one read when written without.
void foreignPackages(wit::ast::PackageItem &item, std::vector<wit::ast::PackageName *> &out) {
  auto path = [&](wit::ast::UsePath &p) {
    if (p.package)
      out.push_back(&*p.package);
  };
  auto iface = [&](wit::ast::Interface &i) {
    for (wit::ast::InterfaceItem &it : i.items)
      if (it.kind == wit::ast::InterfaceItem::UseItem)
        path(it.use.path);
  };
  if (item.kind == wit::ast::PackageItem::InterfaceItem)
    iface(item.iface);
  if (item.kind != wit::ast::PackageItem::WorldItem)
    return;
  for (wit::ast::WorldItem &w : item.world.items) {
    if (w.kind == wit::ast::WorldItem::UseItem)
      path(w.use.path);
    else if (w.kind == wit::ast::WorldItem::Include)
      path(w.path);
    else if (w.kind == wit::ast::WorldItem::Import || w.kind == wit::ast::WorldItem::Export) {
      if (w.form == wit::ast::WorldItem::ByPath || w.form == wit::ast::WorldItem::NamedPath)
        path(w.path);
      if (w.form == wit::ast::WorldItem::NamedInterface)
        iface(w.inlineIface);
    }
  }
}

/// `a:b/c@1.0.0` names `want` (`a:b/c`, maybe with a version).
bool namesItem(llvm::StringRef have, const wac::PackagePath &want) {
  std::string w = want.str();
  return have == w || (want.version.empty() && have.starts_with(w + "@"));
}

} // namespace

llvm::Expected<std::string> WacReader::locate(const wac::PackagePath &p) {
  // wac uses `--dep` for unversioned references only; here it serves both
  // (a WIT package's version is checked by witPackage).
  for (const auto &[name, file] : opts.deps)
    if (name == p.package) {
      if (!llvm::sys::fs::exists(file))
        return binary::makeError(p.offset, "local path `" + file + "` for package `" +
                                               p.package + "` does not exist");
      return file;
    }
  llvm::SmallString<256> dir(opts.depsDir);
  llvm::SmallVector<llvm::StringRef, 4> segments;
  llvm::StringRef(p.package).split(segments, ':');
  for (llvm::StringRef seg : segments)
    llvm::sys::path::append(dir, seg);
  // wac's layout puts a version in a folder (`DIR/ns/name/1.0.0.wasm`);
  // the unversioned place is tried next (a WIT package there must have
  // that version, which witPackage checks).
  std::vector<std::string> stems;
  if (!p.version.empty()) {
    llvm::SmallString<256> versioned(dir);
    llvm::sys::path::append(versioned, p.version);
    stems.push_back(std::string(versioned));
  }
  stems.push_back(std::string(dir));
  std::string looked;
  for (const std::string &stem : stems) {
    if (llvm::sys::fs::is_directory(stem))
      return stem;
    for (const char *ext : {".wat", ".wasm", ".wit"})
      if (llvm::sys::fs::exists(stem + ext))
        return stem + ext;
    looked += (looked.empty() ? "" : ", ") + stem + ".wasm, " + stem + ".wat, " + stem +
              ".wit, the folder " + stem;
  }
  return binary::makeError(p.offset, "package `" + p.key() + "` was not found (looked for " +
                                         looked + "; give its file with `--dep " + p.package +
                                         "=FILE`)");
}

llvm::Expected<uint32_t> WacReader::component(const wac::PackagePath &p) {
  std::string key = p.key();
  if (auto it = components.find(key); it != components.end())
    return it->second;
  auto file = locate(p);
  if (!file)
    return file.takeError();
  if (llvm::sys::fs::is_directory(*file) || llvm::StringRef(*file).ends_with(".wit"))
    return binary::makeError(p.offset, "package `" + key + "` (" + *file +
                                           ") is WIT, not a component: `new` instantiates a "
                                           "component");
  auto in = load(*file);
  if (!in)
    return binary::makeError(p.offset, llvm::toString(in.takeError()));
  auto def = g.addDefinition(key, in->path, in->bytes);
  if (!def)
    return binary::makeError(p.offset, llvm::toString(def.takeError()));
  if (opts.importDependencies)
    g.importDefinition(*def, p.package.substr(0, p.package.find(':')),
                       p.package.substr(p.package.find(':') + 1), p.version);
  components[key] = *def;
  return *def;
}

llvm::Expected<wit::PackageId> WacReader::witPackage(const wac::PackagePath &p) {
  std::string key = p.key();
  if (auto it = witPackages.find(key); it != witPackages.end())
    return it->second;
  wit::Resolve &r = s.resolve;
  auto same = [&](const wit::Package &pkg) {
    return pkg.ns + ":" + pkg.name == p.package && (p.version.empty() || pkg.version == p.version);
  };
  // Already read (a dependency of a package read before).
  for (uint32_t i = 0; i < r.packages.size(); ++i)
    if (same(r.packages[i]))
      return witPackages[key] = wit::PackageId{i};
  auto file = locate(p);
  if (!file)
    return file.takeError();
  std::optional<wit::Loaded> loaded;
  if (llvm::sys::fs::is_directory(*file) || llvm::StringRef(*file).ends_with(".wit")) {
    auto l = wit::loadWit(r, s.sources, *file, opts.witOptions);
    if (!l)
      return l.takeError(); // points into the WIT file
    loaded = std::move(*l);
  } else {
    auto in = load(*file);
    if (!in)
      return binary::makeError(p.offset, llvm::toString(in.takeError()));
    validate::ValidateOptions vopts;
    vopts.features = validate::Features::all();
    auto info = validate::validateComponent(in->bytes, vopts);
    if (!info)
      return binary::makeError(p.offset, *file + ": " + binary::errorText(info.takeError()));
    auto l = wit::decodeComponent(r, *info, in->bytes);
    if (!l)
      return binary::makeError(p.offset, *file + ": " + binary::errorText(l.takeError()));
    loaded = std::move(*l);
  }
  if (!same(r[loaded->root]))
    return binary::makeError(p.offset, "`" + *file + "` is the package `" +
                                           r[loaded->root].id() + "`, not `" + key + "`");
  return witPackages[key] = loaded->root;
}

llvm::Expected<wit::ast::File> WacReader::parseAt(uint32_t begin, uint32_t end,
                                                  const std::string &prefix,
                                                  const std::string &suffix) {
  std::string piece = prefix + text.substr(begin - base, end - begin) + suffix;
  return wit::parseFile(piece, begin - uint32_t(prefix.size()));
}

llvm::Error WacReader::addWorldItems(WacDeclared &d, llvm::Expected<wit::ast::File> f) {
  if (!f)
    return f.takeError();
  for (wit::ast::PackageItem &it : f->items)
    for (wit::ast::WorldItem &wi : it.world.items)
      d.imports.items.push_back(std::move(wi));
  return llvm::Error::success();
}

llvm::Error WacReader::declareType(const wac::Statement &st, WacDeclared &d) {
  // Declarations and local names share one namespace, as in wac.
  if (localOffsets.count(st.declName.text))
    return binary::makeError(st.declName.offset, "`" + st.declName.text + "` is already defined");
  localOffsets[st.declName.text] = st.declName.offset;
  if (st.funcAlias) {
    d.funcAliases[st.declName.text] = {base + st.typeBegin, base + st.typeEnd};
    return llvm::Error::success();
  }
  if (st.declKind == "interface" || st.declKind == "world") {
    auto f = parseAt(st.offset, st.end, "", "");
    if (!f)
      return f.takeError();
    for (wit::ast::PackageItem &it : f->items)
      d.items.push_back(std::move(it));
    d.interfaces[st.declName.text] = st.declKind == "interface";
    return llvm::Error::success();
  }
  return addWorldItems(d, parseAt(st.offset, st.end, "world w{", "}"));
}

/// A world item importing the interface at `path` (with `package`, a
/// foreign one), written at `offset`.
static wit::ast::WorldItem importByPath(std::optional<wit::ast::PackageName> package,
                                        std::string name, uint32_t nameAt, uint32_t offset) {
  wit::ast::WorldItem wi;
  wi.kind = wit::ast::WorldItem::Import;
  wi.form = wit::ast::WorldItem::ByPath;
  wi.path.package = std::move(package);
  wi.path.name = {std::move(name), nameAt};
  wi.offset = offset;
  return wi;
}

llvm::Error WacReader::declareImport(const wac::Statement &st, WacDeclared &d) {
  if (localOffsets.count(st.local.text))
    return binary::makeError(st.local.offset, "`" + st.local.text + "` is already defined");
  localOffsets[st.local.text] = st.local.offset;
  const wac::PackagePath &self = doc.package;
  auto selfName = [&](const std::string &item) {
    return self.package + "/" + item + (self.version.empty() ? "" : "@" + self.version);
  };
  WacDeclared::Explicit x{&st, st.local.text};
  uint32_t tb = base + st.typeBegin, te = base + st.typeEnd;
  std::string named = "world w{import " + st.local.text + ": ";
  switch (st.importType) {
  case wac::Statement::ByFunc:
  case wac::Statement::ByInterface:
    // WIT ends an inline interface with its brace, a function with `;`.
    WCOMP_CHECK(addWorldItems(
        d, parseAt(tb, te, named, st.importType == wac::Statement::ByFunc ? ";}" : "}")));
    break;
  case wac::Statement::ByLocal: {
    const std::string &n = st.typeName.text;
    if (auto fa = d.funcAliases.find(n); fa != d.funcAliases.end()) {
      WCOMP_CHECK(addWorldItems(d, parseAt(fa->second.first, fa->second.second, named, ";}")));
    } else if (auto it = d.interfaces.find(n); it != d.interfaces.end() && it->second) {
      d.imports.items.push_back(importByPath(std::nullopt, n, st.typeName.offset, st.offset));
      x.worldName = selfName(n);
    } else {
      return binary::makeError(st.typeName.offset,
                               "`" + n + "` is not an interface or a function type declared "
                                         "before this import");
    }
    break;
  }
  case wac::Statement::ByPath: {
    if (st.path.package == self.package) {
      // The document's own interface, by its path.
      auto it = d.interfaces.find(st.path.item);
      if (it == d.interfaces.end() || !it->second)
        return binary::makeError(st.path.offset, "`" + st.path.item +
                                                     "` is not an interface declared before "
                                                     "this import");
      d.imports.items.push_back(
          importByPath(std::nullopt, st.path.item, st.path.offset, st.offset));
      x.worldName = selfName(st.path.item);
      break;
    }
    auto pkg = witPackage({st.path.package, st.path.version, "", st.path.offset, st.path.end});
    if (!pkg)
      return pkg.takeError();
    size_t colon = st.path.package.find(':');
    const std::string &version = s.resolve[*pkg].version;
    d.imports.items.push_back(importByPath(
        wit::ast::PackageName{st.path.package.substr(0, colon), st.path.package.substr(colon + 1),
                              version, st.path.offset},
        st.path.item, st.path.offset, st.offset));
    x.worldName = st.path.package + "/" + st.path.item + (version.empty() ? "" : "@" + version);
    break;
  }
  }
  d.explicits.push_back(x);
  return llvm::Error::success();
}

llvm::Error WacReader::readForeign(wit::ast::PackageItem &it) {
  std::vector<wit::ast::PackageName *> names;
  foreignPackages(it, names);
  for (wit::ast::PackageName *n : names) {
    if (n->ns + ":" + n->name == doc.package.package)
      continue;
    auto p = witPackage({n->ns + ":" + n->name, n->version, "", n->offset, n->offset});
    if (!p)
      return p.takeError();
    if (n->version.empty())
      n->version = s.resolve[*p].version;
  }
  return llvm::Error::success();
}

void WacReader::pendImports(const WacDeclared &d, validate::CTypeId world) {
  // Added to the composition in statement order (importStatement), each
  // after the imports its types use, as wac orders them.
  // The explicit imports by the world's name for them (a path written
  // without a version matches the world's versioned name).
  std::map<std::string, std::vector<const WacDeclared::Explicit *>> byWorldName;
  for (const WacDeclared::Explicit &x : d.explicits)
    byWorldName[x.st->importType == wac::Statement::ByPath ? x.st->path.str() : x.worldName]
        .push_back(&x);
  for (const auto &[name, type] : g.types()[world].imports) {
    PendingImport p{name, type, nullptr, false};
    std::vector<const WacDeclared::Explicit *> matches;
    for (llvm::StringRef key : {llvm::StringRef(name), llvm::StringRef(name).split('@').first})
      if (auto it = byWorldName.find(key.str()); it != byWorldName.end())
        for (const WacDeclared::Explicit *x : it->second)
          if (std::find(matches.begin(), matches.end(), x) == matches.end())
            matches.push_back(x);
    for (const WacDeclared::Explicit *x : matches) {
      const wac::Statement &st = *x->st;
      bool match = st.importType == wac::Statement::ByPath ? namesItem(name, st.path)
                                                            : name == x->worldName;
      if (!match)
        continue;
      p.statement = &st;
      explicitAt[&st] = uint32_t(pending.size());
      if (st.importType == wac::Statement::ByLocal && x->worldName == name &&
          !d.funcAliases.count(st.typeName.text))
        p.interfaceName = name;
      pending.push_back(p);
    }
    if (!p.statement)
      pending.push_back(p);
  }
}

llvm::Error WacReader::declarations() {
  // Each declaration is parsed where it is written; world items (types of
  // the composition, imports) inside a world opened just before them, so
  // that every offset is the document's.
  WacDeclared d;
  d.imports.name = {ImportsWorld, base};
  for (const wac::Statement &st : doc.statements) {
    if (st.kind == wac::Statement::Type)
      WCOMP_CHECK(declareType(st, d));
    else if (st.kind == wac::Statement::Import)
      WCOMP_CHECK(declareImport(st, d));
  }
  // The packages the declarations name are read first; a reference
  // without a version takes the version of the package read (as wac
  // resolves packages by name).
  for (wit::ast::PackageItem &it : d.items)
    WCOMP_CHECK(readForeign(it));
  bool anyImports = !d.imports.items.empty();
  if (d.items.empty() && !anyImports)
    return llvm::Error::success();
  {
    wit::ast::PackageItem w;
    w.kind = wit::ast::PackageItem::WorldItem;
    w.offset = base;
    w.world = std::move(d.imports);
    WCOMP_CHECK(readForeign(w));
    if (anyImports)
      d.items.push_back(std::move(w));
  }
  const wac::PackagePath &self = doc.package;
  wit::PackageSource src;
  size_t colon = self.package.find(':');
  src.name = {self.package.substr(0, colon), self.package.substr(colon + 1), self.version,
              self.offset};
  uint32_t file = s.sources.fileCount() - 1;
  for (const wit::ast::PackageItem &it : d.items)
    src.items.push_back({file, &it});
  auto ids = wit::resolvePackages(s.resolve, {src}, opts.witOptions);
  if (!ids)
    return ids.takeError();
  wit::PackageId pkg = ids->front();
  witPackages[self.key()] = pkg;
  if (!anyImports)
    return llvm::Error::success();
  wit::WorldId world;
  for (const auto &[n, w] : s.resolve[pkg].worlds)
    if (n == ImportsWorld)
      world = w;
  s.owned.emplace_back();
  auto wt = worldType(g, s.resolve, world, s.owned.back());
  if (!wt)
    return binary::makeError(base, llvm::toString(wt.takeError()));
  pendImports(d, *wt);
  return llvm::Error::success();
}

llvm::Error WacReader::targets() {
  if (!doc.targets)
    return llvm::Error::success();
  const wac::PackagePath &t = *doc.targets;
  auto pkg = t.package == doc.package.package
                 ? llvm::Expected<wit::PackageId>(witPackages.count(doc.package.key())
                                                      ? witPackages[doc.package.key()]
                                                      : wit::PackageId{})
                 : witPackage({t.package, t.version, "", t.offset, t.end});
  if (!pkg)
    return pkg.takeError();
  if (pkg->valid())
    for (const auto &[n, w] : s.resolve[*pkg].worlds)
      if (n == t.item) {
        s.targets = w;
        s.targetsOffset = t.offset;
        return llvm::Error::success();
      }
  return binary::makeError(t.offset, "`" + t.str() + "` is not a world");
}

llvm::Error WacReader::run(const std::string &path, std::string t) {
  text = std::move(t);
  auto b = s.sources.add(path, text);
  if (!b)
    return b.takeError();
  base = *b;
  auto parsed = wac::parse(text, base);
  if (!parsed)
    return parsed.takeError();
  doc = std::move(*parsed);
  if (llvm::Error e = declarations())
    return e;
  if (llvm::Error e = targets())
    return e;
  return statements();
}

llvm::Error fromWac(Graph &g, WacSession &session, const std::string &path, std::string text,
                    const WacOptions &opts, const LoadFile &load) {
  return WacReader(g, session, opts, load).run(path, std::move(text));
}

std::string renderResolveErrors(const Graph &g, const WacSession &session) {
  std::string out;
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance &in = g.instances[i];
    for (uint32_t k = 0; k < in.decisions.size(); ++k) {
      if (in.decisions[k].error.empty())
        continue;
      uint32_t at = i < session.argOffsets.size() && k < session.argOffsets[i].size()
                        ? session.argOffsets[i][k]
                        : 0;
      out += session.render(binary::makeError(
          at, "instance `" + in.name + "`, import `" + g.importsOf(in.definition)[k].first +
                  "`: " + in.decisions[k].error));
    }
  }
  return out;
}

llvm::Error checkWacTargets(const WacSession &session, llvm::ArrayRef<uint8_t> composed,
                            llvm::StringRef path) {
  if (!session.targets)
    return llvm::Error::success();
  auto rep = checkTargets(composed, path, session.resolve, *session.targets);
  if (!rep)
    return rep.takeError();
  if (rep->ok())
    return llvm::Error::success();
  std::string msg = "the composition does not target `" + rep->world + "`:";
  for (const TargetProblem &p : rep->problems)
    msg += "\n  " + p.message();
  return binary::makeError(session.targetsOffset, msg);
}

} // namespace wcomp::compose
