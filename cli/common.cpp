#include "cli/common.h"

#include "binary/error.h"

#include "llvm/Support/WithColor.h"

namespace wcomp::cli {

void reportError(llvm::StringRef prefix, llvm::Error err) {
  llvm::WithColor::error(llvm::errs()) << prefix << binary::errorText(std::move(err)) << "\n";
}

} // namespace wcomp::cli
