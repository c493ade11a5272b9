//===- text/wast_json.h - .wast scripts to JSON and module files -*- C++ -*-===//
//
// `wcomp json-from-wast`: a script becomes a JSON list of commands plus the
// module files they name, in the layout WABT's wast2json introduced and
// wasm-tools' `json-from-wast` writes, so a runtime's test harness can run
// spec scripts without a text parser of its own.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wcomp::text {

/// One module file a converted script refers to.
struct WastJsonFile {
  std::string name; ///< `stem.N.wasm` or `stem.N.wat`, no directory
  std::vector<uint8_t> bytes;
};

/// How to convert.
struct WastJsonOptions {
  /// The name the JSON records as `source_filename` (the path as given).
  std::string sourceName;
  /// The file-name stem of the module files (wasm-tools: the stem of `-o`,
  /// else of the script).
  std::string stem;
  /// Indented JSON (two spaces) instead of one compact line.
  bool pretty = false;
  /// When false, bidirectional-override and other invisible formatting
  /// characters in the script are an error (wasm-tools' lexer option).
  bool allowConfusingUnicode = true;
};

/// A converted script.
struct WastJson {
  std::string json; ///< no trailing newline, as wasm-tools writes it
  std::vector<WastJsonFile> files;
};

/// Converts the script `src`. Nothing is produced unless the whole script
/// converts: errors are WasmErrors at a byte offset of `src` (render them
/// with renderTextError).
llvm::Expected<WastJson> wastToJson(llvm::StringRef src, const WastJsonOptions &opts);

} // namespace wcomp::text
