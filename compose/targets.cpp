//===- compose/targets.cpp - Does a component implement a world? ----------===//
#include "compose/targets.h"

#include "compose/graph.h"
#include "validate/instantiate.h"
#include "wit/encode.h"

namespace wcomp::compose {

namespace externkind = binary::externkind;

using validate::CExtern;
using validate::CTypeId;
using validate::CTypeNode;

std::string TargetProblem::message() const {
  std::string what = std::string(isImport ? "import" : "export") + " `" + name + "`";
  switch (kind) {
  case ExtraImport:
    return what + ": the world does not import it";
  case MissingExport:
    return what + ": the world exports it, the component does not";
  case TypeMismatch:
    return what + (worldName != name ? " (the world's `" + worldName + "`)" : "") +
           ": " + detail;
  }
  return what;
}

llvm::Expected<CTypeId> worldType(Graph &g, const wit::Resolve &r, wit::WorldId world,
                                  std::vector<uint8_t> &bytes) {
  auto parsed = wit::encodeWorld(r, world);
  if (!parsed)
    return parsed.takeError();
  bytes = std::move(*parsed);
  auto def = g.addDefinition("world", "world", bytes);
  if (!def)
    return def.takeError();
  const auto &exports = g.exportsOf(*def);
  if (exports.size() == 1 && exports[0].second.kind == externkind::Type) {
    const CTypeNode &outer = g.types()[exports[0].second.type];
    if (outer.exports.size() == 1 && outer.exports[0].second.kind == externkind::Component)
      return outer.exports[0].second.type;
  }
  return llvm::createStringError("internal error: unexpected encoding of a world");
}

namespace {

using Externs = std::vector<std::pair<std::string, CExtern>>;

/// The item of `list` that stands for `name` (semver-compatible), if any.
const std::pair<std::string, CExtern> *find(const Externs &list, llvm::StringRef name) {
  auto match = matchingExport(list, name);
  if (match)
    for (const auto &item : list)
      if (item.first == *match)
        return &item;
  return nullptr;
}

} // namespace

llvm::Expected<TargetReport> checkTargets(llvm::ArrayRef<uint8_t> component,
                                          llvm::StringRef path, const wit::Resolve &r,
                                          wit::WorldId world) {
  Graph g(validate::Features::all());
  TargetReport rep;
  const wit::World &w = r[world];
  const wit::Package &pkg = r[w.package];
  rep.world = pkg.ns + ":" + pkg.name + "/" + w.name +
              (pkg.version.empty() ? "" : "@" + pkg.version);

  auto def = g.addDefinition(path.str(), path.str(), component);
  if (!def)
    return def.takeError();
  std::vector<uint8_t> worldBytes;
  auto wt = worldType(g, r, world, worldBytes);
  if (!wt)
    return wt.takeError();
  // Copies: typing adds nodes, which may move the arena.
  const Externs worldImports = g.types()[*wt].imports;
  const Externs worldExports = g.types()[*wt].exports;
  const Externs imports = g.importsOf(*def);
  CTypeId compType = g.definitions[*def].type;

  // Instantiate the component with the world's imports, as a host would:
  // each import's resources then stand for the world's.
  validate::Instantiation inst(g.types(), compType);
  for (size_t k = 0; k < imports.size(); ++k) {
    const std::string &name = imports[k].first;
    const auto *have = find(worldImports, name);
    if (!have) {
      rep.problems.push_back({TargetProblem::ExtraImport, true, name, "", ""});
      continue;
    }
    rep.matches.push_back({true, name, have->first});
    if (auto why = inst.check(k, have->second)) {
      rep.problems.push_back({TargetProblem::TypeMismatch, true, name, have->first, why->message()});
      continue;
    }
    inst.supply(k, have->second);
  }
  // An import that could not be supplied leaves its resources abstract; the
  // exports are still compared, and a difference there is reported too.
  CTypeId instance = inst.finish();
  const Externs exports = g.types()[instance].exports;
  validate::ResourceMap map;
  for (const auto &[name, need] : worldExports) {
    const auto *have = find(exports, name);
    if (!have) {
      rep.problems.push_back({TargetProblem::MissingExport, false, name, "", ""});
      continue;
    }
    rep.matches.push_back({false, have->first, name});
    if (auto why = g.types().mismatch(have->second, need, &map))
      rep.problems.push_back({TargetProblem::TypeMismatch, false, have->first, name, why->message()});
  }
  return rep;
}

} // namespace wcomp::compose
