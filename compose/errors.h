//===- compose/errors.h - Composition errors (internal) ---------*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::compose::detail {

/// An error with a message (composition errors name instances and imports,
/// not byte offsets: the inputs were read without error).
inline llvm::Error failure(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Every problem found, one per line; success when there is none.
inline llvm::Error failures(const std::vector<std::string> &lines) {
  if (lines.empty())
    return llvm::Error::success();
  std::string all;
  for (const std::string &l : lines)
    all += (all.empty() ? "" : "\n") + l;
  return failure(all);
}

} // namespace wcomp::compose::detail
