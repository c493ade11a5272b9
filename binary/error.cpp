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

} // namespace wcomp::binary
