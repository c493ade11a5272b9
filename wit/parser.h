//===- wit/parser.h - WIT text to syntax tree -------------------*- C++ -*-===//
#pragma once

#include "wit/ast.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace wcomp::wit {

/// Parses one WIT file (WIT.md's grammar: package declaration, nested
/// packages, top-level `use`, interfaces, worlds with imports, exports,
/// includes and types, every type form, resources with constructors,
/// methods and static functions, gates, `@external-id`, doc comments).
/// Every offset, in the tree and in errors (binary::WasmError), is a byte
/// offset into `src` plus `base` (a SourceMap lays files end to end).
llvm::Expected<ast::File> parseFile(llvm::StringRef src, uint32_t base = 0);

} // namespace wcomp::wit
