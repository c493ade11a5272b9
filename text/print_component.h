//===- text/print_component.h - Component printer (internal) ---*- C++ -*-===//
#pragma once

#include "text/wat.h"

namespace wcomp::text {

/// Prints a component (bytes start with its header, at absolute offset
/// `base`) at an indentation; nested modules and components included.
llvm::Error printComponent(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                           const PrintOptions &opts, unsigned indent);

} // namespace wcomp::text
