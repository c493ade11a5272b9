//===- validate/component_checker.h - Typed component checker (internal) -*- C++ -*-===//
#pragma once

#include "binary/component.h"
#include "validate/component_types.h"
#include "validate/features.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace wcomp::validate::detail {

/// Index spaces of one scope, with the type of every item.
enum Space : unsigned {
  SpCoreFunc, SpCoreTable, SpCoreMemory, SpCoreGlobal, SpCoreTag, SpCoreType, SpCoreModule,
  SpCoreInstance, SpFunc, SpValue, SpType, SpComponent, SpInstance, SpNumSpaces
};
const char *spaceName(Space s);
Space spaceOf(binary::Sort s);
Space spaceOf(const binary::ExternDesc &d);

/// A core type index: a function (or other rec-group) type, or a module type.
struct CoreTypeEntry {
  bool isModule = false;
  CTypeId module = NoType; ///< module types
  CoreExtern func;         ///< function types (kind Func; opaque for GC types)
  /// A rec-group type defined in this scope (not aliased from an outer
  /// one): its structure, whose type indices are this scope's, for the GC
  /// lowering check.
  const binary::SubType *sub = nullptr;
};

using CoreExports = std::vector<std::pair<std::string, CoreExtern>>;

/// Canonical options after their checks (the options given, each at most
/// once; `ptr` is the pointer type of the memory: i64 for a 64-bit one).
struct CanonOptions {
  const binary::CanonOpt *memory = nullptr, *realloc = nullptr, *postReturn = nullptr,
                         *callback = nullptr, *coreType = nullptr;
  bool async = false, gc = false;
  uint8_t ptr = binary::typecode::I32;
  uint8_t encoding = 0; ///< 0 utf8, 1 utf16, 2 latin1+utf16
};

/// One scope: a component, or the declarations of a component or instance type.
struct Scope {
  enum Kind : uint8_t { Component, ComponentType, InstanceType } kind = Component;
  std::vector<CoreExtern> coreItems[5]; ///< core func, table, memory, global, tag
  std::vector<CoreTypeEntry> coreTypes;
  std::vector<CTypeId> coreModules;
  std::vector<CoreExports> coreInstances;
  std::vector<CTypeId> funcs, types, components, instances;
  std::vector<NameTag> typeNames; ///< the name tag of each index of `types`
  std::vector<CVal> values;
  /// What the scope's own type lists: its imports and exports so far.
  std::vector<std::pair<std::string, CExtern>> imports, exports;
  /// The `implements` options of those names (CTypeNode's, by name).
  llvm::StringMap<std::string> importImplements, exportImplements;
  llvm::StringMap<std::string> importExternalIds, exportExternalIds;
  std::vector<CTypeId> importedResources, definedResources;
  /// Resources defined by this (concrete) component: the only ones its
  /// resource.new and resource.rep may use.
  std::vector<CTypeId> localResources;
  /// Name tags introduced by the scope's imports and exports (external
  /// visibility), and the plain names of its imported and exported
  /// resources (`[method]r.f` and friends resolve `r` there).
  llvm::DenseSet<NameTag> importedNames, exportedNames;
  llvm::DenseMap<NameTag, std::string> importLabels, exportLabels;

  size_t size(Space s) const;
};

/// Walks a component's sections and types every item, checking references,
/// type definitions, instantiations, aliases, imports and exports. Split
/// over component_spaces.cpp (the walk, instances, aliases) and
/// component_convert.cpp (type definitions and core module types).
class Checker {
public:
  llvm::Error component(const binary::Component &c, CTypeId *type = nullptr);

  CTypes types;
  Features features = Features::defaults();

private:
  /// An error unless `f` is enabled: `what` needs it.
  /// An error when `f` is off: `message` as wasm-tools words it, with a hint
  /// naming the `-f` switch.
  llvm::Error need(Feature f, const llvm::Twine &message, uint64_t at) const;
  Scope &cur() { return stack.back(); }
  const Scope &cur() const { return stack.back(); }
  llvm::Error in(Space s, uint64_t idx, uint64_t at) const;

  // component_convert.cpp
  llvm::Expected<CVal> val(const binary::CValType &t, uint64_t at);
  llvm::Expected<CTypeId> typeDef(const binary::TypeDef &t, uint64_t at);
  llvm::Expected<CTypeId> typeDefUnchecked(const binary::TypeDef &t, uint64_t at);
  llvm::Expected<CTypeId> checkDepth(CTypeId id, uint64_t at) const;
  llvm::Expected<CTypeId> definedType(const binary::DefinedType &d, uint64_t at);
  llvm::Expected<CTypeId> funcType(const binary::FuncType &f, uint64_t at);
  llvm::Expected<CTypeId> declaredType(const binary::TypeDef &t, uint64_t at);
  llvm::Error decl(const binary::TypeDecl &d, uint64_t at);
  /// Checks the value types of a core rec group defined in a component:
  /// the features they need, and type indices below `limit`.
  llvm::Error coreValTypes(const binary::RecGroup &g, uint64_t limit, uint64_t at);
  /// Appends the entries of a core type definition: one per type of a rec
  /// group, or the module type.
  llvm::Error coreType(const binary::CoreTypeDef &t, uint64_t at, std::vector<CoreTypeEntry> &out);
  /// cm-gc: a lowering's declared core type against the component function
  /// type, value by value (component_gc.cpp).
  llvm::Error checkGcLowering(CTypeId func, uint32_t coreType, const CanonOptions &o, uint64_t at) const;
  CTypeId moduleType(const binary::Module &m);
  llvm::Expected<CExtern> externDesc(const binary::ExternDesc &d, uint64_t at, bool isImport);
  llvm::Expected<CTypeId> typeOfKind(uint64_t idx, CTypeNode::Kind kind, const char *what,
                                     uint64_t at) const;

  // component_spaces.cpp
  llvm::Error section(const binary::ComponentSection &s);
  llvm::Error coreInstance(const binary::CoreInstance &ci, uint64_t at);
  llvm::Error instance(const binary::Instance &in, uint64_t at);
  llvm::Error alias(const binary::Alias &a, uint64_t at);
  llvm::Error canon(const binary::Canon &k, uint64_t at);
  llvm::Expected<CExtern> itemType(binary::SortIdx item, uint64_t at) const;
  llvm::Expected<CoreExtern> coreItem(uint8_t sort, uint32_t idx, uint64_t at) const;
  /// Adds `e` to the index space of its sort (instances up to the limit).
  llvm::Error addItem(const CExtern &e, uint64_t at);
  /// The instance index space's limit (wasm-tools' 4,096 per scope).
  llvm::Error checkInstanceCount(uint64_t at) const;
  void addCoreItem(uint8_t sort, const CoreExtern &e);
  bool containsResource(CTypeId t) const;
  void pushType(CTypeId t, NameTag name);
  NameTag freshName() { return nextName++; }

  // component_visibility.cpp
  /// Explainer.md, "External visibility of types": the records, variants,
  /// enums, flags and resources an import's (export's) type uses are
  /// referred to through imported (or exported) type indices.
  llvm::Error checkVisible(const CExtern &e, bool isImport, uint64_t at) const;
  /// Records the names an import or export introduces into the scope.
  void registerNames(llvm::StringRef name, const CExtern &e, bool isImport);
  /// `[constructor]r`, `[method]r.f`, `[static]r.f`: the function's type
  /// agrees with the annotation and `r` names a resource in `labels`.
  llvm::Error checkAnnotated(llvm::StringRef name, const CExtern &e, bool isImport,
                             const llvm::DenseMap<NameTag, std::string> &labels,
                             uint64_t at) const;
  /// An import or export of the current scope: annotation, visibility,
  /// then its names.
  llvm::Error externItem(llvm::StringRef name, const CExtern &e, bool isImport, uint64_t at);
  /// Records the `implements` option of an import or export name in the
  /// current scope (the WIT decoder reads it back: `import b: a:b/i`).
  void noteImplements(const binary::ExternName &n, bool isImport) {
    for (const binary::ExternName::Option &o : n.options)
      if (o.kind == binary::nameopt::Implements)
        (isImport ? cur().importImplements : cur().exportImplements)[n.name] = o.value.str();
      else if (o.kind == binary::nameopt::ExternalId)
        (isImport ? cur().importExternalIds : cur().exportExternalIds)[n.name] = o.value.str();
  }

  // component_abi.cpp
  /// Sets a defined type's byteSize/byteAlign from its parts; an error when
  /// its element size reaches 2^28 bytes.
  llvm::Error layout(CTypeNode &n, uint64_t at) const;
  void flatten(CVal v, std::vector<uint8_t> &out, uint8_t ptr = binary::typecode::I32) const;
  bool usesMemory(CVal v) const;
  bool containsBorrow(CVal v) const;
  /// Checks canonical options as wasm-tools does before any use: each once,
  /// the pairs that exclude or need each other, realloc's signature.
  llvm::Expected<CanonOptions> checkOptions(const std::vector<binary::CanonOpt> &opts,
                                            uint64_t at);
  /// The options a lowering (or a built-in that writes to memory) refuses.
  llvm::Error checkLowerOptions(const CanonOptions &o, uint64_t at) const;
  /// Sets `*out` to the core function type (params) -> (results), after
  /// checking it against a declared `core-type` option.
  llvm::Error checkCoreType(const CanonOptions &o, const std::vector<uint8_t> &params,
                            const std::vector<uint8_t> &results, uint64_t at,
                            CoreExtern *out) const;
  /// `canon lift` (given the core function) or `canon lower` (filling
  /// `lowered`): options, memory needs, the flattened core signature.
  llvm::Error checkLiftLower(const binary::Canon &k, CTypeId func, const CoreExtern *core,
                             uint64_t at, CoreExtern *lowered);
  /// The core function a canon built-in (not lift or lower) defines.
  llvm::Expected<CoreExtern> builtin(const binary::Canon &k, uint64_t at);
  // builtin()'s parts: the gates, the stream/future element, and the
  // built-in families whose types depend on options or indices.
  llvm::Error builtinGates(const binary::Canon &k, const std::string &name, uint64_t at);
  llvm::Expected<std::optional<CVal>> builtinElement(const binary::Canon &k,
                                                     const std::string &name, uint64_t at);
  llvm::Expected<CoreExtern> resourceBuiltin(const binary::Canon &k, uint64_t at);
  llvm::Expected<CoreExtern> taskReturn(const binary::Canon &k, uint64_t at);
  llvm::Expected<CoreExtern> contextBuiltin(const binary::Canon &k, const std::string &name,
                                            uint64_t at);
  llvm::Expected<CoreExtern> transferBuiltin(const binary::Canon &k, const std::string &name,
                                             const std::optional<CVal> &element, uint64_t at);
  llvm::Expected<CoreExtern> errorContextBuiltin(const binary::Canon &k, uint64_t at);
  llvm::Expected<CoreExtern> threadNewIndirect(const binary::Canon &k, uint64_t at);
  llvm::Expected<CoreExtern> threadSpawn(const binary::Canon &k, uint64_t at);
  CExtern freshen(const CExtern &e);

  std::vector<Scope> stack; ///< innermost last
  NameTag nextName = 1;
};

} // namespace wcomp::validate::detail
