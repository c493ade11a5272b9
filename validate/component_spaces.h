//===- validate/component_spaces.h - Component index spaces ----*- C++ -*-===//
#pragma once

#include "binary/component.h"

#include "llvm/Support/Error.h"

namespace wcomp::validate {

/// Tracks the size of every index space of a component as its sections are
/// read, and checks that each reference (sort index, alias target, canon
/// operand and option, import/export type) points inside its space. Outer
/// aliases are checked against the enclosing components' spaces.
llvm::Error checkComponentIndices(const binary::Component &c);

} // namespace wcomp::validate
