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
/// root's exports. Errors (two plugs for one import, a plug no import
/// uses) are recorded in the decisions and returned as a PlugError.
/// With `importPlugs` (`--import-dependencies`), the composition imports
/// each plug it uses (`unlocked-dep=<plug:NAME>`) instead of embedding it.
llvm::Error plug(Graph &g, const InputFile &root, llvm::ArrayRef<InputFile> plugs,
                 bool importPlugs = false);

/// An import more than one plug exports a match for (plugging picks none:
/// the user chooses, in a WAC document or a configuration).
struct AmbiguousImport {
  uint32_t instance = 0;          ///< index in Graph::instances
  uint32_t import = 0;            ///< index in the instance's definition's imports
  std::string name;               ///< "instance `a`, import `b`"
  std::vector<std::string> plugs; ///< the plugs that export a match, in command-line order
  /// "ambiguous: plugs `p`, `q` all export it (choose one ...)"
  std::string why() const;
};

/// One export of a plug that supplies nothing, and why no import took it.
struct UnusedExport {
  std::string name; ///< the export's name
  /// The import of the same interface at an incompatible version; empty
  /// when nothing imports the interface at all.
  std::string importedAs;
};

/// A plug that supplies none of the imports (a wrong version, a wrong file,
/// root and plug swapped), with each export's reason.
struct UnusedPlug {
  std::string plug;                 ///< its instance name
  std::string path;                 ///< the file given
  std::vector<UnusedExport> exports; ///< empty: it exports nothing
  std::string root;                 ///< the root's instance name
  /// Set when the plug imports this name and the root exports it: the two
  /// were probably given in the wrong order.
  std::string swappedImport;
  /// The multi-line report: "plug `p` (p.wasm) supplies none of the imports:"
  /// then one line per export, then the hint.
  std::string message() const;
};

/// plug()'s error, typed: the imports several plugs could supply and the
/// plugs that supply nothing. Rendered (log) one problem a line, ambiguous
/// imports first, at the edge.
class PlugError : public llvm::ErrorInfo<PlugError> {
public:
  /// llvm::ErrorInfo's type id.
  static char ID;
  /// Imports left unset because more than one plug matches.
  std::vector<AmbiguousImport> ambiguous;
  /// Plugs no import uses.
  std::vector<UnusedPlug> unused;
  /// "instance `a`, import `b`: ambiguous: ..." lines, then each unused plug.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code.
  std::error_code convertToErrorCode() const override;
};

/// `--strict`'s error, typed: each import of an instance that became an
/// import of the composition without being allowed (ImportFailure::why
/// says so).
class StrictError : public llvm::ErrorInfo<StrictError> {
public:
  /// llvm::ErrorInfo's type id.
  static char ID;
  /// One per (instance, import) left to the composition's importer.
  std::vector<ImportFailure> unsupplied;
  /// "instance `a`, import `b`: no plug supplies it (--strict; ...)" lines.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code.
  std::error_code convertToErrorCode() const override;
};

/// The name of an instance for a file: its stem, made unique in `taken`.
std::string instanceName(llvm::StringRef path, const std::vector<std::string> &taken);

/// Why plug `name` (definition `def`) supplies no import of the graph:
/// each export's reason (nothing imports it, or only at an incompatible
/// version), and a hint when the plug imports what the root exports.
UnusedPlug unusedPlug(const Graph &g, const std::string &name, const std::string &path,
                      uint32_t def, uint32_t rootDef, const std::string &rootName);

/// Whether `--allow-import PATTERN` allows import `name`: a glob (`*`, `?`,
/// `[...]`) matched against the whole name, or a name (compatible versions
/// match).
bool allowedBy(llvm::StringRef pattern, llvm::StringRef name);

/// `--strict`: fails (StrictError) naming each import of the composition
/// that no plug supplied and no `allowed` pattern allows (allowedBy).
llvm::Error checkStrict(const Graph &g, llvm::ArrayRef<std::string> allowed);

} // namespace wcomp::compose
