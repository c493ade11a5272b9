//===- text/producers.h - The `producers` section as text (internal) -*- C++ -*-===//
#pragma once

#include "text/parser_base.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace wcomp::text {

/// One `(field "name" "version")` entry of a producers section.
struct ProducerEntry {
  std::string field, name, version;
  uint64_t offset = 0; ///< decoded: where the name/version pair starts in the section data
};

/// Decodes a producers section; nullopt unless it is well-formed and
/// re-encodes to exactly the same bytes (so printing it as `(@producers ...)`
/// loses nothing). Where the section is malformed (truncated, a field other
/// than `language`, `processed-by` or `sdk`), `failure` gets wasm-tools'
/// reason, `message (at offset 0x..)`, offsets counted from `base` (the
/// data's offset in the file).
std::optional<std::vector<ProducerEntry>> decodeProducers(llvm::ArrayRef<uint8_t> data,
                                                          std::string *failure = nullptr,
                                                          uint64_t base = 0);

/// The comment lines wasm-tools prints before a known custom section
/// (`producers`, `dylink.0`) it cannot read: `;; failed to parse custom
/// section `NAME`: <failure>`, one line per line of the reason (a name in
/// it may hold a line break).
std::vector<std::string> customFailureLines(llvm::StringRef section, llvm::StringRef failure);

/// Encodes entries, grouping them by field in order of first appearance.
std::string encodeProducers(const std::vector<ProducerEntry> &entries);

/// Parses the contents of `(@producers ...)` after `@producers`, up to and
/// including the closing `)`, into an encoded section body.
bool parseProducers(TokenStream &ts, std::string &encoded);

} // namespace wcomp::text
