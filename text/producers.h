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
/// loses nothing).
std::optional<std::vector<ProducerEntry>> decodeProducers(llvm::ArrayRef<uint8_t> data);

/// Encodes entries, grouping them by field in order of first appearance.
std::string encodeProducers(const std::vector<ProducerEntry> &entries);

/// Parses the contents of `(@producers ...)` after `@producers`, up to and
/// including the closing `)`, into an encoded section body.
bool parseProducers(TokenStream &ts, std::string &encoded);

} // namespace wcomp::text
