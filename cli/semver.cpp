//===- cli/semver.cpp - `wcomp semver-check` -------------------------------===//
//
// Is world NEW a semver-compatible evolution of world PREV? As wasm-tools
// decides it: versions set aside, a component built for PREV (a dummy one)
// must still target NEW — NEW may import more and export less, and every
// item both have must keep its type. The problems name each item.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "adapt/embed.h"
#include "adapt/new.h"
#include "binary/error.h"
#include "compose/targets.h"
#include "wit/loader.h"
#include "wit/resolver.h"

namespace wcomp::cli {

namespace {

/// Why NEW is not compatible with PREV, item by item.
std::string explain(const compose::TargetProblem &p) {
  switch (p.kind) {
  case compose::TargetProblem::ExtraImport:
    return "import `" + p.name + "` was removed (components built for the previous world "
           "import it)";
  case compose::TargetProblem::MissingExport:
    return "export `" + p.name + "` was added (components built for the previous world do "
           "not export it)";
  case compose::TargetProblem::TypeMismatch:
    return std::string(p.isImport ? "import" : "export") + " `" + p.worldName +
           "` changed incompatibly: " + p.detail;
  }
  return p.message();
}

} // namespace

void registerSemverCheck(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string wit, prev, next;
    wit::ResolveOptions resolve;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "semver-check",
      "Check that world NEW is a semver-compatible evolution of world PREV (as wasm-tools "
      "component semver-check)\n  example: wcomp semver-check wit/ --prev a:b/w@1.0.0 --new "
      "a:b/w@1.1.0");
  cmd->add_option("WIT", opts->wit, "A .wit file, a WIT folder or a WIT package (.wasm)")
      ->required();
  cmd->add_option("--prev", opts->prev, "The previous WORLD (`w` or `ns:pkg/w@v`)")->required();
  cmd->add_option("--new", opts->next, "The new WORLD (`w` or `ns:pkg/w@v`)")->required();
  addWitFeatureOptions(cmd, opts->resolve);
  addDepfileOption(cmd);
  cmd->callback([opts, &exitCode] {
    wit::Resolve r;
    wit::SourceMap sm;
    auto loaded = loadWitInput(r, sm, opts->wit, opts->resolve, exitCode);
    if (!loaded)
      return;
    auto fail = [&](const std::string &msg) {
      error(msg);
      exitCode = Invalid;
    };
    auto prev = wit::selectWorld(r, loaded->root, opts->prev);
    if (!prev)
      return fail("--prev: " + binary::errorText(prev.takeError()));
    auto next = wit::selectWorld(r, loaded->root, opts->next);
    if (!next)
      return fail("--new: " + binary::errorText(next.takeError()));
    const wit::Package &pp = r[r[*prev].package], &np = r[r[*next].package];
    if (pp.ns != np.ns || pp.name != np.name)
      return fail("the previous world is in package " + pp.ns + ":" + pp.name +
                  ", which is not the same as the new world's, " + np.ns + ":" + np.name);
    // Versions set aside: names then match exactly between the two.
    for (wit::Package &p : r.packages)
      p.version.clear();
    std::vector<uint8_t> dummy = adapt::dummyModule(r, *prev);
    auto embedded = adapt::embedWorld(dummy, r, *prev, adapt::StringEncoding::Utf8);
    if (!embedded)
      return fail("cannot build a component of the previous world: " +
                  binary::errorText(embedded.takeError()));
    auto built = adapt::componentNew(*embedded, {});
    if (!built)
      return fail("cannot build a component of the previous world: " +
                  binary::errorText(built.takeError()));
    auto rep = compose::checkTargets(built->component, "<previous world>", r, *next);
    if (!rep)
      return fail(binary::errorText(rep.takeError()));
    if (rep->ok())
      return;
    std::string msg = "the new world is not semver-compatible with the previous world:";
    for (const compose::TargetProblem &p : rep->problems)
      msg += "\n  " + explain(p);
    fail(msg);
  });
}

} // namespace wcomp::cli
