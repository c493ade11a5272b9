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
/// Why plug `name` (definition `def`) supplies no import of the graph:
/// each export's reason (nothing imports it, or only at an incompatible
/// version), and a hint when the plug imports what the root exports.
std::string unusedPlug(const Graph &g, const std::string &name, const std::string &path,
                       uint32_t def, uint32_t rootDef, const std::string &rootName);

/// Whether `--allow-import PATTERN` allows import `name`: a glob (`*`, `?`,
/// `[...]`) matched against the whole name, or a name (compatible versions
/// match).
bool allowedBy(llvm::StringRef pattern, llvm::StringRef name);

/// `--strict`: fails naming each import of the composition that no plug
/// supplied and no `allowed` pattern allows (allowedBy).
llvm::Error checkStrict(const Graph &g, llvm::ArrayRef<std::string> allowed);

} // namespace wcomp::compose
