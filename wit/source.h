//===- wit/source.h - WIT sources and where errors point ---------*- C++ -*-===//
#pragma once

#include "wit/ast.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::wit {

/// Every WIT file read, laid end to end in one offset space, so that an
/// error anywhere carries a single offset and renders as `file:line:col`
/// with the line and a caret.
class SourceMap {
public:
  /// Adds a file and parses it; syntax errors already point into the map.
  llvm::Expected<ast::File> addAndParse(std::string path, std::string text);
  /// Adds a file that is not WIT as a whole (a WAC document, whose WIT
  /// parts are parsed at their own offsets) and returns its base.
  llvm::Expected<uint32_t> add(std::string path, std::string text);
  /// The text of a file.
  const std::string &text(uint32_t file) const { return files[file].text; }
  /// The global offset of a file's first byte.
  uint32_t base(uint32_t file) const { return files[file].base; }
  /// The number of files added.
  uint32_t fileCount() const { return uint32_t(files.size()); }
  /// The path of file `file`, for messages.
  const std::string &path(uint32_t file) const { return files[file].path; }
  /// Renders an error whose offset is global.
  std::string render(llvm::Error err) const;

private:
  struct File {
    std::string path, text;
    uint32_t base;
  };
  std::vector<File> files;
  uint32_t next = 0;
};

} // namespace wcomp::wit
