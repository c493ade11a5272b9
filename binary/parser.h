//===- binary/parser.h - Pull parser over a wasm binary -------*- C++ -*-===//
#pragma once

#include "binary/reader.h"

#include "llvm/ADT/SmallVector.h"

namespace wcomp::binary {

/// Section ids of core modules.
namespace coresec {
inline constexpr uint8_t Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4,
                         Memory = 5, Global = 6, Export = 7, Start = 8, Element = 9,
                         Code = 10, Data = 11, DataCount = 12, Tag = 13;
} // namespace coresec

/// Section ids of components.
namespace compsec {
inline constexpr uint8_t Custom = 0, CoreModule = 1, CoreInstance = 2, CoreType = 3,
                         Component = 4, Instance = 5, Alias = 6, Type = 7, Canon = 8,
                         Start = 9, Import = 10, Export = 11, Value = 12;
} // namespace compsec

/// The name of a section id ("type", "core module", ...).
llvm::StringRef sectionName(bool component, uint8_t id);

/// One step of the parse. Nothing is copied: `data` points into the input.
struct Payload {
  /// What a payload is.
  enum Kind : uint8_t {
    ModuleHeader,    ///< start of a core module (top-level or nested)
    ComponentHeader, ///< start of a component (top-level or nested)
    Section,         ///< a section; for nested module/component sections the
                     ///< parser next descends into it
    End              ///< end of the current module or component
  };
  Kind kind = End;
  /// Nesting depth: 0 for the top-level module or component.
  unsigned depth = 0;
  /// True when the enclosing binary is a component.
  bool inComponent = false;
  /// Header: version field; Section: section id.
  uint16_t version = 0;
  uint8_t id = 0;
  /// Absolute offset of the section id byte (Section) or header start.
  uint64_t startOffset = 0;
  /// Section contents (after the size; after the name for custom sections).
  llvm::ArrayRef<uint8_t> data;
  /// Absolute offset of `data`.
  uint64_t dataOffset = 0;
  /// Custom section name.
  llvm::StringRef customName;
  /// Size of the whole section body as encoded (including a custom name).
  uint64_t size = 0;

  /// A reader over `data` with correct absolute offsets.
  BinaryReader reader() const { return BinaryReader(data, dataOffset); }
};

/// A pull parser: each `next` yields one payload, in file order, descending
/// into nested modules and components (bounded depth). It checks the headers,
/// section framing (sizes within bounds, custom names) and core section order;
/// section contents are read by the section readers.
class Parser {
public:
  /// Parses `bytes`, whose first byte is at absolute offset `base`.
  explicit Parser(llvm::ArrayRef<uint8_t> bytes, uint64_t base = 0);

  /// Produces the next payload; returns false once the top level has ended.
  llvm::Expected<bool> next(Payload &out);

  /// Do not descend into the nested module/component just yielded: its bytes
  /// are skipped (callers that handle nesting themselves use this).
  void skipNested();

private:
  struct Frame {
    BinaryReader r;
    bool component = false;
    bool headerDone = false;
    uint8_t lastOrder = 0;
    int8_t expect = -1; ///< -1 any, 0 a core module, 1 a component
  };
  llvm::Error readHeader(Frame &f, Payload &out);

  llvm::SmallVector<Frame, 4> stack;
  bool finished = false;
  bool pendingNested = false;
  llvm::ArrayRef<uint8_t> pendingData;
  uint64_t pendingOffset = 0;
  int8_t pendingExpect = -1;
};

/// Reads the leading 8 bytes: true for a component, false for a core module.
llvm::Expected<bool> isComponentBinary(llvm::ArrayRef<uint8_t> bytes);

/// The order rank of a core section id (custom sections have none).
unsigned coreSectionOrder(uint8_t id);

/// The layer byte (the header's seventh) of a component; a core module's is 0.
inline constexpr uint8_t ComponentLayer = 0x01;

/// Component binary format version this reader supports.
inline constexpr uint16_t ComponentVersion = 0x0d;

/// The eight bytes a core module starts with: `\0asm`, version 1, layer 0.
inline constexpr uint8_t CoreModulePreamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
/// The eight bytes a component starts with: `\0asm`, ComponentVersion,
/// ComponentLayer.
inline constexpr uint8_t ComponentPreamble[8] = {
    0x00, 0x61, 0x73, 0x6d, uint8_t(ComponentVersion), uint8_t(ComponentVersion >> 8),
    ComponentLayer, 0x00};

/// Whether `bytes` hold a whole preamble starting with the magic `\0asm`.
inline bool hasPreamble(llvm::ArrayRef<uint8_t> bytes) {
  return bytes.size() >= 8 && bytes.take_front(4).equals(llvm::ArrayRef(CoreModulePreamble, 4));
}
/// A preamble's version field (1 for core modules).
inline uint16_t preambleVersion(llvm::ArrayRef<uint8_t> bytes) {
  return uint16_t(bytes[4] | bytes[5] << 8);
}
/// A preamble's layer field (0: core module, ComponentLayer: component).
inline uint16_t preambleLayer(llvm::ArrayRef<uint8_t> bytes) {
  return uint16_t(bytes[6] | bytes[7] << 8);
}

} // namespace wcomp::binary

namespace wcomp::binary {

/// Reads a vector-shaped section body: a count (capped by `max` and by the
/// bytes left), then `count` items through `item(reader, index, count)`, then
/// insists that nothing is left. The one place where item counts and
/// leftover bytes are checked for every section kind.
template <typename F>
llvm::Error readVecSection(BinaryReader r, llvm::StringRef what, uint32_t max, F &&item,
                           std::vector<uint64_t> *offsets = nullptr) {
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount(what, max));
  for (uint32_t i = 0; i < n; ++i) {
    if (offsets)
      offsets->push_back(r.offset());
    WCOMP_CHECK(item(r, i, n));
  }
  if (!r.eof())
    return r.error("section size mismatch: unexpected data at the end of the section");
  return llvm::Error::success();
}

} // namespace wcomp::binary
