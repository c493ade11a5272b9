//===- text/component_parser.h - Component text parser (internal) -*- C++ -*-===//
#pragma once

#include "text/parser_base.h"

#include <vector>

namespace wcomp::text {

/// Parses a component's contents after `component` (and `definition`):
/// `$id? binary "..."*`, `$id? quote "..."*` or component fields, up to the
/// closing `)` (not consumed). `isText` reports whether it was written in text.
bool parseComponentBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText);

} // namespace wcomp::text
