//===- adapt/plan.h - How a component is built (internal) -------*- C++ -*-===//
//
// componentNew first plans (new.cpp: which world item each core import and
// export is, what is live, what goes through the shim), then encodes the
// plan (emit.cpp) with the core modules spliced in (core_modules.cpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "adapt/metadata.h"
#include "adapt/new.h"

#include "binary/module.h"
#include "wit/resolve.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>

namespace wcomp::adapt {

/// The main module (unit 0) or an adapter (units 1..).
struct CoreUnit {
  std::string name, path;
  llvm::ArrayRef<uint8_t> bytes;
  std::unique_ptr<std::vector<uint8_t>> owned; ///< an adapter after GC
  binary::Module m;
  StringEncoding encoding = StringEncoding::Utf8;
  llvm::StringMap<uint32_t> funcExports;
  std::string memory, realloc, initialize; ///< export names, empty if absent
  /// `cabi_import_realloc` (lowered imports use it before `cabi_realloc`)
  /// and `cabi_export_realloc` (lifted exports, likewise), as wit-component.
  std::string importRealloc, exportRealloc;
  /// The main module's `env` `memory` import, if any: the shim module
  /// defines that memory and the main module is given it (wit-component's
  /// contract for a module built with an imported memory).
  std::optional<binary::Import> importedMemory;
  /// Repeated imports (same module and field), by import index, and the
  /// unique field name each is given: components refuse a core module that
  /// imports one name twice, and renaming leaves the code section as it is.
  std::vector<std::pair<uint32_t, std::string>> renamedImports;
};

/// A world import, merged over all worlds.
struct ImportSlot {
  enum Kind : uint8_t { Interface, Function, Type } kind = Interface;
  std::string name, key;
  wit::InterfaceId iface;
  bool implements = false;
  /// WIT's `@external-id` of the import, written as its name's option.
  std::optional<std::string> externalId;
  const wit::Function *func = nullptr;
  wit::TypeId type;
  llvm::StringMap<bool> usedFuncs;
  llvm::DenseSet<uint32_t> liveTypes;
  std::vector<uint32_t> liveOrder; ///< liveTypes in the order they were found
  bool live = false;
  /// The main module's world imports it (not only an adapter's).
  bool fromMain = false;
  /// An adapter importing it, for messages.
  std::string adapter;
  /// What was emitted: the instance (Interface), the function (Function)
  /// or the type's wit::TypeWriter::Name (Type).
  uint32_t ref = 0;
};

/// A world export and the unit that implements it.
struct ExportSlot {
  enum Kind : uint8_t { Interface, Function } kind = Interface;
  std::string name;
  wit::InterfaceId iface;
  const wit::Function *func = nullptr;
  unsigned unit = 0;
  bool standard = false; ///< `cm32p2|...` names
  bool implements = false; ///< `export e: a:b/i`: a plain name implementing the interface
  std::optional<std::string> externalId; ///< a function's `@external-id`
  /// Core export of each function (by component function name) and its
  /// post-return function ("" if none).
  llvm::StringMap<std::pair<std::string, std::string>> core;
  /// Resource name -> the core export of its destructor ("" if none).
  llvm::StringMap<std::string> dtors;
  /// Functions exported with the async ABI (`[async-lift]f` with its
  /// `[callback][async-lift]f`, or `[async-lift-stackful]f`): the callback
  /// export, empty for a stackful lift.
  llvm::StringMap<std::string> asyncLifts;
};

/// One function a unit imports, and what provides it.
struct Use {
  enum Kind : uint8_t { Lower, ImportedDrop, ExportedNew, ExportedRep, ExportedDrop, FromAdapter,
                        FromMain, ContextGet, ContextSet,
                        TaskReturn, ///< `[task-return]f` of an exported function (slot: export)
                        Builtin,    ///< a canon built-in of the async ABI (`builtin`)
                        Payload,    ///< a stream or future built-in (`builtin`) of `payload`
                        FromShim    ///< an export of the shim module (`exportName`)
  } kind = Lower;
  bool tlsBase = false;                ///< wasm-ld's `__wasm_{get,set}_tls_base`
  wit::TypeId payload;                 ///< Payload: the stream or future type (invalid: unit)
  bool unitStream = false;             ///< Payload of a unit type: a stream (else a future)
  uint32_t contextSlot = 0;            ///< ContextGet/ContextSet: the slot
  bool async = false;                  ///< Lower: `[async-lower]f`; Builtin: its async flag
  uint8_t builtin = 0;                 ///< Builtin: the canon opcode
  bool builtinMemory = false;          ///< Builtin: takes the memory option
  uint8_t encoding = 0;                ///< Builtin error-context.*: the string encoding
  unsigned unit = 0;
  std::string module, field;
  size_t slot = 0;                    ///< Lower/ImportedDrop: import; Exported*: export
  const wit::Function *func = nullptr; ///< Lower, TaskReturn
  std::string resource;               ///< drop/new/rep: the resource's name
  unsigned from = 0;                  ///< FromAdapter/FromMain: the unit
  std::string exportName;             ///< FromAdapter/FromMain: its export
  uint32_t coreType = 0;              ///< the importer's type index
  binary::ValType slotType;           ///< ContextGet/ContextSet: slot 0's type
  int shim = -1;                      ///< shim entry, if called indirectly
  std::vector<std::string> aliases;   ///< renamed repeats of this import
};

/// Everything componentNew decided.
struct Plan {
  wit::Resolve r;
  std::vector<CoreUnit> units;
  std::vector<ImportSlot> imports;
  std::vector<ExportSlot> exports;
  std::vector<Use> uses;
  /// Shim entries: a Use index, or (~export slot, resource name) for a dtor.
  struct ShimEntry {
    int use = -1;
    size_t exportSlot = 0;
    std::string resource;
  };
  std::vector<ShimEntry> shim;
  /// The type of the TLS base global the shim module defines (with its
  /// `$get-tls-base`/`$set-tls-base`), when modules use wasm-ld's TLS base
  /// accessors and context slot 1 is not free for it (wit-component's rule).
  std::optional<binary::ValType> tlsBaseGlobal;
  /// Shims call through typed globals with `return_call_ref` instead of a
  /// table (wasm-tools' `--return-call-ref`).
  bool returnCallRef = false;
  /// Name sections in the modules new writes and a `component-name`
  /// section naming the component's items (wasm-tools' `--debug-names`).
  bool debugNames = true;
  /// A `producers` section saying `processed-by: wcomp` (metadata show).
  bool processedBy = true;
};

/// A core module as pieces of existing bytes (and of `owned` ones), to be
/// copied into the component once.
struct ModulePieces {
  std::vector<llvm::ArrayRef<uint8_t>> pieces;
  std::vector<std::unique_ptr<std::vector<uint8_t>>> owned;
};

/// How messages name a world function: "function `f` of interface `i`",
/// or "function `f`" for a freestanding one (`iface` empty).
inline std::string worldFunction(const std::string &iface, const std::string &f) {
  return "function `" + f + "`" + (iface.empty() ? "" : " of interface `" + iface + "`");
}

/// Checks that each core import a world item satisfies and each core
/// export implementing one has the item's flat signature (names both and
/// the signatures when not).
llvm::Error checkSignatures(const Plan &p);

/// Encodes the plan; `modules` are the units' modules, in unit order.
llvm::Expected<std::vector<uint8_t>> emitComponent(Plan &p,
                                                   const std::vector<ModulePieces> &modules);

/// The module without its `component-type` sections (the component carries
/// the world in its types), with the imports `renamed` (index, new field)
/// given their new names; every other section is the input's own bytes.
ModulePieces withoutWorldSections(llvm::ArrayRef<uint8_t> module,
                                  llvm::ArrayRef<std::pair<uint32_t, std::string>> renamed = {});

/// The shim module: `types.size()` functions, function `i` of type
/// `types[i]` calling slot `i`: of its exported table `$imports`, or
/// (`returnCallRef`) its exported global "g<i>" with `return_call_ref`;
/// given `memory`, a memory of that type exported as `memory`; given
/// `tlsBase`, a mutable global of that type read by `$get-tls-base` and
/// written by `$set-tls-base`. Given `names` (one per type), a `name`
/// section names the module and its functions; without, it has none.
std::vector<uint8_t> shimModule(const std::vector<binary::CompositeType> &types,
                                const binary::Limits *memory = nullptr,
                                const binary::ValType *tlsBase = nullptr,
                                bool returnCallRef = false,
                                const std::vector<std::string> *names = nullptr);
/// The fixup module: imports the functions "0".. and the table (or the
/// globals "g0".., `returnCallRef`), and fills the slots with them; with
/// a `name` section when `names`.
std::vector<uint8_t> fixupModule(const std::vector<binary::CompositeType> &types,
                                 bool returnCallRef = false, bool names = true);
/// A module importing one function (`"" ""`) and starting with it.
std::vector<uint8_t> initModule(bool names = true);

/// A module's function type by index (null if out of range or not a func).
const binary::CompositeType *funcType(const binary::Module &m, uint32_t typeIndex);

} // namespace wcomp::adapt
