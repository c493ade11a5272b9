//===- compose/config.h - Explicit wiring from a JSON file ------*- C++ -*-===//
//
// `wcomp compose --config app.json`: components by name, instances of them
// in order, what supplies each import (`with`), and the exports. The schema
// is in the README; it is the graph of compose/graph.h written out, so a
// WAC-language front end can produce the same graph.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "compose/graph.h"
#include "compose/plug.h"

#include <functional>

namespace wcomp::compose {

/// Reads a file for fromConfig (paths relative to the configuration's folder
/// are already joined).
using LoadFile = std::function<llvm::Expected<InputFile>(const std::string &path)>;

/// fromConfig()'s error about the configuration itself, typed: the file,
/// the place in it and what is wrong there.
class ConfigError : public llvm::ErrorInfo<ConfigError> {
public:
  /// llvm::ErrorInfo's type id.
  static char ID;
  /// Makes the error of `message` at `where` in `file`.
  ConfigError(std::string file, std::string where, std::string message)
      : file(std::move(file)), where(std::move(where)), message(std::move(message)) {}
  std::string file;    ///< the configuration's path
  /// The place: a JSON path as the schema writes it
  /// (`instances[1].with."a:b/c"`), `LINE:COL` for a syntax error, or empty
  /// for the document as a whole.
  std::string where;
  std::string message; ///< what is wrong there
  /// `file: where: message`.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code.
  std::error_code convertToErrorCode() const override;
};

/// Fills `g` from the configuration at `path`. Errors in the configuration
/// are ConfigErrors, naming the file and the place in it
/// (`app.json: instances[1].with."a:b/c": no instance `x``); a component
/// that cannot be read is the loader's or Graph::addDefinition's error.
llvm::Error fromConfig(Graph &g, const std::string &path, const LoadFile &load);

} // namespace wcomp::compose
