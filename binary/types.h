//===- binary/types.h - Core WebAssembly types: model, read, write -*- C++ -*-===//
#pragma once

#include "binary/reader.h"
#include "binary/writer.h"

#include <optional>
#include <vector>

namespace wcomp::binary {

/// Type-constructor bytes of the core binary format.
namespace typecode {
inline constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B;
inline constexpr uint8_t I8 = 0x78, I16 = 0x77; // packed storage types
inline constexpr uint8_t RefNull = 0x63, Ref = 0x64;
inline constexpr uint8_t Func = 0x70, Extern = 0x6F, Any = 0x6E, Eq = 0x6D, I31 = 0x6C,
                         Struct = 0x6B, Array = 0x6A, Exn = 0x69, Cont = 0x68,
                         NoFunc = 0x73, NoExtern = 0x72, None = 0x71, NoExn = 0x74,
                         NoCont = 0x75;
inline constexpr uint8_t Shared = 0x65, Exact = 0x62;
inline constexpr uint8_t EmptyBlock = 0x40;
inline constexpr uint8_t FuncType = 0x60, StructType = 0x5F, ArrayType = 0x5E, ContType = 0x5D;
inline constexpr uint8_t SubFinal = 0x4F, Sub = 0x50, Rec = 0x4E;
inline constexpr uint8_t Describes = 0x4C, Descriptor = 0x4D;
} // namespace typecode

/// True for the one-byte codes of abstract heap types (func, extern, any, ...).
bool isAbstractHeapCode(uint8_t b);

/// A heap type: abstract (by its code byte) or a type index, possibly exact or
/// shared (proposals that prefix the encoding).
struct HeapType {
  /// Abstract (`func`, `any`, ...) or a type index.
  enum Kind : uint8_t { Abstract, Index };
  Kind kind = Abstract;
  bool exact = false;
  bool shared = false;
  uint32_t value = 0; ///< abstract: the code byte; index: the type index

  /// An abstract heap type by its code byte.
  static HeapType abstract(uint8_t code) { return {Abstract, false, false, code}; }
  /// A concrete heap type, by type index.
  static HeapType index(uint32_t i) { return {Index, false, false, i}; }
  bool operator==(const HeapType &) const = default;
};

/// A value type as encoded: `code` keeps the leading byte, so the abbreviated
/// `funcref` (0x70) and `(ref null func)` (0x63 0x70) both round-trip exactly.
/// For packed storage types `code` is I8/I16. The short form of a shared
/// abstract reference (`0x65 ht`) has code Shared and its heap type in `heap`.
struct ValType {
  uint8_t code = typecode::I32;
  HeapType heap; ///< meaningful for reference types

  /// A number or vector type by its code byte.
  static ValType num(uint8_t c) { return {c, {}}; }
  /// A reference type.
  static ValType ref(bool nullable, HeapType h) {
    return {nullable ? typecode::RefNull : typecode::Ref, h};
  }
  /// A reference type (not a number, vector or packed type).
  bool isRef() const { return !(code >= typecode::V128 && code <= typecode::I32) && !isPacked(); }
  /// A packed storage type (`i8`, `i16`; struct and array fields only).
  bool isPacked() const { return code == typecode::I8 || code == typecode::I16; }
  /// For reference types: nullable? (abbreviations are nullable)
  bool nullable() const { return code != typecode::Ref; }
  /// The referenced heap type, for abbreviations too.
  HeapType heapType() const {
    if (code == typecode::Ref || code == typecode::RefNull || code == typecode::Shared)
      return heap;
    return HeapType::abstract(code);
  }
  bool operator==(const ValType &) const = default;
};

/// Limits of a table or memory; `flags` is the encoded flags byte.
struct Limits {
  uint8_t flags = 0;
  uint64_t min = 0;
  uint64_t max = 0;
  uint32_t pageSizeLog2 = 0;

  /// Flag 0x01: a maximum is given.
  bool hasMax() const { return flags & 0x01; }
  /// Flag 0x02: shared (threads).
  bool shared() const { return flags & 0x02; }
  /// Flag 0x04: 64-bit addresses (memory64, table64).
  bool is64() const { return flags & 0x04; }
  /// Flag 0x08: a custom page size (memories).
  bool hasPageSize() const { return flags & 0x08; }
  bool operator==(const Limits &) const = default;
};

/// A table's type.
struct TableType {
  ValType elem;
  Limits limits;
  bool operator==(const TableType &) const = default;
};

/// A global's type; `flags` bit 0 is mutability, bit 1 shared.
struct GlobalType {
  ValType type;
  uint8_t flags = 0;
  /// Mutable.
  bool mut() const { return flags & 1; }
  bool operator==(const GlobalType &) const = default;
};

/// An exception tag's type (attribute 0 = exception).
struct TagType {
  uint8_t attribute = 0;
  uint32_t typeIndex = 0;
  bool operator==(const TagType &) const = default;
};

/// A struct or array field.
struct FieldType {
  ValType storage;
  uint8_t mut = 0;
  bool operator==(const FieldType &) const = default;
};

/// A composite type: func, struct, array or continuation.
struct CompositeType {
  uint8_t kind = typecode::FuncType;
  bool shared = false;
  std::vector<ValType> params, results; ///< func
  std::vector<FieldType> fields;        ///< struct; array uses fields[0]
  uint32_t contType = 0;                ///< cont
  bool operator==(const CompositeType &) const = default;
};

/// A subtype declaration. `form` is 0 for a bare composite type (final, no
/// supertypes), else SubFinal/Sub as encoded.
struct SubType {
  uint8_t form = 0;
  std::vector<uint32_t> supertypes;
  std::optional<uint32_t> describes, descriptor;
  CompositeType composite;
  /// `final` (no `sub` prefix, or `sub final`).
  bool isFinal() const { return form != typecode::Sub; }
  bool operator==(const SubType &) const = default;
};

/// One entry of the type section: a rec group (explicit `0x4E`) or a lone subtype.
struct RecGroup {
  bool explicitRec = false;
  std::vector<SubType> types;
};

/// Reads a value type (including packed types when `allowPacked`).
llvm::Expected<ValType> readValType(BinaryReader &r, bool allowPacked = false);
/// Reads a reference type.
llvm::Expected<ValType> readRefType(BinaryReader &r);
/// Reads a heap type.
llvm::Expected<HeapType> readHeapType(BinaryReader &r);
/// Reads limits; `memory` allows the 64-bit, shared and page-size flags.
llvm::Expected<Limits> readLimits(BinaryReader &r, bool memory);
/// Reads a table type (reference type and limits).
llvm::Expected<TableType> readTableType(BinaryReader &r);
/// Reads a global type (value type and mutability).
llvm::Expected<GlobalType> readGlobalType(BinaryReader &r);
/// Reads a tag type (attribute byte and function type index).
llvm::Expected<TagType> readTagType(BinaryReader &r);
/// Reads a rec group or a lone subtype.
llvm::Expected<RecGroup> readRecGroup(BinaryReader &r);
/// Reads a subtype (with optional sub/final/describes/descriptor prefixes).
llvm::Expected<SubType> readSubType(BinaryReader &r);

/// Writes a value type.
void writeValType(Encoder &e, const ValType &t);
/// Writes a heap type (with its exact/shared prefixes).
void writeHeapType(Encoder &e, const HeapType &h);
/// Writes limits.
void writeLimits(Encoder &e, const Limits &l);
/// Writes a table type.
void writeTableType(Encoder &e, const TableType &t);
/// Writes a global type.
void writeGlobalType(Encoder &e, const GlobalType &t);
/// Writes a tag type.
void writeTagType(Encoder &e, const TagType &t);
/// Writes a subtype: its `sub`/`sub final` form and supertypes when it has one, then the rest.
void writeSubType(Encoder &e, const SubType &t);
/// Writes a rec group: with the 0x4e header when it was written so (`explicitRec`).
void writeRecGroup(Encoder &e, const RecGroup &g);

} // namespace wcomp::binary
