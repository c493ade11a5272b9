//===- cli/targets.cpp - `wcomp targets` ----------------------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "compose/targets.h"
#include "wit/loader.h"
#include "wit/resolver.h"

#include <nlohmann/json.hpp>

namespace wcomp::cli {

void registerTargets(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string component, wit, world, stamp;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "targets", "Check that a component implements a world: its imports are ones the world "
                 "provides, its exports cover the world's, with compatible types");
  cmd->add_option("COMPONENT", opts->component, "The component (.wasm)")->required();
  cmd->add_option("WIT", opts->wit, "A .wit file, a WIT folder or a WIT package (.wasm)")
      ->required();
  cmd->add_option("-w,--world", opts->world,
                  "The world (`w` or `ns:pkg/w@v`; default: the package's only world)");
  cmd->add_flag("--json", opts->json, "Print the result as JSON (see the README)");
  cmd->add_option("--stamp", opts->stamp,
                  "On success, write this (empty) file: the output a build system tracks");
  addDepfileOption(cmd);
  cmd->callback([opts, &exitCode] {
    // With --json a failure before the check is a report too: the world is
    // not known, `targets` is false and `error` says why.
    auto fail = [&](int code, const std::string &text, bool printed) {
      if (!printed)
        error(text);
      exitCode = code;
      if (opts->json)
        llvm::outs() << jsonText(nlohmann::ordered_json{{"component", opts->component},
                                                        {"world", nullptr},
                                                        {"targets", false},
                                                        {"error", text}})
                     << "\n";
    };
    wit::Resolve r;
    wit::SourceMap sm;
    std::string why;
    int code = Ok;
    auto loaded = loadWitInput(r, sm, opts->wit, {}, code, &why);
    if (!loaded)
      return fail(code, why, true);
    auto world = wit::selectWorld(r, loaded->root, opts->world);
    if (!world)
      return fail(Invalid, binary::errorText(world.takeError()), false);
    // A text error is rendered (`file:line:col` with a caret).
    auto in = loadBinaryInput(opts->component, code, &why, false);
    if (!in)
      return fail(code, why, code == Invalid);
    auto rep = compose::checkTargets(in->bytes(), opts->component, r, *world);
    if (!rep)
      return fail(Invalid, binary::errorText(rep.takeError()), false);
    exitCode = rep->ok() ? Ok : Invalid;
    if (rep->ok() && !opts->stamp.empty())
      exitCode = writeOutput(opts->stamp, "");
    if (opts->json) {
      nlohmann::ordered_json j;
      j["component"] = opts->component;
      j["world"] = rep->world;
      j["targets"] = rep->ok();
      j["matches"] = nlohmann::ordered_json::array();
      for (const compose::TargetMatch &m : rep->matches)
        j["matches"].push_back({{"direction", m.isImport ? "import" : "export"},
                                {"name", m.name},
                                {"world-name", m.worldName}});
      j["problems"] = nlohmann::ordered_json::array();
      static const char *kinds[] = {"extra-import", "missing-export", "type-mismatch"};
      for (const compose::TargetProblem &p : rep->problems) {
        nlohmann::ordered_json e{{"kind", kinds[p.kind]},
                                 {"direction", p.isImport ? "import" : "export"},
                                 {"name", p.name}};
        if (p.kind == compose::TargetProblem::TypeMismatch) {
          e["world-name"] = p.worldName;
          e["detail"] = p.detail;
        }
        e["message"] = p.message();
        j["problems"].push_back(std::move(e));
      }
      if (exitCode == IoError)
        j["error"] = session().outputError; // the stamp could not be written
      llvm::outs() << jsonText(j) << "\n";
      return;
    }
    for (const compose::TargetMatch &m : rep->matches)
      if (m.name != m.worldName)
        verbose(std::string(m.isImport ? "import" : "export") + " `" + m.name +
                "` matches the world's `" + m.worldName + "` (semver-compatible)");
    if (rep->ok()) {
      if (!session().quiet)
        llvm::outs() << opts->component << " targets world `" << rep->world << "`\n";
      return;
    }
    std::string text = "`" + opts->component + "` does not target world `" + rep->world + "`:";
    for (const compose::TargetProblem &p : rep->problems)
      text += "\n  " + p.message();
    error(text);
  });
}

} // namespace wcomp::cli
