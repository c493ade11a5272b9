//===- adapt/abi.h - What the Canonical ABI needs for a WIT function -*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace wcomp::adapt {

/// The canonical options a lifted or lowered function needs
/// (CanonicalABI.md: memory for anything passed through linear memory,
/// realloc where the callee's side allocates, a string encoding for strings).
struct AbiNeeds {
  bool memory = false, realloc = false, strings = false;
};

/// Core value types of the flattened signature (`i32`, `i64`, `f32`, `f64`).
using CoreSig = std::vector<const char *>;

/// The flat core signature of `f` (CanonicalABI.md, `flatten_functype`):
/// lowered (an import called by core code: results past one go through a
/// return pointer parameter) or lifted (an export: a pointer result).
struct FlatSig {
  CoreSig params, results;
  bool indirectParams = false, retptr = false;
};
/// The flat signature of `f`: `lift` for an export, else for an import.
FlatSig flatSignature(const wit::Resolve &r, const wit::Function &f, bool lift);

/// The core signature of an async lowering (`[async-lower]f`).
FlatSig asyncLowerSignature(const wit::Resolve &r, const wit::Function &f);
/// The core signature of `[task-return]f`: the result's flat values as
/// parameters (a pointer beyond 16).
FlatSig taskReturnSignature(const wit::Resolve &r, const wit::Function &f);
/// What `canon lower` of an imported function needs (`async`: with the
/// async ABI).
AbiNeeds lowerNeeds(const wit::Resolve &r, const wit::Function &f, bool async = false);
/// The future and stream types of `f` in wit-parser's order (parameters,
/// then the result; a payload's own before it): the N of `[stream-new-N]f`.
std::vector<wit::TypeId> futuresAndStreams(const wit::Resolve &r, const wit::Function &f);
/// What `stream.read`/`stream.write` (or the future ones, `read` for the
/// reads) of a payload need: the memory always (a unit payload too).
AbiNeeds payloadNeeds(const wit::Resolve &r, const std::optional<wit::TypeRef> &payload, bool read);
/// What `canon task.return` of an async export's result needs.
AbiNeeds taskReturnNeeds(const wit::Resolve &r, const wit::Function &f);
/// What `canon lift` of an exported function needs.
AbiNeeds liftNeeds(const wit::Resolve &r, const wit::Function &f);

/// Adds the defined types `t` refers to (transitively, through aliases,
/// containers and handles) to `out`.
void collectTypes(const wit::Resolve &r, wit::TypeRef t, llvm::DenseSet<uint32_t> &out);
/// The same types, appended to `order` each after the types it refers to
/// (in the order it lists them), skipping those in `seen`: the order in
/// which wit-parser finds live types, and wasm-tools declares them.
void collectTypesPostOrder(const wit::Resolve &r, wit::TypeRef t, llvm::DenseSet<uint32_t> &seen,
                           std::vector<uint32_t> &order);

} // namespace wcomp::adapt
