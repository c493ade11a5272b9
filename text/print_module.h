//===- text/print_module.h - Core module printer (internal) ----*- C++ -*-===//
#pragma once

#include "binary/name_section.h"
#include "binary/names.h"

#include "binary/module.h"
#include "text/wat.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace wcomp::text {

using binary::ModuleNames;

/// The deepest indentation printed, in spaces (wasm-tools' limit).
inline constexpr unsigned MaxIndent = 100;

/// "No offset known" for the offset comments of `--print-offsets`.
inline constexpr uint64_t NoOffset = ~uint64_t(0);

/// Appends the `(;@1a3   ;)` offset comment that starts a line with
/// `--print-offsets` (11 spaces when the line has no offset).
void appendOffset(std::string &out, uint64_t offset);

using binary::decodeNames;

/// Appends `$name` in text form: bare when every character is an idchar,
/// otherwise the quoted `$"..."` form.
void appendId(std::string &out, llvm::StringRef name);
using binary::appendName;
using binary::appendString;

/// Prints a core module at an indentation (nested in components): `header`,
/// the name (`outerName` if given, else the module's own), `suffix` (such as
/// an index comment), the items, and `)` with a newline.
llvm::Error printModule(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                        const PrintOptions &opts, unsigned indent, llvm::StringRef header,
                        llvm::StringRef outerName = {}, llvm::StringRef suffix = {},
                        uint64_t headerOffset = NoOffset);

} // namespace wcomp::text
