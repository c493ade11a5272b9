//===- binary/io.h - Loading files and whole-binary operations -*- C++ -*-===//
#pragma once

#include "binary/component.h"

#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <vector>

namespace wcomp::binary {

/// The input size limit unless changed (--max-input-size): 1 GiB. Every
/// input is read whole, so the limit bounds the memory one input can take.
inline constexpr uint64_t DefaultInputLimit = uint64_t(1) << 30;
/// Sets the size limit of every later loadFile.
void setInputLimit(uint64_t bytes);
/// The current input size limit, in bytes.
uint64_t inputLimit();

/// Loads a file ("-" reads stdin). Only regular files and stdin are read
/// (a device, FIFO or socket is refused: /dev/zero would never end, a FIFO
/// could block), and no more than inputLimit() bytes. A read error is an
/// error, never a short file. Large files are memory-mapped, not copied.
/// The path is recorded (recordRead).
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> loadFile(llvm::StringRef path);

/// Records that `path` was read (loadFile does; the WIT loader adds the
/// folders it lists, whose new files change what it reads), so that a
/// depfile can name every input of a run.
void recordRead(llvm::StringRef path);
/// Every path recorded by this process, in first-read order, once each.
std::vector<std::string> filesRead();

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
