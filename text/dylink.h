//===- text/dylink.h - The `dylink.0` section as text (internal) -*- C++ -*-===//
//
// `(@dylink.0 (mem-info ...) (needed ...) (export-info ...) ...)`: the text
// form wasm-tools gives the dynamic-linking section of shared-library
// modules (clang `-shared`, Emscripten side modules), parsed and printed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "text/parser_base.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace wcomp::text {

/// One printed line of a `dylink.0` section: its group text without the
/// parentheses (`needed "a" "b"`) and the file offset of its subsection.
struct DylinkLine {
  std::string text;
  uint64_t offset = 0;
};

/// Decodes a `dylink.0` section (data at file offset `base`) into the lines
/// wasm-tools prints; nullopt when it is malformed, with wasm-tools' reason
/// (`message (at offset 0x..)`) in `failure`.
std::optional<std::vector<DylinkLine>> decodeDylink(llvm::ArrayRef<uint8_t> data,
                                                    std::string *failure, uint64_t base);

/// Parses the contents of `(@dylink.0 ...)` after `@dylink.0`, up to and
/// including the closing `)`, into an encoded section body. Consecutive
/// `export-info` (and `import-info`) entries share one subsection.
bool parseDylink(TokenStream &ts, std::string &encoded);

} // namespace wcomp::text
