//===- text/wast_json_impl.h - json-from-wast (internal) -------*- C++ -*-===//
//
// Internal to text/: the converter shared by wast_json.cpp (directives) and
// wast_json_values.cpp (argument and result values). Not installed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "text/parser_base.h"
#include "text/wast_json.h"

#include <nlohmann/json.hpp>

namespace wcomp::text::wastjson {

/// JSON objects keep their keys in insertion order, as serde writes a
/// struct's fields, so the output matches wasm-tools' byte for byte.
using Json = nlohmann::ordered_json;

/// Where a module form of the script went.
struct ModuleFile {
  bool hasName = false;
  std::string name;           ///< the `$id`, without `$`
  uint32_t lineAt = 0;        ///< offset whose line the command reports
  std::string filename;       ///< `stem.N.wasm` or `stem.N.wat`
  bool text = false;          ///< a `quote` module, kept as text
  std::string binaryFilename; ///< a text module's binary, where it parses
};

/// Walks a script once, building the JSON commands and the module files.
/// Parse functions follow TokenStream's convention: false after the first
/// error, which `ts` holds.
class Converter {
public:
  /// Converts `src`, named and stemmed as `opts` says.
  Converter(llvm::StringRef src, const WastJsonOptions &opts);
  /// Appends the script's commands to `commands`.
  bool run(Json &commands);

  /// The token stream; its error is the conversion's.
  TokenStream ts;
  /// The files written so far, in the order wasm-tools writes them.
  std::vector<WastJsonFile> files;

private:
  unsigned line(uint32_t offset) const;
  bool utf8String(std::string &out, llvm::StringRef what);
  bool optionalId(std::string &out, bool &present);
  /// Moves `probe`, a copy of the stream at a form's `(`, past its keyword
  /// (whose offset goes to `keywordAt`) to the token after it.
  static bool probeForm(TokenStream &probe, uint32_t &keywordAt);
  void addFile(std::string name, std::vector<uint8_t> bytes);
  bool emitModule(bool malformed, bool allowQuote, ModuleFile &mf);
  static void putFile(Json &cmd, const ModuleFile &mf);

  bool directive(Json &cmd);
  bool directiveInner(Json &cmd);
  bool moduleDirective(Json &cmd);
  bool moduleAssertion(Json &cmd, llvm::StringRef kw);
  bool threadDirective(Json &cmd, uint32_t keywordAt);

  // wast_json_values.cpp
  /// `(invoke $m? "name" arg*)` or `(get $m? "name")`; `at` is the
  /// keyword's offset.
  bool execution(Json &action, uint32_t &at);
  /// One `(...)` argument of an invoke.
  bool argument(Json &out);
  /// One `(...)` expected result.
  bool result(Json &out);
  bool resultBody(Json &out, llvm::StringRef kw);
  bool componentValue(Json &out);
  bool componentValueBody(Json &out, llvm::StringRef kw);
  bool nullConst(Json &out);
  bool v128(Json &out, bool patterns);
  bool intText(unsigned bits, bool isSigned, std::string &out);
  bool u32Text(std::string &out);
  bool floatText(unsigned bits, bool patterns, std::string &out);

  llvm::StringRef src;
  const WastJsonOptions &opts;
  std::vector<uint32_t> newlines;
  unsigned fileCount = 0;
};

} // namespace wcomp::text::wastjson
