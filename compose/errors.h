//===- compose/errors.h - Composition errors (internal) ---------*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::compose::detail {

/// Every problem found, one per line (the typed errors' rendering).
inline std::string joinLines(const std::vector<std::string> &lines) {
  std::string all;
  for (const std::string &l : lines)
    all += (all.empty() ? "" : "\n") + l;
  return all;
}

} // namespace wcomp::compose::detail
