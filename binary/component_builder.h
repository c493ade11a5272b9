//===- binary/component_builder.h - Components encoded directly -*- C++ -*-===//
//
// Every tool that makes a component (new, adapt, embed's component-type
// section, the WIT package encoding, compose) appends its items here, in
// order, and gets back the index each item was given: the builder counts
// every index space, groups consecutive items of one kind into one section
// (as wasm-tools' encoder does), and copies nested modules and components
// into the output once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/component.h"
#include "binary/writer.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <deque>
#include <map>
#include <string>
#include <optional>
#include <vector>

namespace wcomp::binary {

/// The index spaces of a component (and of component and instance types).
enum class Space : uint8_t {
  CoreFunc, CoreTable, CoreMemory, CoreGlobal, CoreTag, CoreType, CoreModule, CoreInstance,
  Func, Value, Type, Component, Instance,
  Count
};

/// The index space items of sort `s` are counted in.
Space spaceOf(Sort s);
/// The index space an import or export described by `d` adds to.
Space spaceOf(const ExternDesc &d);

/// Where type definitions, aliases and imports can go: a component, or the
/// declarations of a component or instance type. The WIT type writer writes
/// into either through this.
class DeclSink {
public:
  virtual ~DeclSink() = default;
  /// Defines a type; returns its type index.
  virtual uint32_t type(TypeDef t) = 0;
  /// Defines an alias; returns its index in the alias's sort.
  virtual uint32_t alias(const Alias &a) = 0;
  /// Adds an import; returns its index in the sort of `d`.
  virtual uint32_t import(const ExternName &n, const ExternDesc &d) = 0;
  /// How many items index space `s` holds so far.
  virtual uint32_t count(Space s) const = 0;
};

/// The declarations of a component type (0x41) or instance type (0x42)
/// being built, with their index spaces counted.
class TypeDeclBuilder final : public DeclSink {
public:
  /// `component`: a component type (imports allowed), else an instance type.
  explicit TypeDeclBuilder(bool component) : component(component) {}
  /// DeclSink: defines a type in the declarations.
  uint32_t type(TypeDef t) override;
  /// DeclSink: an alias in the declarations.
  uint32_t alias(const Alias &a) override;
  /// DeclSink: declares an import (component types only).
  uint32_t import(const ExternName &n, const ExternDesc &d) override;
  /// Declares an export; returns its index in the sort of `d`.
  uint32_t exportDecl(const ExternName &n, const ExternDesc &d);
  /// Defines a core type; returns its core type index.
  uint32_t coreType(CoreTypeDef t);
  /// DeclSink: the items counted in `s` so far.
  uint32_t count(Space s) const override { return counts[size_t(s)]; }
  /// The finished type definition (the builder is left empty).
  TypeDef finish();

private:
  uint32_t externDecl(uint8_t kind, const ExternName &n, const ExternDesc &d);
  bool component;
  std::vector<TypeDecl> decls;
  std::array<uint32_t, size_t(Space::Count)> counts{};
  /// Debug names by (sort key, index); the key orders core sorts first.
  std::map<std::pair<uint32_t, uint32_t>, std::string> names;
  /// Appends the `component-name` section of `names` (if any).
  void writeNames();
};

/// A finished component as pieces: chunks the builder encoded (`owned`)
/// and the nested modules and components it was given, by reference.
struct ComponentPieces {
  std::vector<llvm::ArrayRef<uint8_t>> pieces; ///< in order
  std::deque<std::vector<uint8_t>> owned;      ///< the pieces that are the builder's
  /// The number of bytes.
  uint64_t size() const;
};

/// A component being built: items appended in order, indices handed back.
class ComponentBuilder final : public DeclSink {
public:
  /// `borrowNested`: nested modules and components are kept by reference
  /// (finishPieces; they must outlive the result) instead of copied, so a
  /// composition of large components is written without being assembled.
  explicit ComponentBuilder(bool borrowNested = false);

  /// DeclSink: defines a type in the component.
  uint32_t type(TypeDef t) override;
  /// DeclSink: an alias in the component.
  uint32_t alias(const Alias &a) override;
  /// DeclSink: imports into the component.
  uint32_t import(const ExternName &n, const ExternDesc &d) override;
  /// DeclSink: the items counted in `s` so far.
  uint32_t count(Space s) const override { return counts[size_t(s)]; }

  /// Defines a core type; returns its core type index.
  uint32_t coreType(const CoreTypeDef &t);
  /// Exports `item` (with an optional ascribed type); an export is a new
  /// index in the item's sort, which is returned.
  uint32_t exportItem(const ExternName &n, SortIdx item,
                      const std::optional<ExternDesc> &ascribed = std::nullopt);
  /// A canonical definition: `canon lift` defines a function, the others
  /// a core function. Returns the index.
  uint32_t canon(const Canon &c);
  /// A core instance (instantiation or bag of exports); its index.
  uint32_t coreInstance(const CoreInstance &ci);
  /// A component instance (instantiation or bag of exports); its index.
  uint32_t instance(const Instance &in);
  /// A core module whose bytes are the concatenation of `pieces` (a
  /// module with some sections replaced is spliced without assembling it
  /// first). Returns the module index.
  uint32_t coreModule(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces);
  /// A core module of one piece.
  uint32_t coreModule(llvm::ArrayRef<uint8_t> bytes) { return coreModule(llvm::ArrayRef(&bytes, 1)); }
  /// A nested component whose bytes are the concatenation of `pieces`.
  uint32_t component(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces);
  /// A nested component of one piece.
  uint32_t component(llvm::ArrayRef<uint8_t> bytes) { return component(llvm::ArrayRef(&bytes, 1)); }
  /// A custom section (written in place, between the items around it).
  void custom(llvm::StringRef name, llvm::ArrayRef<uint8_t> data);
  /// A `producers` section with one `processed-by` entry.
  void processedBy(llvm::StringRef tool, llvm::StringRef version);
  /// Gives item `index` of sort `s` a debug name; finish() writes the names
  /// in a `component-name` section (Binary.md, "Name Section") at the end.
  void setName(const Sort &s, uint32_t index, llvm::StringRef name);

  /// The finished component (the builder is left empty).
  std::vector<uint8_t> finish();
  /// The finished component as pieces (the builder is left empty).
  ComponentPieces finishPieces();

private:
  /// A module or component section of the given bytes.
  void nested(uint8_t id, llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces);
  /// Ends the current owned chunk (borrowing mode).
  void cut();
  /// Starts (or continues) a section of kind `id` for one more item.
  Encoder &item(uint8_t id);
  void flush();
  uint32_t next(Space s) { return counts[size_t(s)]++; }

  std::vector<uint8_t> out;
  bool borrow = false;
  ComponentPieces done; ///< borrowing mode: the pieces before `out`
  uint8_t openId = 0;
  bool open = false;
  uint32_t openCount = 0;
  Encoder body;
  std::array<uint32_t, size_t(Space::Count)> counts{};
  /// Debug names by (sort key, index); the key orders core sorts first.
  std::map<std::pair<uint32_t, uint32_t>, std::string> names;
  /// Appends the `component-name` section of `names` (if any).
  void writeNames();
};

/// The component-level items' writers, shared by writeComponent and the
/// builder.
void writeCanon(Encoder &e, const Canon &c);
/// Writes a core instance expression.
void writeCoreInstance(Encoder &e, const CoreInstance &ci);
/// Writes a component instance expression.
void writeInstance(Encoder &e, const Instance &in);

} // namespace wcomp::binary
