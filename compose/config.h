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

/// Fills `g` from the configuration at `path`. Errors name the file and the
/// place in it (`app.json: instances[1].with."a:b/c": no instance `x``).
llvm::Error fromConfig(Graph &g, const std::string &path, const LoadFile &load);

} // namespace wcomp::compose
