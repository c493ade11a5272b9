//===- binary/error.h - Errors that carry a byte offset --------*- C++ -*-===//
#pragma once

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wcomp::binary {

/// The one error type of wcomp: a message, where it happened (an absolute byte
/// offset into the input), and the context chain added while it propagated
/// ("func 3 failed to validate", "in nested component 2"). Rendered at the edge.
class WasmError : public llvm::ErrorInfo<WasmError> {
public:
  static char ID;
  /// Offset value meaning "no position is known".
  static constexpr uint64_t NoOffset = ~uint64_t(0);

  /// Makes an error of `message` at absolute `offset` (NoOffset: none).
  WasmError(std::string message, uint64_t offset)
      : message(std::move(message)), offset(offset) {}

  /// Prints `ctx: ctx: message (at offset 0x1c)`, outermost context first.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code (no errno stands for it).
  std::error_code convertToErrorCode() const override;

  /// The message without context or offset.
  std::string message;
  /// Absolute byte offset, or NoOffset.
  uint64_t offset;
  /// Context strings, innermost first (each wrap appends).
  std::vector<std::string> context;
};

/// Makes a WasmError at an absolute byte offset.
llvm::Error makeError(uint64_t offset, const llvm::Twine &message);

/// Wraps a WasmError (or any error) with one more context string; the context is
/// rendered before the message: `context: message`.
llvm::Error addContext(llvm::Error err, const llvm::Twine &context);

/// Renders an error at a byte offset of a text source (WAT, WIT) as
/// `file:line:col: error: msg`, then the source line and a caret under the
/// column.
std::string renderTextError(llvm::StringRef file, llvm::StringRef src, uint64_t offset,
                            llvm::StringRef message);

/// Consumes an error whose offset is into `src` into the rendered form above.
std::string renderTextError(llvm::StringRef file, llvm::StringRef src, llvm::Error err);

/// Renders an error the way the CLI prints it (without the leading `error: `).
std::string errorText(llvm::Error err);

/// An error's rendered text and, for WasmErrors, its offset.
struct ErrorReport {
  std::string text;
  uint64_t offset = WasmError::NoOffset;
};
/// Consumes an error into its text and offset.
ErrorReport describeError(llvm::Error err);

} // namespace wcomp::binary

/// Assigns the value of an Expected to `lhs`, or returns its error.
#define WCOMP_ASSIGN(lhs, expr)                                                \
  do {                                                                         \
    auto wcompTmp_ = (expr);                                                   \
    if (!wcompTmp_)                                                            \
      return wcompTmp_.takeError();                                            \
    lhs = std::move(*wcompTmp_);                                               \
  } while (0)

/// Returns the error of an llvm::Error-returning expression, if any.
#define WCOMP_CHECK(expr)                                                      \
  do {                                                                         \
    if (llvm::Error wcompErr_ = (expr))                                        \
      return wcompErr_;                                                        \
  } while (0)
