//===- binary/module.h - Core module model, reader and writer --*- C++ -*-===//
#pragma once

#include "binary/operators.h"
#include "binary/parser.h"

#include <optional>
#include <vector>

namespace wcomp::binary {

/// External kinds of core imports and exports.
namespace extkind {
inline constexpr uint8_t Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4,
                         ExactFunc = 0x20;
} // namespace extkind

/// A core import. `index` is the type index for functions; the other fields
/// hold the type of the other kinds.
struct Import {
  llvm::StringRef module, name;
  /// The import section entry this item came from (compact-imports): 0 for
  /// a plain entry, 0x7F for a group sharing the module name, 0x7E for one
  /// sharing module name and type. `groupStart` marks a group's first item,
  /// so the writer reproduces the grouping.
  uint8_t compact = 0;
  bool groupStart = false;
  uint8_t kind = extkind::Func;
  uint32_t index = 0;
  TableType table;
  Limits memory;
  GlobalType global;
  TagType tag;
};

/// A core export.
struct Export {
  llvm::StringRef name;
  uint8_t kind = extkind::Func;
  uint32_t index = 0;
};

/// A table definition, with its initialiser when encoded as `0x40 0x00`.
struct Table {
  TableType type;
  std::optional<Expr> init;
};

/// A global definition.
struct Global {
  GlobalType type;
  Expr init;
};

/// An element segment; `flags` (0..7) decides which fields are encoded.
struct ElementSegment {
  uint32_t flags = 0;
  uint32_t table = 0;
  Expr offset;
  uint8_t elemKind = 0;       ///< flags 1,2,3: the elemkind byte (0 = funcref)
  ValType type;               ///< flags 5,6,7: the reference type
  std::vector<uint32_t> funcs; ///< flags 0..3
  std::vector<Expr> exprs;     ///< flags 4..7
  /// Flags 1 (and 5): passive.
  bool passive() const { return (flags & 3) == 1; }
  /// Flags 3 (and 7): declarative.
  bool declarative() const { return (flags & 3) == 3; }
  /// Flags 4..7: the items are expressions.
  bool usesExprs() const { return flags & 4; }
};

/// A data segment; `flags` 0 active (memory 0), 1 passive, 2 active (explicit memory).
struct DataSegment {
  uint32_t flags = 0;
  uint32_t memory = 0;
  Expr offset;
  llvm::ArrayRef<uint8_t> data;
};

/// A run of locals of one type.
struct LocalDecl {
  uint32_t count = 0;
  ValType type;
};

/// A function body. `bytes` is the encoded body (locals and code) in the input;
/// `locals` and `code` are filled by decodeFunctionBody (lazily, on demand).
struct FunctionBody {
  uint64_t offset = 0; ///< absolute offset of `bytes`
  llvm::ArrayRef<uint8_t> bytes;
  bool decoded = false;
  std::vector<LocalDecl> locals;
  Expr code;
};

/// A custom section: its name and the bytes after the name.
struct CustomSection {
  llvm::StringRef name;
  llvm::ArrayRef<uint8_t> data;
};

/// A decoded core module. Names and raw bytes point into the input buffer,
/// which must outlive the model. `sectionOrder` lists the section ids in file
/// order (custom sections in order as `customs`), so the writer reproduces the
/// layout exactly.
struct Module {
  std::vector<RecGroup> types;
  std::vector<Import> imports;
  std::vector<uint32_t> functions; ///< type index of each defined function
  std::vector<Table> tables;
  std::vector<Limits> memories;
  std::vector<TagType> tags;
  std::vector<Global> globals;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<uint32_t> dataCount;
  std::vector<FunctionBody> code;
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;
  std::vector<uint8_t> sectionOrder;
  /// Offsets of the sections' id bytes, parallel to sectionOrder.
  std::vector<uint64_t> sectionOffsets;
  /// With ReadOptions::recordOffsets: per section id, the offset of each
  /// entry of a vector section (for printing offsets).
  std::vector<std::vector<uint64_t>> itemOffsets;
};

/// How much of a module to decode.
struct ReadOptions {
  /// Decode every function body into operators (otherwise bodies stay raw and
  /// decodeFunctionBody decodes one on demand).
  bool decodeBodies = true;
  /// Record each section entry's offset (Module::itemOffsets).
  bool recordOffsets = false;
  /// Read only what a module's type needs (types, imports, functions,
  /// tables, memories, globals, tags, exports): code, data, element and
  /// custom sections are skipped and their counts not compared. For typing
  /// large components whose code is validated elsewhere, or not at all.
  bool interfaceOnly = false;
};

/// Reads a core module from `bytes` (starting with its header) at absolute
/// offset `base`.
llvm::Expected<Module> readModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base = 0,
                                  const ReadOptions &opts = {});

/// Reads a body's local declarations, enforcing the total-locals limit;
/// `out` may be null when only checking.
llvm::Error readLocalDecls(BinaryReader &r, std::vector<LocalDecl> *out);

/// Decodes the locals and code of one body.
llvm::Error decodeFunctionBody(FunctionBody &body);

/// Reads a core import (module name, field name, description).
llvm::Error readImport(BinaryReader &r, Import &imp);
/// Reads only the description part (kind byte and type) into `imp`.
llvm::Error readImportDesc(BinaryReader &r, Import &imp);
/// Writes a core import.
void writeImport(Encoder &e, const Import &imp);
/// Writes an import's description (kind byte and type).
void writeImportDesc(Encoder &e, const Import &imp);

/// Encodes a module; a module read from canonical bytes encodes to the same bytes.
void writeModule(Encoder &e, const Module &m);

/// Section ids in the standard order, for a module built in memory: only the
/// non-empty sections.
std::vector<uint8_t> defaultSectionOrder(const Module &m);

} // namespace wcomp::binary
