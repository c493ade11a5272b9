//===- binary/names.h - Kebab-case labels and semantic versions -*- C++ -*-===//
//
// The lexical rules shared by component import/export names (validate/) and
// WIT identifiers and package versions (wit/).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace wcomp::binary {

/// True when `s` is a kebab-case label: words of [a-z][0-9a-z]* or acronyms
/// of [A-Z][0-9A-Z]*, joined by single hyphens.
bool isKebabLabel(llvm::StringRef s);

/// True when `s` is lower-case words joined by hyphens (namespaces and
/// package names).
bool isKebabWords(llvm::StringRef s);

/// True when `s` is a valid semantic version (semver.org 2.0).
bool isValidSemver(llvm::StringRef s);

/// Orders two valid semantic versions by semver.org precedence (build
/// metadata ignored): negative, zero or positive.
int compareSemver(llvm::StringRef a, llvm::StringRef b);

/// A label as the component model compares labels for strong uniqueness
/// (wasmparser 1.262): lower-cased, hyphens dropped (`Foo-Bar` = `foobar`).
std::string canonicalLabel(llvm::StringRef label);

/// The key under which a plain name (a label, possibly annotated with
/// `[constructor]`, `[method]`, `[static]`, `[get]`, `[set]`) must be unique
/// among the names of one scope: its canonical label; `[...]l.l` is `l`;
/// every annotation dropped but `[constructor]` and `[set]` (so `[method]r.f`
/// and `[static]r.f` collide, and `[get]p` collides with `p`).
std::string stronglyUniqueKey(llvm::StringRef name);

/// The canonical form of an interface name (BuildTargets.md, "Interface
/// Name Canonicalization"): the version cut to what semver-compatible
/// versions share (`a:b/c@1.2.3` -> `a:b/c@1`, `@0.2.1` -> `@0.2`, `@0.0.1`
/// stays, a pre-release keeps `x.y.z-pre`; build metadata is dropped).
std::string canonicalInterfaceName(llvm::StringRef name);

/// Appends `bytes` as a text-format string literal, with wasm-tools'
/// escapes (`\hh` for quotes, backslashes and bytes outside printable ASCII).
void appendString(std::string &out, llvm::ArrayRef<uint8_t> bytes);
/// Appends a name (UTF-8) as a quoted WAT string the way wasm-tools prints
/// names: printable ASCII as is, every other character as `\u{hex}`; bytes
/// that are not UTF-8 fall back to appendString's `\hh` escapes.
void appendName(std::string &out, llvm::StringRef name);
/// Appends `bytes` as a quoted WAT string: printable ASCII as is, the rest as `\hh`.
inline void appendString(std::string &out, llvm::StringRef s) {
  appendString(out, llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size()));
}

} // namespace wcomp::binary
