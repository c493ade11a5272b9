//===- adapt/world_merge.h - Can two embedded worlds merge? ----*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include "llvm/Support/Error.h"

namespace wcomp::adapt {

/// Checks that world `from` (of `rf`) can be merged into world `into` (of
/// `ri`), as wasm-tools merges the worlds of a module's `component-type`
/// sections when a second one is embedded: an import (export) of a name
/// both have must be the same kind of item; an interface exported anew
/// must not be one an existing export used as an import (that export would
/// change meaning); and no import of the merged world may use, through its
/// `use`s, an interface the merged world exports. Items are compared by
/// name (`a:b/i` for interfaces), so the two worlds may come from
/// different resolves (one decoded from the module, one from WIT).
llvm::Error checkWorldMerge(const wit::Resolve &ri, wit::WorldId into, const wit::Resolve &rf,
                            wit::WorldId from);

} // namespace wcomp::adapt
