//===- validate/features.h - WebAssembly feature flags ---------*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wcomp::validate {

/// One WebAssembly feature (from features.def).
enum class Feature : uint8_t {
#define FEATURE(Name, Text, Default, Since, Lime1, Desc) Name,
#include "validate/features.def"
  Count
};

/// The CLI name of a feature ("reference-types").
llvm::StringRef featureName(Feature f);

/// How wasm-tools words a feature in "... support is not enabled" ("SIMD").
llvm::StringRef featureDescription(Feature f);

/// The message for a construct whose feature is off, worded as wasm-tools
/// words it ("SIMD support is not enabled").
std::string notEnabled(Feature f);

/// A set of enabled features.
class Features {
public:
  /// wasm-tools 1.262's default set (what `wcomp validate` enables without
  /// `-f`): the standard features, the component model and the proposals
  /// wasm-tools turned on (cm-async, wide-arithmetic, compact-imports, ...).
  static Features defaults();
  /// Every feature wcomp knows.
  static Features all();
  /// The features of a spec version: 0 (mvp), 1, 2 or 3. Like wasm-tools'
  /// groups these hold no component-model feature.
  static Features version(int v);
  /// The lime1 set ("linear memory version 1", tool-conventions' Lime.md).
  static Features lime1();

  /// Whether `f` is enabled.
  bool has(Feature f) const { return bits & (uint64_t(1) << unsigned(f)); }
  /// Enables or disables `f`.
  void set(Feature f, bool on) {
    if (on)
      bits |= uint64_t(1) << unsigned(f);
    else
      bits &= ~(uint64_t(1) << unsigned(f));
  }

  /// Applies a `--features` list, in order, to the current set. Items are
  /// comma-separated: a feature name turns it on, `-name` off; `all` turns
  /// everything on and `-all` off; a group (`mvp`, `wasm1`, `wasm2`,
  /// `wasm3`, `lime1`, `default`) replaces the set, `-group` removes it.
  /// As in wasm-tools, `reference-types` and `bulk-memory` carry their
  /// sub-features (`call-indirect-overlong`, `bulk-memory-opt`) along.
  llvm::Error apply(llvm::StringRef spec);

  /// The comma-separated names of the enabled features.
  std::string describe() const;

private:
  uint64_t bits = 0;
};

} // namespace wcomp::validate
