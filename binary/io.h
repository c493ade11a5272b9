//===- binary/io.h - Loading files and whole-binary operations -*- C++ -*-===//
#pragma once

#include "binary/component.h"

#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace wcomp::binary {

/// Loads a file ("-" reads stdin). Large files are memory-mapped, not copied.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> loadFile(llvm::StringRef path);

/// A decoded module or component.
struct AnyBinary {
  bool isComponent = false;
  Module module;
  Component component;
};

/// Decodes a whole module or component (nested ones and every function body
/// included), so every byte of the input is checked against the binary format.
llvm::Expected<AnyBinary> readBinary(llvm::ArrayRef<uint8_t> bytes, const ReadOptions &opts = {});

/// Checks that `bytes` are a well-formed module or component: every section,
/// nested binary and function body, streaming the bodies instead of keeping
/// them (what `wcomp validate` does until semantic validation lands).
llvm::Error checkBinary(llvm::ArrayRef<uint8_t> bytes);

/// Encodes a decoded module or component.
void writeBinary(Encoder &e, const AnyBinary &b);

/// Views bytes of a MemoryBuffer.
inline llvm::ArrayRef<uint8_t> bytesOf(const llvm::MemoryBuffer &buf) {
  return {reinterpret_cast<const uint8_t *>(buf.getBufferStart()), buf.getBufferSize()};
}

} // namespace wcomp::binary
