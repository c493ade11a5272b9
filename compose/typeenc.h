//===- compose/typeenc.h - Component types back to binary -------*- C++ -*-===//
//
// A composition that leaves an import unsatisfied imports it itself, so the
// import's type, known only as validated types (validate::CTypes), must be
// written out again in the composed component. Types are found by the name
// tag of the index they were referred to by: within an instance type, by
// its own exports; outside it, through a hook that resolves the tags of the
// composition's other imports (aliasing their exports on demand). Anonymous
// structural types are written where used.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/component_builder.h"
#include "validate/component_types.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/StringSaver.h"

#include <deque>
#include <string>
#include <functional>
#include <optional>
#include <vector>

namespace wcomp::compose {

/// Appends type definitions to a component being built and returns the
/// extern descriptions of imports.
class TypeEncoder {
public:
  /// Resolves a name tag to a type index of the component being built, or
  /// nullopt. It may add sections (aliases) to the component.
  using TagHook = std::function<llvm::Expected<std::optional<uint32_t>>(validate::NameTag)>;

  /// Types are defined in `out` (the component being built, which counts
  /// its index spaces).
  TypeEncoder(const validate::CTypes &types, binary::DeclSink &out, llvm::StringSaver &saver,
              TagHook hook);

  /// The description of an import of type `e`, with every type it needs
  /// defined first. `what` names the import in errors.
  llvm::Expected<binary::ExternDesc> importDesc(const validate::CExtern &e, llvm::StringRef what);
  /// Records that type index `index` of the component is the one tagged
  /// `tag` (0: none), of type `id` (resources are found by identity too).
  void nameType(validate::NameTag tag, validate::CTypeId id, uint32_t index) {
    if (tag)
      scopes.front().tags[tag] = index;
    scopes.front().ids.try_emplace(id, index);
  }

private:
  struct Scope {
    std::vector<binary::TypeDecl> *decls = nullptr; ///< null: the component itself
    uint32_t own = 0; ///< a nested scope's type count (the component's: the sink's)
    llvm::DenseMap<validate::NameTag, uint32_t> tags;
    llvm::DenseMap<validate::CTypeId, uint32_t> ids;
    /// Component types: instances imported so far, and the type names
    /// their exports introduce (aliased into the scope when first used).
    uint32_t instances = 0;
    llvm::DenseMap<validate::NameTag, std::pair<uint32_t, std::string>> exported;
  };

  llvm::Expected<binary::CValType> val(validate::CVal v);
  /// The index of type `id` in the current scope: found by name tag (here
  /// or outside, aliased in), by identity, or defined here.
  llvm::Expected<uint32_t> typeIndex(validate::CTypeId id, validate::NameTag tag);
  llvm::Expected<std::optional<uint32_t>> findTag(validate::NameTag tag);
  llvm::Expected<uint32_t> define(validate::CTypeId id);
  llvm::Expected<binary::TypeDef> defined(const validate::CTypeNode &n);
  llvm::Expected<binary::TypeDef> func(const validate::CTypeNode &n);
  llvm::Expected<binary::TypeDef> instance(const validate::CTypeNode &n);
  llvm::Expected<binary::TypeDef> component(const validate::CTypeNode &n);
  llvm::Expected<binary::TypeDecl> externDecl(uint8_t kind, llvm::StringRef name,
                                              const validate::CExtern &e, bool declared);
  uint32_t aliasExport(Scope &s, uint32_t instance, llvm::StringRef name);
  uint32_t add(binary::TypeDef t);
  uint32_t aliasOuter(unsigned depth, uint32_t index);
  uint32_t &count() { return scopes.back().own; }

  const validate::CTypes &types;
  binary::DeclSink &out;
  llvm::StringSaver &saver;
  TagHook hook;
  /// Resources a component type defines: its exported instance types
  /// declare them (`(sub resource)`), as they are new in every instance.
  std::vector<validate::CTypeId> componentResources;
  /// Encoding a component type's exports: their instance types declare only
  /// componentResources (the others are the imports' and keep their
  /// identity), so they are written anew rather than shared with imports.
  bool inComponentExports = false;
  std::deque<Scope> scopes;
  std::string what; ///< the import being encoded, for messages (owned: see findTag)
};

} // namespace wcomp::compose
