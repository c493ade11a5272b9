//===- wit/transform.h - World transforms: importize, exportize -*- C++ -*-===//
//
// The world rewrites `wasm-tools component wit` offers, done as wit-parser
// does them, in place in a Resolve.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "wit/resolve.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>

namespace wcomp::wit {

/// Makes world `w` the world of a component that imports one targeting it:
/// its exports become imports (of its imports only the types stay), the
/// interfaces they use are imported too (elaboration), and it is renamed
/// `outName` (default: `<name>-importized`) and listed last in its package.
/// An export whose plain name is also a kept import is an error.
llvm::Error importize(Resolve &r, WorldId w, const std::string &outName = "");

/// The inverse: the imports `move` accepts (all, without it) become exports,
/// the others (and the world's types) stay imports, the exports are
/// dropped; renamed `outName` (default: `<name>-exportized`).
llvm::Error exportize(Resolve &r, WorldId w, const std::string &outName = "",
                      const std::function<bool(const WorldKey &)> &move = {});

/// Imports of one interface at semver-compatible versions (`wasi:io/streams`
/// @0.2.0 and @0.2.3) become one import of the highest; every interface and
/// world item that used the others' types uses the highest's instead (so
/// the interfaces themselves change), and every world is elaborated again,
/// as wit-parser's `merge_world_imports_based_on_semver` does. A function
/// both versions have that changed kind, parameter names or count, result
/// count, or a primitive type, is an error (wit-parser's checks; it does
/// not compare types).
llvm::Error mergeWorldImportsBySemver(Resolve &r, WorldId w);

/// Gives world `w` its own copy of each interface it imports or exports
/// twice (or whose dependencies were copied), so that every type id stands
/// for one type of a bindings generator (the import's `r` and the export's
/// `r` are two), as wit-parser's `generate_nominal_type_ids` does: the
/// copies keep their names and record `cloneOf`.
void generateNominalTypeIds(Resolve &r, WorldId w);

/// Re-elaborates world `w` as resolution does: every interface an item
/// takes types from imported too, before its first user.
llvm::Error elaborateWorld(Resolve &r, WorldId w);

} // namespace wcomp::wit
