//===- text/wast.cpp - Validation-only .wast script runner -----------------===//
#include "text/wast.h"

#include "binary/error.h"
#include "text/parser_base.h"
#include "text/wat.h"
#include "validate/custom_sections.h"

namespace wcomp::text {

namespace {

class Runner {
public:
  Runner(llvm::StringRef file, llvm::StringRef src, const WastOptions &opts)
      : file(file), src(src), opts(opts) {}
  WastResult run();

private:
  std::string where(uint32_t offset) const {
    size_t line = 1 + src.take_front(offset).count('\n');
    size_t ls = src.take_front(offset).rfind('\n');
    size_t col = offset - (ls == llvm::StringRef::npos ? 0 : ls + 1) + 1;
    return (file + ":" + llvm::Twine(line) + ":" + llvm::Twine(col)).str();
  }
  void fail(uint32_t offset, const llvm::Twine &msg) {
    ++result.failed;
    result.failures.push_back(where(offset) + ": " + msg.str());
  }
  /// Parses the module form at `offset`; false with `error` on failure.
  bool parseAt(uint32_t offset, std::vector<uint8_t> &bytes, bool &isComponent, bool &isText,
               std::string &error) {
    TokenStream sub(src, offset);
    if (!parseModuleForm(sub, bytes, isComponent, isText)) {
      error = sub.error() ? sub.error()->message : "parse error";
      return false;
    }
    return true;
  }
  std::optional<std::string> validateBytes(llvm::ArrayRef<uint8_t> bytes) {
    if (llvm::Error e = validate::validateBinary(bytes, opts.validate))
      return binary::errorText(std::move(e));
    return std::nullopt;
  }
  std::optional<std::string> roundTrip(llvm::ArrayRef<uint8_t> bytes, bool isText);
  void expectValid(uint32_t offset);
  void expectInvalid(uint32_t offset, bool malformed, llvm::StringRef expected, bool custom = false);
  void checkMessage(uint32_t offset, llvm::StringRef expected, llvm::StringRef actual);

  llvm::StringRef file, src;
  const WastOptions &opts;
  WastResult result;
};

std::optional<std::string> Runner::roundTrip(llvm::ArrayRef<uint8_t> bytes, bool isText) {
  auto cycle = [](llvm::ArrayRef<uint8_t> in, std::vector<uint8_t> &out) -> std::optional<std::string> {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (llvm::Error e = printWasm(os, in))
      return "print failed: " + binary::errorText(std::move(e));
    os.flush();
    auto parsed = parseWat(text);
    if (!parsed)
      return "printed text does not parse: " + renderTextError("<printed>", text, parsed.takeError());
    out = std::move(*parsed);
    return std::nullopt;
  };
  std::vector<uint8_t> second;
  if (auto err = cycle(bytes, second))
    return err;
  if (isText) {
    if (second != std::vector<uint8_t>(bytes.begin(), bytes.end()))
      return std::string("print/parse round trip gives different bytes");
    return std::nullopt;
  }
  // A binary written by hand may use non-canonical encodings: require a
  // fixpoint after one cycle instead.
  std::vector<uint8_t> third;
  if (auto err = cycle(second, third))
    return err;
  if (second != third)
    return std::string("print/parse round trip does not reach a fixpoint");
  return std::nullopt;
}

void Runner::expectValid(uint32_t offset) {
  std::vector<uint8_t> bytes;
  bool isComponent, isText;
  std::string error;
  if (!parseAt(offset, bytes, isComponent, isText, error))
    return fail(offset, "module does not parse: " + error);
  if (auto err = validateBytes(bytes))
    return fail(offset, "module is invalid: " + *err);
  // Like wasm-tools' runner, a module that must be valid also has its name
  // and branch-hint sections held to their specifications (assertions of
  // invalidity judge validation alone).
  if (llvm::Error e = validate::checkCustomSections(bytes))
    return fail(offset, "custom section is invalid: " + binary::errorText(std::move(e)));
  if (opts.roundTrip)
    if (auto err = roundTrip(bytes, isText))
      return fail(offset, *err);
  ++result.passed;
}

void Runner::checkMessage(uint32_t offset, llvm::StringRef expected, llvm::StringRef actual) {
  if (actual.contains(expected)) {
    ++result.passed;
    return;
  }
  std::string note = where(offset) + ": expected error containing \"" + expected.str() +
                     "\", got: " + actual.str();
  if (opts.strictMessages) {
    ++result.failed;
    result.failures.push_back(note);
    return;
  }
  ++result.passed;
  result.messageMismatches.push_back(note);
}

void Runner::expectInvalid(uint32_t offset, bool malformed, llvm::StringRef expected, bool custom) {
  std::vector<uint8_t> bytes;
  bool isComponent, isText;
  std::string error;
  if (!parseAt(offset, bytes, isComponent, isText, error)) {
    if (malformed)
      return checkMessage(offset, expected, error);
    return fail(offset, "module does not parse (expected it to be invalid): " + error);
  }
  auto err = validateBytes(bytes);
  // The `_custom` assertions are about custom sections with defined
  // contents (branch hints, names): a valid module must fail their checks.
  if (!err && custom)
    if (llvm::Error e = validate::checkCustomSections(bytes))
      err = binary::errorText(std::move(e));
  if (!err)
    return fail(offset, llvm::Twine(malformed ? "malformed" : "invalid") +
                            " module was accepted (expected \"" + expected + "\")");
  checkMessage(offset, expected, *err);
}

WastResult Runner::run() {
  TokenStream ts(src);
  while (!ts.failed() && ts.is(Tok::LParen)) {
    uint32_t at = ts.tok().offset;
    llvm::StringRef kw = ts.parenKeyword();
    if (kw == "module" || kw == "component") {
      TokenStream probe = ts;
      probe.advance();
      probe.advance();
      if (probe.isKeyword("instance")) {
        ++result.skipped;
      } else {
        expectValid(at);
      }
      if (!ts.advance() || !ts.advance() || !ts.skipGroup())
        break;
      continue;
    }
    if (!ts.advance() || !ts.advance())
      break;
    if (kw == "assert_invalid" || kw == "assert_malformed" || kw == "assert_invalid_custom" ||
        kw == "assert_malformed_custom") {
      uint32_t modAt = ts.tok().offset;
      bool isModule = ts.atParenKeyword("module") || ts.atParenKeyword("component");
      if (!isModule) {
        ++result.skipped;
      } else {
        if (!ts.advance() || !ts.skipGroup())
          break;
        std::string expected;
        if (ts.is(Tok::String) && !ts.takeString(expected))
          break;
        expectInvalid(modAt, kw.starts_with("assert_malformed"), expected, kw.ends_with("_custom"));
      }
    } else if (kw == "assert_unlinkable" || kw == "assert_uninstantiable" ||
               kw == "assert_trap" || kw == "assert_return" || kw == "assert_exhaustion" ||
               kw == "assert_exception") {
      if (ts.atParenKeyword("module") || ts.atParenKeyword("component"))
        expectValid(ts.tok().offset);
      else
        ++result.skipped;
    } else {
      // invoke, register, get, thread, wait, ... : execution only.
      ++result.skipped;
    }
    if (!ts.skipGroup())
      break;
  }
  if (ts.failed() || !ts.is(Tok::Eof)) {
    uint32_t off = ts.error() ? ts.error()->offset : ts.tok().offset;
    std::string msg = ts.error() ? ts.error()->message : "unexpected token at top level";
    fail(off, "script error: " + msg);
  }
  return result;
}

} // namespace

WastResult runWast(llvm::StringRef file, llvm::StringRef src, const WastOptions &opts) {
  Runner r(file, src, opts);
  return r.run();
}

} // namespace wcomp::text
