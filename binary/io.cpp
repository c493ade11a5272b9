#include "binary/io.h"

#include "binary/scan.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

namespace {

std::atomic<uint64_t> limit{DefaultInputLimit};

llvm::Error readFailed(llvm::StringRef path, const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "failed to read `" + path + "`: " + why);
}

llvm::Error tooLarge(llvm::StringRef path, uint64_t size) {
  return readFailed(path, (size ? llvm::Twine(size) + " bytes is" : llvm::Twine("it is")) +
                              " more than the input limit of " + llvm::Twine(limit.load()) +
                              " bytes (raise it with --max-input-size)");
}

/// Reads `fd` to its end, at most the limit: stdin, and files whose size
/// the kernel does not know (procfs reports 0). A read error is an error,
/// never a short file.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readAll(int fd, llvm::StringRef path) {
  std::string data;
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return readFailed(path, std::strerror(errno));
    }
    if (n == 0)
      break;
    if (data.size() + size_t(n) > limit.load())
      return tooLarge(path, 0);
    data.append(chunk, size_t(n));
  }
  return llvm::MemoryBuffer::getMemBufferCopy(data, path);
}

} // namespace

void setInputLimit(uint64_t bytes) { limit = bytes; }
uint64_t inputLimit() { return limit; }

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> loadFile(llvm::StringRef path) {
  recordRead(path);
  if (path == "-")
    return readAll(0, "<stdin>");
  // Non-blocking, so that opening a FIFO cannot hang; it is refused below.
  int fd = ::open(path.str().c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return readFailed(path, std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0)
    return readFailed(path, std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return readFailed(path, "it is a folder, not a file");
  if (!S_ISREG(st.st_mode))
    return readFailed(path, "not a regular file (a device, pipe or socket); only regular "
                            "files and stdin (`-`) are read");
  int flags = ::fcntl(fd, F_GETFL);
  if (flags != -1)
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  if (uint64_t(st.st_size) > limit.load())
    return tooLarge(path, uint64_t(st.st_size));
  if (st.st_size == 0)
    return readAll(fd, path);
  // Large files are mapped, not copied.
  auto buf = llvm::MemoryBuffer::getOpenFile(llvm::sys::fs::convertFDToNativeFile(fd), path,
                                             uint64_t(st.st_size),
                                             /*RequiresNullTerminator=*/false);
  if (!buf)
    return readFailed(path, buf.getError().message());
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
