#include "binary/io.h"

#include "binary/scan.h"

#include "llvm/ADT/StringSet.h"

#include <mutex>

namespace wcomp::binary {

namespace {
struct ReadLog {
  std::mutex lock;
  llvm::StringSet<> seen;
  std::vector<std::string> order;
};
ReadLog &readLog() {
  static ReadLog log;
  return log;
}
} // namespace

void recordRead(llvm::StringRef path) {
  if (path == "-")
    return;
  ReadLog &log = readLog();
  std::lock_guard<std::mutex> g(log.lock);
  if (log.seen.insert(path).second)
    log.order.push_back(path.str());
}

std::vector<std::string> filesRead() {
  ReadLog &log = readLog();
  std::lock_guard<std::mutex> g(log.lock);
  return log.order;
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> loadFile(llvm::StringRef path) {
  auto buf = path == "-" ? llvm::MemoryBuffer::getSTDIN()
                         : llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                                       /*RequiresNullTerminator=*/false);
  recordRead(path);
  if (!buf)
    return llvm::make_error<llvm::StringError>("failed to read `" + path + "`: " +
                                                   buf.getError().message(),
                                               buf.getError());
  return std::move(*buf);
}

llvm::Expected<AnyBinary> readBinary(llvm::ArrayRef<uint8_t> bytes, const ReadOptions &opts) {
  AnyBinary b;
  WCOMP_ASSIGN(b.isComponent, isComponentBinary(bytes));
  if (b.isComponent)
    WCOMP_ASSIGN(b.component, readComponent(bytes, 0, opts));
  else
    WCOMP_ASSIGN(b.module, readModule(bytes, 0, opts));
  return b;
}

llvm::Error checkBinary(llvm::ArrayRef<uint8_t> bytes) {
  ReadOptions lazy;
  lazy.decodeBodies = false;
  WCOMP_CHECK(readBinary(bytes, lazy).takeError());
  return scanOperators(bytes).takeError();
}

void writeBinary(Encoder &e, const AnyBinary &b) {
  if (b.isComponent)
    writeComponent(e, b.component);
  else
    writeModule(e, b.module);
}

} // namespace wcomp::binary
