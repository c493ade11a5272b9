//===- compose/wac.h - Compositions written in WAC --------------*- C++ -*-===//
//
// `wcomp compose app.wac`: a WAC document (wac 0.10's LANGUAGE.md) builds
// the composition graph (compose/graph.h). Packages are found as `wac
// compose` finds them: `--dep ns:name=FILE`, else in a dependencies folder
// laid out as `DIR/ns/name.wasm` (or `.wat`), `DIR/ns/name/` (a WIT
// folder), with a version `DIR/ns/name/1.2.3.wasm`. Components are what
// `new` instantiates; WIT packages (text or binary) give the types of
// `import` statements, of `use`s in declared interfaces, and of `targets`.
//
// The document's own types and its explicit imports are read by wit/: each
// declaration is parsed at its offset in the `.wac` file and the imports
// gathered into one world of the document's package, whose component type
// gives the imports their types (what they use becomes an import too).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "compose/config.h"
#include "compose/graph.h"
#include "wit/resolve.h"
#include "wit/resolver.h"
#include "wit/source.h"

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wcomp::compose {

/// Where a WAC document's packages come from.
struct WacOptions {
  /// `--dep ns:name=FILE`, in the order given (for unversioned references).
  std::vector<std::pair<std::string, std::string>> deps;
  /// `--deps-dir DIR` (wac's default: `deps`, relative to the working folder).
  std::string depsDir = "deps";
  /// `--import-dependencies`: components are imported, not embedded.
  bool importDependencies = false;
  /// For WIT packages given as folders or `.wit` files (`.wat` in `deps/`).
  wit::ResolveOptions witOptions;
};

/// What reading a document leaves behind, for messages and for checking
/// `targets` once the component is written. Keep it as long as the graph.
struct WacSession {
  wit::Resolve resolve;
  wit::SourceMap sources; ///< the document and the WIT read for it
  /// `targets`: the world, and where the document names it.
  std::optional<wit::WorldId> targets;
  uint32_t targetsOffset = 0;
  /// Where each instance's arguments were written, by instance and import
  /// (the `new` expression for those `...` imports): resolve()'s errors
  /// are shown there.
  std::vector<std::vector<uint32_t>> argOffsets;
  /// Bytes the graph refers to (encoded worlds).
  std::deque<std::vector<uint8_t>> owned;

  /// `app.wac:3:9: error: ...` with the line and a caret, where the error
  /// has an offset; `error: ...` otherwise.
  std::string render(llvm::Error err) const { return sources.render(std::move(err)); }
};

/// Fills `g` from the WAC document `text` read from `path`. Errors carry
/// offsets into the document (render them with `session.render`).
llvm::Error fromWac(Graph &g, WacSession &session, const std::string &path, std::string text,
                    const WacOptions &opts, const LoadFile &load);

/// resolve()'s errors, each at the argument of the `new` expression it is
/// about (rendered, one diagnostic after another).
std::string renderResolveErrors(const Graph &g, const WacSession &session);

/// Checks the written component against the document's `targets` world
/// (success when it names none); the error lists every difference.
llvm::Error checkWacTargets(const WacSession &session, llvm::ArrayRef<uint8_t> composed,
                            llvm::StringRef path);

} // namespace wcomp::compose
