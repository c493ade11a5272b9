//===- adapt/planner.h - componentNew's planner (internal) -----*- C++ -*-===//
//
// The planner of `new` (new.cpp): which world item each core import and
// export stands for (the import side in planner_uses.cpp), what is live, and
// what goes through the shim.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "adapt/abi.h"
#include "adapt/new.h"
#include "adapt/plan.h"

#include "binary/component_kinds.h"
#include "binary/error.h"
#include "binary/names.h"

#include <optional>

namespace wcomp::adapt::detail {

namespace canonop = binary::canonop;

/// An error without an offset (the messages name what they are about).
inline llvm::Error fail(const std::string &msg) {
  return binary::makeError(binary::WasmError::NoOffset, msg);
}

/// `s` in backquotes, as messages quote names.
inline std::string quoted(llvm::StringRef s) { return "`" + s.str() + "`"; }

/// Plans a component: units, world slots, uses, liveness and the shim.
class Planner {
public:
  Planner(Plan &p, bool mergeImports, bool rejectLegacy = false)
      : p(p), mergeImports(mergeImports), rejectLegacy(rejectLegacy) {}
  /// Reads a unit's module (bodies left raw) and notes its exports.
  /// Reads a unit's module; `rejectLegacy`: the main module's legacy
  /// memory, realloc and initializer names are not looked at.
  static llvm::Error readCore(CoreUnit &u, bool main, bool rejectLegacy = false);
  /// Decodes the worlds of a unit's `component-type` sections.
  llvm::Error readWorlds(unsigned unit);
  void addWorld(wit::WorldId w, unsigned unit);
  void mapImports(unsigned unit, std::vector<std::string> &unresolved);
  void mapExports(std::vector<std::string> &missing);
  void markLive();
  void assignShim();
  /// Where wasm-ld's TLS base lives: context slot 1, or the shim's global.
  void placeTlsBase();

private:
  Plan &p;
  bool mergeImports; ///< one import per semver-compatible interface
  bool rejectLegacy; ///< the main module's names: `cm32p2` ones only
  llvm::StringMap<size_t> importByName, importByKey; ///< also canonical names
  llvm::StringMap<size_t> exportByName;

  const wit::Function *findFunc(wit::InterfaceId i, llvm::StringRef name) const {
    for (const wit::Function &f : p.r[i].functions)
      if (p.r.functionName(f) == name)
        return &f;
    return nullptr;
  }
  wit::TypeId findType(wit::InterfaceId i, llvm::StringRef name) const {
    for (auto &[n, t] : p.r[i].types)
      if (n == name)
        return t;
    return {};
  }
  std::optional<size_t> importSlot(llvm::StringRef module) const {
    if (auto it = importByName.find(module); it != importByName.end())
      return it->second;
    if (auto it = importByKey.find(binary::canonicalInterfaceName(module)); it != importByKey.end())
      return it->second;
    return std::nullopt;
  }
  std::optional<size_t> exportSlot(llvm::StringRef name) const {
    if (auto it = exportByName.find(name); it != exportByName.end())
      return it->second;
    for (size_t i = 0; i < p.exports.size(); ++i)
      if (p.exports[i].kind == ExportSlot::Interface &&
          binary::canonicalInterfaceName(p.exports[i].name) == name)
        return i;
    return std::nullopt;
  }
  /// Marks `t` and what it refers to live in the imports that define them
  /// (`via`: the import the use came through, for its own interface's types).
  void markType(wit::TypeId t, std::optional<size_t> via = std::nullopt);
  /// Interfaces the world exports (filled when the exports are marked).
  llvm::DenseSet<uint32_t> exportedIfaces;
  /// `[async-lower]` only for async functions (the async option needs an
  /// async function type).
  static bool asyncLowerOk(const Use &u, std::string &why) {
    if (u.async && !u.func->async) {
      why = "`[async-lower]` of a function that is not async";
      return false;
    }
    return true;
  }
  bool resolveUse(Use &u, const binary::Import &imp, std::string &why);
  // resolveUse()'s kinds of import (planner_uses.cpp).
  std::optional<bool> wasmLdAccessor(Use &u, const binary::Import &imp, std::string &why);
  bool taskReturnUse(Use &u, llvm::StringRef target, llvm::StringRef fname, std::string &why);
  bool exportedResourceUse(Use &u, llvm::StringRef iface, llvm::StringRef field, bool standard,
                           std::string &why);
  /// `[stream-new-N]f` and the other stream and future built-ins of the
  /// N-th stream or future type of function `f` (imported, or exported
  /// under `[export]`); nullopt when `field` is not such a name.
  std::optional<bool> payloadBuiltin(Use &u, llvm::StringRef mod, llvm::StringRef field,
                                     std::string &why);
  /// The async ABI's built-ins a module imports from `$root` by
  /// wit-component's legacy names (`[waitable-set-new]`, ...); false when
  /// `field` names none of them.
  static bool asyncBuiltin(Use &u, llvm::StringRef field) {
    struct B {
      const char *name;
      uint8_t opcode;
      bool async, memory;
    };
    static const B builtins[] = {
        {"[backpressure-inc]", canonop::BackpressureInc, false, false},
        {"[backpressure-dec]", canonop::BackpressureDec, false, false},
        {"[waitable-set-new]", canonop::WaitableSetNew, false, false},
        {"[waitable-set-wait]", canonop::WaitableSetWait, false, true},
        {"[waitable-set-poll]", canonop::WaitableSetPoll, false, true},
        {"[waitable-set-drop]", canonop::WaitableSetDrop, false, false},
        {"[waitable-join]", canonop::WaitableJoin, false, false},
        {"[thread-yield]", canonop::ThreadYield, false, false},
        {"[subtask-drop]", canonop::SubtaskDrop, false, false},
        {"[subtask-cancel]", canonop::SubtaskCancel, false, false},
        {"[async-lower][subtask-cancel]", canonop::SubtaskCancel, true, false},
        {"[task-cancel]", canonop::TaskCancel, false, false},
        // cm-threading's cooperative threads.
        {"[thread-index]", canonop::ThreadIndex, false, false},
        {"[thread-resume-later]", canonop::ThreadResumeLater, false, false},
        {"[thread-suspend]", canonop::ThreadSuspend, false, false},
        {"[thread-suspend-then-resume]", canonop::ThreadSuspendThenResume, false, false},
        {"[thread-yield-then-resume]", canonop::ThreadYieldThenResume, false, false},
        {"[thread-suspend-then-promote]", canonop::ThreadSuspendThenPromote, false, false},
        {"[thread-yield-then-promote]", canonop::ThreadYieldThenPromote, false, false},
        // Its start function is taken from the main module's table, so it
        // is made once the main module is instantiated, like those that
        // take the memory.
        {"[thread-new-indirect-v0]", canonop::ThreadNewIndirect, false, true}};
    for (const B &b : builtins)
      if (field == b.name) {
        u.kind = Use::Builtin;
        u.builtin = b.opcode;
        u.async = b.async;
        u.builtinMemory = b.memory;
        return true;
      }
    // `[context-get-N]`, `[context-set-N]`, with an optional `i64-` width.
    for (bool get : {true, false}) {
      llvm::StringRef rest = field;
      if (!rest.consume_front(get ? "[context-get-" : "[context-set-") || !rest.consume_back("]"))
        continue;
      bool wide = rest.consume_front("i64-");
      if (rest.getAsInteger(10, u.contextSlot))
        return false;
      u.kind = get ? Use::ContextGet : Use::ContextSet;
      u.slotType = binary::ValType::num(wide ? binary::typecode::I64 : binary::typecode::I32);
      return true;
    }
    // The error-context built-ins, with their string encoding in the name.
    static const std::pair<const char *, uint8_t> encodings[] = {
        {"utf8]", binary::canonopt::Utf8},
        {"utf16]", binary::canonopt::Utf16},
        {"latin1+utf16]", binary::canonopt::CompactUtf16}};
    for (bool debug : {false, true}) {
      llvm::StringRef rest = field;
      if (!rest.consume_front(debug ? "[error-context-debug-message-" : "[error-context-new-"))
        continue;
      for (auto &[name, enc] : encodings)
        if (rest == name) {
          u.kind = Use::Builtin;
          u.builtin = debug ? canonop::ErrorContextDebugMessage : canonop::ErrorContextNew;
          u.builtinMemory = true;
          u.encoding = enc;
          return true;
        }
    }
    if (field == "[error-context-drop]") {
      u.kind = Use::Builtin;
      u.builtin = canonop::ErrorContextDrop;
      return true;
    }
    return false;
  }
};

/// componentNew's adapters (new_adapters.cpp): reads each, and adds as a
/// unit (with its worlds) each one the main module imports from or whose
/// world exports something; `warnings` names the others, left out.
llvm::Error addAdapters(Plan &p, Planner &pl, llvm::ArrayRef<AdapterInput> adapters,
                        std::vector<std::string> &warnings);

/// Removes adapter unit `a`'s dead code (keeping what the main module and
/// the world's exports use), validates what is left (an error is worded
/// against the adapter as given), checks its page size against the main
/// module's, and maps its imports (unmapped ones into `problems`).
llvm::Error collectAdapter(Plan &p, Planner &pl, unsigned a, bool reallocViaMemoryGrow,
                           std::vector<std::string> &problems);

} // namespace wcomp::adapt::detail
