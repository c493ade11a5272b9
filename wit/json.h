//===- wit/json.h - A Resolve as JSON ---------------------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include <nlohmann/json.hpp>

namespace wcomp::wit {

/// The whole Resolve as JSON (schema in the README): arrays `packages`,
/// `interfaces`, `worlds` and `types`, items referring to each other by
/// index; a type reference is a primitive's name or a `types` index.
nlohmann::ordered_json toJson(const Resolve &r);

} // namespace wcomp::wit
