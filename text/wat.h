//===- text/wat.h - Text format: parse and print (public API) --*- C++ -*-===//
#pragma once

#include "binary/error.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wcomp::text {

class TokenStream;

/// Parses WebAssembly text: a `(module ...)` (including the `binary` and
/// `quote` forms), a `(component ...)`, or bare module fields. Errors are
/// WasmErrors whose offset is a byte offset into `src`; render them with
/// renderTextError.
llvm::Expected<std::vector<uint8_t>> parseWat(llvm::StringRef src);

/// Parses one `(module ...)` or `(component ...)` form at the stream's
/// current `(` (used by the .wast runner), leaving the stream after its `)`.
/// `isComponent` reports which it was; `isText` whether it was written in
/// text (not `binary`/`quote`), so a print/parse round trip must reproduce it.
bool parseModuleForm(TokenStream &ts, std::vector<uint8_t> &out, bool &isComponent, bool &isText);

/// `file:line:col` rendering of parse errors (binary/error.h).
using binary::renderTextError;

/// How to print.
struct PrintOptions {
  bool skeleton = false;   ///< elide function bodies and data
  bool nameSection = true; ///< use names from the name sections
  bool printOffsets = false; ///< start lines with `(;@offset;)` comments
  bool fold = false;         ///< print instructions in folded form
  /// One level of indentation (wasm-tools' `--indent`/`--indent-text`).
  std::string indent = "  ";
  /// Names unnamed items `$#func0`, `$#local1`, `$#label0`, ... so the text
  /// reads (and diffs) by name (wasm-tools' `--name-unnamed`).
  bool nameUnnamed = false;
  /// For `--print-operand-stack`: the text to show after each instruction
  /// of a function (`[i32 i64]`, `(invalid)`), by the offset of the module
  /// in the input and the defined function's index; null or short where
  /// nothing is known. Filled by whoever validated the module (cli/).
  std::function<const std::vector<std::string> *(uint64_t moduleBase, uint32_t defIndex)>
      operandStacks;
};

/// Prints a module or component binary as text. The binary must be
/// well-formed (it is decoded first; the error of a malformed one is
/// returned with its byte offset).
llvm::Error printWasm(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes,
                      const PrintOptions &opts = {});

} // namespace wcomp::text
