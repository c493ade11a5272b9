//===- validate/custom_sections.h - Custom sections with defined contents -*- C++ -*-===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace wcomp::validate {

/// Checks the custom sections whose contents a specification defines — the
/// core `name` section (its order, its index ranges, local, label, field and
/// parameter indices) and `metadata.code.branch_hint` (sorted hints on `if`
/// and `br_if` instructions of defined functions) — in a module and in every
/// module nested in a component. Custom sections never decide validity, so
/// `validate` leaves them alone (as `wasm-tools validate` does); wasm-tools'
/// `wast` runner applies these checks and its scripts count a bad section as
/// an invalid module, so `wcomp wast` calls this after validation succeeds.
/// `bytes` must already have passed validateBinary.
llvm::Error checkCustomSections(llvm::ArrayRef<uint8_t> bytes);

} // namespace wcomp::validate
