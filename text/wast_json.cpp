//===- text/wast_json.cpp - .wast scripts to JSON and module files --------===//
//
// The directives and module files. Values (arguments and expected results)
// are in wast_json_values.cpp.
//
//===----------------------------------------------------------------------===//
#include "text/wast_json.h"
#include "text/wast_json_impl.h"

#include "binary/error.h"
#include "text/wat.h"

#include "llvm/Support/JSON.h"

#include <algorithm>

namespace wcomp::text::wastjson {

namespace {
/// The keywords that make a file a script rather than one module's text
/// (wasm-tools decides the same way, on the first form alone).
bool isDirectiveKeyword(llvm::StringRef kw) {
  return kw.starts_with("assert_") || kw == "module" || kw == "component" || kw == "register" ||
         kw == "invoke";
}

/// wasm-tools' lexer refuses these bidirectional-text controls in comments
/// and strings when confusing Unicode is not allowed: they can make source
/// read differently from what it is.
bool findConfusing(llvm::StringRef src, uint32_t &at) {
  for (size_t i = 0; i + 2 < src.size(); ++i) {
    auto b0 = uint8_t(src[i]), b1 = uint8_t(src[i + 1]), b2 = uint8_t(src[i + 2]);
    if (b0 != 0xE2)
      continue;
    bool hit = (b1 == 0x80 && (b2 == 0xAA || b2 == 0xAB || b2 == 0xAD || b2 == 0xAE)) ||
               (b1 == 0x81 && (b2 == 0xA6 || b2 == 0xA7 || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAC));
    if (hit) {
      at = uint32_t(i);
      return true;
    }
  }
  return false;
}
} // namespace

Converter::Converter(llvm::StringRef src, const WastJsonOptions &opts)
    : ts(src), src(src), opts(opts) {
  for (size_t i = 0; i < src.size(); ++i)
    if (src[i] == '\n')
      newlines.push_back(uint32_t(i));
}

unsigned Converter::line(uint32_t offset) const {
  return 1 + unsigned(std::lower_bound(newlines.begin(), newlines.end(), offset) - newlines.begin());
}

bool Converter::utf8String(std::string &out, llvm::StringRef what) {
  if (!ts.is(Tok::String))
    return ts.unexpected(what);
  uint32_t at = ts.tok().offset;
  out.clear();
  if (!ts.takeString(out))
    return false;
  if (!llvm::json::isUTF8(out))
    return ts.fail(at, "malformed UTF-8 encoding");
  return true;
}

bool Converter::optionalId(std::string &out, bool &present) {
  present = ts.is(Tok::Id);
  if (!present)
    return true;
  out.clear();
  if (llvm::Error e = decodeId(ts.text(), ts.tok().offset, out)) {
    llvm::consumeError(std::move(e)); // reported below with the offset
    return ts.failHere("malformed identifier");
  }
  return ts.advance();
}

bool Converter::probeForm(TokenStream &probe, uint32_t &keywordAt) {
  if (!probe.advance())
    return false;
  keywordAt = probe.tok().offset;
  return probe.advance();
}

void Converter::addFile(std::string name, std::vector<uint8_t> bytes) {
  files.push_back({std::move(name), std::move(bytes)});
}

bool Converter::emitModule(bool malformed, bool allowQuote, ModuleFile &mf) {
  llvm::StringRef kw = ts.parenKeyword();
  if (kw != "module" && kw != "component")
    return ts.unexpected("`module` or `component`");
  bool component = kw == "component";
  TokenStream probe = ts;
  uint32_t keywordAt;
  if (!probeForm(probe, keywordAt))
    return false;
  std::string number = std::to_string(fileCount++);
  std::string base = opts.stem + "." + number;

  if (probe.isKeyword("quote")) {
    if (!allowQuote)
      return ts.fail(probe.tok().offset, "unexpected token, expected a module field");
    // As wasm-tools: the strings joined, each followed by a space; a quoted
    // component is wrapped so the text parses as one.
    mf.lineAt = probe.tok().offset;
    if (!ts.advance() || !ts.advance() || !ts.advance())
      return false;
    std::string text = component ? "(component" : "";
    while (ts.is(Tok::String)) {
      if (!ts.takeString(text))
        return false;
      text += ' ';
    }
    if (component)
      text += ')';
    if (!ts.expectRParen())
      return false;
    mf.filename = base + ".wat";
    mf.text = true;
    // A text module that is not expected to be malformed also gets its
    // binary, where it parses, so a harness needs no text parser.
    if (!malformed && llvm::json::isUTF8(text)) {
      auto bytes = parseWat(text);
      if (bytes) {
        mf.binaryFilename = base + ".wasm";
      } else {
        llvm::consumeError(bytes.takeError()); // the harness judges the text
      }
      addFile(mf.filename, std::vector<uint8_t>(text.begin(), text.end()));
      if (bytes)
        addFile(mf.binaryFilename, std::move(*bytes));
      return true;
    }
    addFile(mf.filename, std::vector<uint8_t>(text.begin(), text.end()));
    return true;
  }

  mf.lineAt = keywordAt;
  if (probe.isKeyword("definition") && !probe.advance())
    return false;
  if (probe.is(Tok::Id)) {
    mf.hasName = true;
    if (llvm::Error e = decodeId(probe.text(), probe.tok().offset, mf.name)) {
      llvm::consumeError(std::move(e)); // the module parser reports it
      mf.hasName = false;
    }
  }
  std::vector<uint8_t> bytes;
  bool isComponent, isText;
  if (!parseModuleForm(ts, bytes, isComponent, isText))
    return false;
  mf.filename = base + ".wasm";
  addFile(mf.filename, std::move(bytes));
  return true;
}

void Converter::putFile(Json &cmd, const ModuleFile &mf) {
  cmd["filename"] = mf.filename;
  cmd["module_type"] = mf.text ? "text" : "binary";
  if (!mf.binaryFilename.empty())
    cmd["binary_filename"] = mf.binaryFilename;
}

bool Converter::moduleDirective(Json &cmd) {
  TokenStream probe = ts;
  uint32_t keywordAt;
  if (!probeForm(probe, keywordAt))
    return false;
  if (probe.isKeyword("instance")) {
    if (!ts.advance() || !ts.advance() || !ts.advance())
      return false;
    std::string instance, module;
    bool hasInstance, hasModule;
    if (!optionalId(instance, hasInstance) || !optionalId(module, hasModule) || !ts.expectRParen())
      return false;
    cmd["type"] = "module_instance";
    cmd["line"] = line(keywordAt);
    if (hasInstance)
      cmd["instance"] = instance;
    if (hasModule)
      cmd["module"] = module;
    return true;
  }
  bool definition = probe.isKeyword("definition");
  ModuleFile mf;
  if (!emitModule(false, true, mf))
    return false;
  cmd["type"] = definition ? "module_definition" : "module";
  cmd["line"] = line(mf.lineAt);
  if (mf.hasName)
    cmd["name"] = mf.name;
  putFile(cmd, mf);
  return true;
}

bool Converter::moduleAssertion(Json &cmd, llvm::StringRef kw) {
  bool malformed = kw.starts_with("assert_malformed");
  bool unlinkable = kw == "assert_unlinkable";
  if (!ts.is(Tok::LParen))
    return ts.unexpected("`(`");
  ModuleFile mf;
  std::string message;
  if (!emitModule(malformed, !unlinkable, mf) || !utf8String(message, "a string") ||
      !ts.expectRParen())
    return false;
  cmd["type"] = kw;
  cmd["line"] = line(mf.lineAt);
  putFile(cmd, mf);
  cmd["text"] = message;
  return true;
}

bool Converter::threadDirective(Json &cmd, uint32_t keywordAt) {
  std::string name, shared;
  bool hasName, hasShared = false;
  if (!optionalId(name, hasName))
    return false;
  if (!hasName)
    return ts.unexpected("an identifier");
  if (ts.atParenKeyword("shared")) {
    if (!ts.advance() || !ts.advance() || !ts.expectLParen() || !ts.expectKeyword("module") ||
        !optionalId(shared, hasShared))
      return false;
    if (!hasShared)
      return ts.unexpected("an identifier");
    if (!ts.expectRParen() || !ts.expectRParen())
      return false;
  }
  Json commands = Json::array();
  while (ts.is(Tok::LParen)) {
    Json sub = Json::object();
    if (!directive(sub))
      return false;
    commands.push_back(std::move(sub));
  }
  if (!ts.expectRParen())
    return false;
  cmd["type"] = "thread";
  cmd["line"] = line(keywordAt);
  cmd["name"] = name;
  if (hasShared)
    cmd["shared_module"] = shared;
  cmd["commands"] = std::move(commands);
  return true;
}

bool Converter::directive(Json &cmd) {
  if (!ts.enter())
    return false;
  bool ok = directiveInner(cmd);
  ts.leave();
  return ok;
}

bool Converter::directiveInner(Json &cmd) {
  llvm::StringRef kw = ts.parenKeyword();
  if (kw == "module" || kw == "component")
    return moduleDirective(cmd);
  if (kw == "invoke") {
    uint32_t at;
    Json action;
    if (!execution(action, at))
      return false;
    cmd["type"] = "action";
    cmd["line"] = line(at);
    cmd["action"] = std::move(action);
    return true;
  }
  if (!ts.expectLParen())
    return false;
  uint32_t keywordAt = ts.tok().offset;
  if (kw.empty())
    return ts.unexpected("a directive");
  if (!ts.advance())
    return false;

  if (kw == "assert_malformed" || kw == "assert_malformed_custom" || kw == "assert_invalid" ||
      kw == "assert_invalid_custom" || kw == "assert_unlinkable")
    return moduleAssertion(cmd, kw);
  if (kw == "register") {
    std::string as, name;
    bool hasName;
    if (!utf8String(as, "a string") || !optionalId(name, hasName) || !ts.expectRParen())
      return false;
    cmd["type"] = "register";
    cmd["line"] = line(keywordAt);
    if (hasName)
      cmd["name"] = name;
    cmd["as"] = as;
    return true;
  }
  if (kw == "assert_trap" && (ts.atParenKeyword("module") || ts.atParenKeyword("component"))) {
    // A module whose instantiation traps.
    ModuleFile mf;
    std::string message;
    if (!emitModule(false, false, mf) || !utf8String(message, "a string") || !ts.expectRParen())
      return false;
    cmd["type"] = "assert_uninstantiable";
    cmd["line"] = line(mf.lineAt);
    putFile(cmd, mf);
    cmd["text"] = message;
    return true;
  }
  if (kw == "assert_return" || kw == "assert_trap" || kw == "assert_exhaustion" ||
      kw == "assert_exception" || kw == "assert_suspension") {
    if (kw == "assert_exhaustion" && !ts.atParenKeyword("invoke"))
      return ts.unexpected("`invoke`");
    uint32_t execAt;
    Json action;
    if (!execution(action, execAt))
      return false;
    bool expectsLineOfAction = kw == "assert_return" || kw == "assert_trap";
    cmd["type"] = kw;
    cmd["line"] = line(expectsLineOfAction ? execAt : keywordAt);
    cmd["action"] = std::move(action);
    if (kw == "assert_return") {
      Json expected = Json::array();
      while (ts.is(Tok::LParen)) {
        Json value;
        if (!result(value))
          return false;
        expected.push_back(std::move(value));
      }
      cmd["expected"] = std::move(expected);
    } else if (kw != "assert_exception") {
      std::string message;
      if (!utf8String(message, "a string"))
        return false;
      cmd["text"] = message;
    }
    return ts.expectRParen();
  }
  if (kw == "thread")
    return threadDirective(cmd, keywordAt);
  if (kw == "wait") {
    std::string thread;
    bool hasThread;
    if (!optionalId(thread, hasThread))
      return false;
    if (!hasThread)
      return ts.unexpected("an identifier");
    cmd["type"] = "wait";
    cmd["line"] = line(keywordAt);
    cmd["thread"] = thread;
    return ts.expectRParen();
  }
  return ts.fail(keywordAt, "unexpected token, expected a directive (`module`, `assert_return`, "
                            "`invoke`, ...)");
}

bool Converter::run(Json &commands) {
  if (ts.failed())
    return false;
  if (!ts.is(Tok::LParen) || !isDirectiveKeyword(ts.parenKeyword())) {
    // The whole file is one module's text (fields without `(module ...)`).
    uint32_t at = ts.tok().offset;
    auto bytes = parseWat(src);
    if (!bytes) {
      // Re-raised at its offset in the script, without the "(at offset)"
      // suffix a rendered WasmError carries.
      uint32_t off = at;
      std::string msg;
      llvm::handleAllErrors(
          bytes.takeError(),
          [&](const binary::WasmError &w) {
            msg = w.message;
            if (w.offset != binary::WasmError::NoOffset)
              off = uint32_t(w.offset);
          },
          [&](const llvm::ErrorInfoBase &b) { msg = b.message(); });
      return ts.fail(off, msg);
    }
    std::string name = opts.stem + "." + std::to_string(fileCount++) + ".wasm";
    addFile(name, std::move(*bytes));
    Json cmd = Json::object();
    cmd["type"] = "module";
    cmd["line"] = 1; // wasm-tools: the module's span is the file's start
    cmd["filename"] = name;
    cmd["module_type"] = "binary";
    commands.push_back(std::move(cmd));
    return true;
  }
  while (ts.is(Tok::LParen)) {
    Json cmd = Json::object();
    if (!directive(cmd))
      return false;
    commands.push_back(std::move(cmd));
  }
  if (ts.failed())
    return false;
  return ts.is(Tok::Eof) || ts.unexpected("`(`");
}

} // namespace wcomp::text::wastjson

namespace wcomp::text {

llvm::Expected<WastJson> wastToJson(llvm::StringRef src, const WastJsonOptions &opts) {
  if (src.size() >= UINT32_MAX)
    return binary::makeError(0, "input too large");
  if (!llvm::json::isUTF8(src))
    return binary::makeError(0, "failed to read input wast file: stream did not contain valid UTF-8");
  uint32_t at;
  if (!opts.allowConfusingUnicode && wastjson::findConfusing(src, at))
    return binary::makeError(at, "likely-confusing unicode character found");
  wastjson::Converter conv(src, opts);
  wastjson::Json commands = wastjson::Json::array();
  if (!conv.run(commands))
    return conv.ts.takeError();
  wastjson::Json doc = wastjson::Json::object();
  doc["source_filename"] = opts.sourceName;
  doc["commands"] = std::move(commands);
  WastJson out;
  // Strings were checked to be UTF-8; `replace` only keeps a slip from
  // throwing.
  out.json = doc.dump(opts.pretty ? 2 : -1, ' ', false, wastjson::Json::error_handler_t::replace);
  out.files = std::move(conv.files);
  return out;
}

} // namespace wcomp::text
