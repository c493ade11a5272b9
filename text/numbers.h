//===- text/numbers.h - Number literals of the text format -----*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace wcomp::text {

/// Outcome of parsing a literal.
enum class NumResult { Ok, Malformed, OutOfRange };

/// Parses an unsigned literal (decimal or `0x` hex, `_` between digits, no
/// sign), as used for indices, offsets and limits.
NumResult parseUnsigned(llvm::StringRef s, uint64_t &v);

/// Parses an `iN.const` literal (N = 8, 16, 32 or 64): an optional sign, then
/// an unsigned literal; signed values down to -2^(N-1) and unsigned up to
/// 2^N-1 are accepted. `v` gets the two's-complement bits (zero-extended).
NumResult parseInt(llvm::StringRef s, unsigned bits, uint64_t &v);

/// Parses an f32 literal (decimal, hex, `inf`, `nan`, `nan:0x...`) into its
/// bit pattern, rounding to nearest even; literals that round to infinity are
/// out of range.
NumResult parseF32(llvm::StringRef s, uint32_t &bits);
/// Parses an f64 literal into its bit pattern.
NumResult parseF64(llvm::StringRef s, uint64_t &bits);

/// Appends the shortest text of an f32/f64 bit pattern in wasm-tools' form:
/// hex for finite values (`0x1.8p+1`), `inf`, `nan`, `nan:0x...`.
void formatF32Hex(uint32_t bits, std::string &out);
/// As formatF32Hex, for an f64.
void formatF64Hex(uint64_t bits, std::string &out);
/// Appends the shortest round-trip decimal of a finite f32/f64 in fixed
/// notation, as Rust prints floats (wasm-tools' `(;=1.5;)` comments).
void formatF32Dec(uint32_t bits, std::string &out);
/// As formatF32Dec, for an f64.
void formatF64Dec(uint64_t bits, std::string &out);

} // namespace wcomp::text
