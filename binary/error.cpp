#include "binary/error.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace wcomp::binary {

char WasmError::ID = 0;

void WasmError::log(llvm::raw_ostream &os) const {
  for (auto it = context.rbegin(); it != context.rend(); ++it)
    os << *it << ": ";
  os << message;
  if (offset != NoOffset)
    os << " (at offset " << llvm::format("0x%llx", (unsigned long long)offset) << ")";
}

std::error_code WasmError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

llvm::Error makeError(uint64_t offset, const llvm::Twine &message) {
  return llvm::make_error<WasmError>(message.str(), offset);
}

llvm::Error addContext(llvm::Error err, const llvm::Twine &context) {
  if (!err)
    return err;
  std::string ctx = context.str();
  return llvm::handleErrors(std::move(err), [&](std::unique_ptr<WasmError> e) -> llvm::Error {
    e->context.push_back(ctx);
    return llvm::Error(std::move(e));
  }, [&](const llvm::ErrorInfoBase &other) -> llvm::Error {
    auto e = std::make_unique<WasmError>(other.message(), WasmError::NoOffset);
    e->context.push_back(ctx);
    return llvm::Error(std::move(e));
  });
}

std::string errorText(llvm::Error err) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase &e) { e.log(os); });
  return out;
}

ErrorReport describeError(llvm::Error err) {
  ErrorReport r;
  llvm::raw_string_ostream os(r.text);
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase &e) {
    if (e.isA<WasmError>())
      r.offset = static_cast<const WasmError &>(e).offset;
    e.log(os);
  });
  return r;
}

std::string renderTextError(llvm::StringRef file, llvm::StringRef src, uint64_t offset,
                            llvm::StringRef message) {
  if (offset > src.size())
    offset = src.size();
  size_t lineStart = src.rfind('\n', offset == 0 ? 0 : offset - 1);
  lineStart = (lineStart == llvm::StringRef::npos || offset == 0) ? 0 : lineStart + 1;
  if (offset > 0 && src[offset - 1] == '\n')
    lineStart = offset;
  size_t line = 1 + src.take_front(lineStart).count('\n');
  size_t lineEnd = src.find('\n', lineStart);
  if (lineEnd == llvm::StringRef::npos)
    lineEnd = src.size();
  llvm::StringRef text = src.slice(lineStart, lineEnd);
  size_t col = offset - lineStart + 1;
  std::string out;
  llvm::raw_string_ostream os(out);
  os << file << ":" << line << ":" << col << ": error: " << message << "\n";
  // A very long line (generated input) is shown as a window around the
  // column, so that one error does not print megabytes.
  constexpr size_t Window = 120;
  size_t from = 0;
  bool cutFront = false, cutBack = false;
  if (text.size() > Window + Window / 2) {
    from = col > Window / 2 ? col - 1 - Window / 2 : 0;
    if (from > text.size())
      from = text.size();
    cutFront = from > 0;
    cutBack = from + Window < text.size();
    text = text.substr(from, Window);
  }
  std::string num = std::to_string(line);
  os << "  " << num << " | " << (cutFront ? "..." : "") << text << (cutBack ? "..." : "")
     << "\n";
  os << "  " << std::string(num.size(), ' ') << " | " << (cutFront ? "   " : "");
  for (size_t i = 0; i + 1 + from < col && i < text.size(); ++i)
    os << (text[i] == '\t' ? '\t' : ' ');
  os << "^\n";
  return out;
}

std::string renderTextError(llvm::StringRef file, llvm::StringRef src, llvm::Error err) {
  std::string msg;
  uint64_t offset = 0;
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase &e) {
    if (e.isA<WasmError>()) {
      const auto &we = static_cast<const WasmError &>(e);
      offset = we.offset == WasmError::NoOffset ? 0 : we.offset;
      msg = we.message;
      for (auto it = we.context.rbegin(); it != we.context.rend(); ++it)
        msg = *it + ": " + msg;
    } else {
      msg = e.message();
    }
  });
  return renderTextError(file, src, offset, msg);
}

} // namespace wcomp::binary
