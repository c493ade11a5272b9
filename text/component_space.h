//===- text/component_space.h - Component index spaces (internal) -*- C++ -*-===//
#pragma once

#include "binary/component.h"

namespace wcomp::text {

/// Index spaces of a component scope, in the order of the name section's
/// sort bytes.
enum CSpace : uint8_t {
  CCoreFunc, CCoreTable, CCoreMemory, CCoreGlobal, CCoreTag, CCoreType, CCoreModule,
  CCoreInstance, CFunc, CValue, CType, CComponent, CInstance, NumCSpaces
};

/// The index space of a sort.
CSpace spaceOfSort(binary::Sort s);
/// The sort of an index space.
binary::Sort sortOfSpace(CSpace s);

} // namespace wcomp::text
