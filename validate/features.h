//===- validate/features.h - WebAssembly feature flags ---------*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace wcomp::validate {

/// One WebAssembly feature (from features.def).
enum class Feature : uint8_t {
#define FEATURE(Name, Text, Level) Name,
#include "validate/features.def"
  Count
};

/// The CLI name of a feature ("reference-types").
llvm::StringRef featureName(Feature f);

/// A set of enabled features.
class Features {
public:
  /// Every standardised feature (what `wcomp validate` enables by default).
  static Features defaults();
  /// Every feature wcomp knows.
  static Features all();
  /// The features of a spec version (1, 2 or 3).
  static Features version(int v);

  bool has(Feature f) const { return bits & (uint64_t(1) << unsigned(f)); }
  void set(Feature f, bool on) {
    if (on)
      bits |= uint64_t(1) << unsigned(f);
    else
      bits &= ~(uint64_t(1) << unsigned(f));
  }

  /// Applies a `--features` list: comma-separated `all`, `wasm1`, `wasm2`,
  /// `wasm3`, `default`, a feature name, or `-name` to remove one; applied in
  /// order starting from the current set.
  llvm::Error apply(llvm::StringRef spec);

  /// The comma-separated names of the enabled features.
  std::string describe() const;

private:
  uint64_t bits = 0;
};

} // namespace wcomp::validate
