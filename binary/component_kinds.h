//===- binary/component_kinds.h - Named component-model bytes ---*- C++ -*-===//
//
// The leading bytes of the component binary format (Binary.md), named. Each
// is an unscoped enum in a namespace of its own, so a model field stays a
// plain `uint8_t` (what the reader reads and the writer writes, unknown
// values included until the validator refuses them) while code compares it
// with a name: `e.kind == externkind::Instance`, not `e.kind == 0x05`.
// Section ids are in parser.h (compsec, coresec).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace wcomp::binary {

/// Sort bytes (`sort ::= 0x00 core:sort | 0x01 func | ...`).
namespace sortkind {
/// A component sort.
enum Kind : uint8_t { Core = 0x00, Func = 0x01, Value = 0x02, Type = 0x03, Component = 0x04,
                      Instance = 0x05 };
} // namespace sortkind

/// Core sort bytes (`core:sort`).
namespace coresort {
/// A core sort.
enum Kind : uint8_t { Func = 0x00, Table = 0x01, Memory = 0x02, Global = 0x03, Tag = 0x04,
                      Type = 0x10, Module = 0x11, Instance = 0x12 };
} // namespace coresort

/// Extern descriptor bytes (`externdesc ::= 0x00 0x11 core module | 0x01 func | ...`).
namespace externkind {
/// What an import or export is.
enum Kind : uint8_t { CoreModule = 0x00, Func = 0x01, Value = 0x02, Type = 0x03,
                      Component = 0x04, Instance = 0x05 };
} // namespace externkind

/// Type bounds (`typebound ::= 0x00 eq | 0x01 sub resource`); a value's
/// bound uses the same bytes (`0x00 eq | 0x01 valtype`).
namespace typebound {
/// A type or value bound.
enum Kind : uint8_t { Eq = 0x00, SubResource = 0x01 };
} // namespace typebound

/// Leading bytes of component type definitions that are not defined value
/// types (those are in dvt).
namespace typekind {
/// A type constructor.
enum Kind : uint8_t { Func = 0x40, Component = 0x41, Instance = 0x42, AsyncFunc = 0x43,
                      Resource = 0x3f, ResourceAsyncDtor = 0x3e };
} // namespace typekind

/// Defined value type bytes.
namespace dvt {
/// A defined value type constructor.
enum Kind : uint8_t { Record = 0x72, Variant = 0x71, List = 0x70, Tuple = 0x6f, Flags = 0x6e,
                      Enum = 0x6d, Option = 0x6b, Result = 0x6a, Own = 0x69, Borrow = 0x68,
                      FixedList = 0x67, Stream = 0x66, Future = 0x65, ErrorContext = 0x64,
                      Map = 0x63 };
} // namespace dvt

/// Primitive value type bytes.
namespace primtype {
/// A primitive value type.
enum Kind : uint8_t { Bool = 0x7f, S8 = 0x7e, U8 = 0x7d, S16 = 0x7c, U16 = 0x7b, S32 = 0x7a,
                      U32 = 0x79, S64 = 0x78, U64 = 0x77, F32 = 0x76, F64 = 0x75, Char = 0x74,
                      String = 0x73, ErrorContext = 0x64 };
} // namespace primtype

/// Declarations in component and instance types (`componentdecl`, `instancedecl`).
namespace declkind {
/// A declaration.
enum Kind : uint8_t { CoreType = 0x00, Type = 0x01, Alias = 0x02, Import = 0x03, Export = 0x04 };
} // namespace declkind

/// Declarations in core module types (`moduledecl`).
namespace moduledecl {
/// A module type declaration.
enum Kind : uint8_t { Import = 0x00, Type = 0x01, Alias = 0x02, Export = 0x03 };
} // namespace moduledecl

/// Options of an import or export name in the 0x02 form.
namespace nameopt {
/// A name option.
enum Kind : uint8_t { Implements = 0x00, VersionSuffix = 0x01, ExternalId = 0x02 };
} // namespace nameopt

/// Alias targets.
namespace aliastarget {
/// Where an alias points.
enum Kind : uint8_t { Export = 0x00, CoreExport = 0x01, Outer = 0x02 };
} // namespace aliastarget

/// Instance expressions, core and component (`0x00 instantiate | 0x01 exports`).
namespace instancekind {
/// How an instance is made.
enum Kind : uint8_t { Instantiate = 0x00, FromExports = 0x01 };
} // namespace instancekind

/// A function type's result list (`resultlist ::= 0x00 t | 0x01 0x00`).
namespace resultform {
/// How many results a function has.
enum Kind : uint8_t { Single = 0x00, None = 0x01 };
} // namespace resultform

/// Canonical option bytes.
namespace canonopt {
/// A canonical option.
enum Kind : uint8_t { Utf8 = 0x00, Utf16 = 0x01, CompactUtf16 = 0x02, Memory = 0x03,
                      Realloc = 0x04, PostReturn = 0x05, Async = 0x06, Callback = 0x07,
                      CoreType = 0x08, Gc = 0x09 };
} // namespace canonopt

/// Canon definition opcodes, from binary/canon_ops.def.
namespace canonop {
/// A canon definition.
enum Op : uint8_t {
#define WCOMP_CANON(byte, id, shape, name) id = byte,
#include "binary/canon_ops.def"
};
} // namespace canonop

} // namespace wcomp::binary
