//===- text/producers.h - The `producers` section as text (internal) -*- C++ -*-===//
#pragma once

#include "binary/producers.h"
#include "text/parser_base.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace wcomp::text {

// The section's codec is binary's (binary/producers.h).
using binary::decodeProducers;
using binary::encodeProducers;
using binary::ProducerEntry;

/// The comment lines wasm-tools prints before a known custom section
/// (`producers`, `dylink.0`) it cannot read: `;; failed to parse custom
/// section `NAME`: <failure>`, one line per line of the reason (a name in
/// it may hold a line break).
std::vector<std::string> customFailureLines(llvm::StringRef section, llvm::StringRef failure);

/// Parses the contents of `(@producers ...)` after `@producers`, up to and
/// including the closing `)`, into an encoded section body.
bool parseProducers(TokenStream &ts, std::string &encoded);

} // namespace wcomp::text
