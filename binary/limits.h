//===- binary/limits.h - Implementation limits, in one place ---*- C++ -*-===//
#pragma once

#include <cstdint>

/// Caps on counts and depths. Every reader checks counts against these (and
/// against the bytes left) before reserving memory, so a hostile count cannot
/// allocate more than the input could describe. The values follow the ones
/// wasm engines agree on (the JS API limits), so real modules never hit them.
namespace wcomp::binary::limits {
inline constexpr uint32_t Types = 1'000'000;
/// How deeply component types may refer to one another (validation and the
/// type walks recurse on it). wasm-tools 1.262 refuses a chain of 100
/// `(type (option N))` and accepts 99; so does this limit.
inline constexpr uint32_t ComponentTypeDepth = 99;
/// The effective (unshared) size of one component type (wasm-tools 1.262:
/// "effective type size exceeds the limit of 1000000").
inline constexpr uint32_t ComponentTypeSize = 1000000;
/// Instances in one component or component type's index space (wasm-tools
/// 1.262 refuses the 4,097th).
inline constexpr uint32_t ComponentInstances = 4'096;
inline constexpr uint32_t RecGroupSize = 1'000'000;
inline constexpr uint32_t Supertypes = 1;
inline constexpr uint32_t Functions = 1'000'000;
inline constexpr uint32_t Imports = 1'000'000;
inline constexpr uint32_t Exports = 1'000'000;
inline constexpr uint32_t Globals = 1'000'000;
inline constexpr uint32_t Tables = 100'000;
inline constexpr uint32_t Memories = 100'000;
inline constexpr uint32_t Tags = 1'000'000;
inline constexpr uint32_t ElementSegments = 100'000;
inline constexpr uint32_t DataSegments = 100'000;
inline constexpr uint32_t ElementItems = 10'000'000;
inline constexpr uint32_t FunctionParams = 1'000;
inline constexpr uint32_t FunctionResults = 1'000;
inline constexpr uint32_t StructFields = 10'000;
inline constexpr uint32_t Locals = 50'000;
inline constexpr uint32_t LocalDecls = 50'000;
inline constexpr uint32_t BrTableTargets = 7'654'321;
inline constexpr uint32_t SelectTypes = 1;
inline constexpr uint32_t Catches = 100'000;
/// Supertypes above a GC type (wasm-tools' MAX_WASM_SUBTYPING_DEPTH).
inline constexpr unsigned SubtypingDepth = 63;
/// Handlers of one `resume` (wasm-tools' MAX_WASM_HANDLERS).
inline constexpr uint32_t Handlers = 10'000;
inline constexpr uint32_t FunctionSize = 7'654'321;
inline constexpr uint32_t NameMapEntries = 1'000'000;
/// Component-level caps.
inline constexpr uint32_t ComponentItems = 1'000'000;
inline constexpr uint32_t TypeDeclarations = 100'000;
inline constexpr uint32_t RecordFields = 10'000;
inline constexpr uint32_t VariantCases = 10'000;
inline constexpr uint32_t Flags = 10'000;
inline constexpr uint32_t TupleTypes = 10'000;
inline constexpr uint32_t CanonOptions = 100;
inline constexpr uint32_t InstantiateArgs = 100'000;
/// Nesting of modules/components inside components, and of component types.
inline constexpr unsigned NestingDepth = 100;
} // namespace wcomp::binary::limits
