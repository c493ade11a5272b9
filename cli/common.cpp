#include "cli/common.h"

#include "llvm/Support/raw_ostream.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

#include "binary/error.h"

#include "llvm/Support/WithColor.h"

namespace wcomp::cli {

void reportError(llvm::StringRef prefix, llvm::Error err) {
  llvm::WithColor::error(llvm::errs()) << prefix << binary::errorText(std::move(err)) << "\n";
}

/// Writes `data` to `path` ("-" or empty: stdout) through a temporary file, so
/// a failed run never leaves a truncated output behind.
int writeOutput(const std::string &path, llvm::StringRef data) {
  if (path.empty() || path == "-") {
    llvm::outs() << data;
    llvm::outs().flush();
    return Ok;
  }
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "error: " << path << ": " << ec.message() << "\n";
    return IoError;
  }
  out.os() << data;
  out.os().close();
  if (out.os().has_error()) {
    llvm::errs() << "error: " << path << ": write failed\n";
    out.os().clear_error();
    return IoError;
  }
  out.keep();
  return Ok;
}

} // namespace wcomp::cli
