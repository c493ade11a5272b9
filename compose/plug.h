//===- compose/plug.h - Plugging: a root and the plugs it needs -*- C++ -*-===//
#pragma once

#include "compose/graph.h"

namespace wcomp::compose {

/// An input file of a composition.
struct InputFile {
  std::string path;
  llvm::ArrayRef<uint8_t> bytes; ///< the caller keeps them alive
};

/// Fills `g` by plugging (`wcomp compose ROOT PLUG...`): the root is
/// instantiated, each of its imports is supplied by the one plug that
/// exports a matching name (canonical interface name, semver-compatible),
/// whose imports are supplied the same way in turn; what no plug supplies
/// is left unset (resolve() imports it). The composition exports the
/// root's exports. Plugs no one uses are reported in `g.warnings`. Errors
/// (two plugs for one import) are recorded in the decisions and returned.
/// With `importPlugs` (`--import-dependencies`), the composition imports
/// each plug it uses (`unlocked-dep=<plug:NAME>`) instead of embedding it.
llvm::Error plug(Graph &g, const InputFile &root, llvm::ArrayRef<InputFile> plugs,
                 bool importPlugs = false);

/// The name of an instance for a file: its stem, made unique in `taken`.
std::string instanceName(llvm::StringRef path, const std::vector<std::string> &taken);

/// `--strict`: an error naming every import of the composition that is not
/// in `allowed` (matched like plugs: semver-compatible interface names).
llvm::Error checkStrict(const Graph &g, llvm::ArrayRef<std::string> allowed);

} // namespace wcomp::compose
