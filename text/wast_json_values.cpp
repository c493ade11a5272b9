//===- text/wast_json_values.cpp - json-from-wast values ------------------===//
//
// Actions, their arguments and expected results. The JSON spellings are
// wasm-tools': integers as signed decimal strings of their width, floats as
// the decimal of their bit pattern, reference results by type name.
//
//===----------------------------------------------------------------------===//
#include "text/numbers.h"
#include "text/wast_json_impl.h"

#include "llvm/Support/JSON.h"

namespace wcomp::text::wastjson {

namespace {
/// `ref.null`'s abstract heap types: the JSON type each gives, and whether
/// it records `"value": "null"` (the types that also have non-null values).
struct NullHeapType {
  llvm::StringRef keyword, type;
  bool valueNull;
};
constexpr NullHeapType nullHeapTypes[] = {
    {"func", "funcref", true},      {"extern", "externref", true},   {"any", "anyref", true},
    {"exn", "exnref", true},        {"cont", "contref", true},       {"none", "nullref", false},
    {"nofunc", "nullfuncref", false}, {"noextern", "nullexternref", false},
    {"noexn", "nullexnref", false}, {"nocont", "nullcontref", false}, {"eq", "eqref", false},
    {"struct", "structref", false}, {"array", "arrayref", false},    {"i31", "i31ref", false},
};

/// Component integer constants: keyword, JSON type, width, signedness.
struct ComponentInt {
  llvm::StringRef keyword, type;
  unsigned bits;
  bool isSigned;
};
constexpr ComponentInt componentInts[] = {
    {"u8.const", "u8", 8, false},   {"s8.const", "s8", 8, true},
    {"u16.const", "u16", 16, false}, {"s16.const", "s16", 16, true},
    {"u32.const", "u32", 32, false}, {"s32.const", "s32", 32, true},
    {"u64.const", "u64", 64, false}, {"s64.const", "s64", 64, true},
};

/// Results that name only a type: a non-null reference of it is expected.
struct TypeOnlyResult {
  llvm::StringRef keyword, type;
};
constexpr TypeOnlyResult typeOnlyResults[] = {
    {"ref.any", "anyref"},       {"ref.eq", "eqref"},   {"ref.array", "arrayref"},
    {"ref.struct", "structref"}, {"ref.i31", "i31ref"}, {"ref.i31_shared", "i31refshared"},
};

/// A JSON object `{"type": type, "value": value}`.
Json typed(llvm::StringRef type, Json value) {
  Json j = Json::object();
  j["type"] = type;
  j["value"] = std::move(value);
  return j;
}
Json typeOnly(llvm::StringRef type) {
  Json j = Json::object();
  j["type"] = type;
  return j;
}

bool isNumberToken(const TokenStream &ts) { return ts.is(Tok::Atom) || ts.is(Tok::Keyword); }
} // namespace

bool Converter::intText(unsigned bits, bool isSigned, std::string &out) {
  std::string what = (isSigned ? "an i" : "a u") + std::to_string(bits);
  if (!isNumberToken(ts))
    return ts.unexpected(what);
  llvm::StringRef text = ts.text();
  uint64_t v;
  NumResult r = parseInt(text, bits, v);
  if (r == NumResult::Malformed)
    return ts.unexpected(what);
  // Unsigned types take no sign, as Rust's parse of an unsigned integer.
  if (r == NumResult::OutOfRange || (!isSigned && text.starts_with("-")))
    return ts.failHere("invalid " + llvm::Twine(isSigned ? "i" : "u") + llvm::Twine(bits) +
                       " number: constant out of range");
  if (isSigned) {
    unsigned shift = 64 - bits;
    out = std::to_string(int64_t(v << shift) >> shift);
  } else {
    out = std::to_string(v);
  }
  return ts.advance();
}

bool Converter::u32Text(std::string &out) {
  if (!ts.is(Tok::Atom))
    return ts.unexpected("a u32");
  uint64_t v;
  NumResult r = parseUnsigned(ts.text(), v);
  if (r == NumResult::Malformed)
    return ts.unexpected("a u32");
  if (r == NumResult::OutOfRange || v > UINT32_MAX)
    return ts.failHere("invalid u32 number: constant out of range");
  out = std::to_string(v);
  return ts.advance();
}

bool Converter::floatText(unsigned bits, bool patterns, std::string &out) {
  if (patterns && (ts.isKeyword("nan:canonical") || ts.isKeyword("nan:arithmetic"))) {
    out = ts.text().str();
    return ts.advance();
  }
  llvm::StringRef what = bits == 32 ? "an f32" : "an f64";
  if (!isNumberToken(ts))
    return ts.unexpected(what);
  NumResult r;
  if (bits == 32) {
    uint32_t b;
    r = parseF32(ts.text(), b);
    out = std::to_string(b);
  } else {
    uint64_t b;
    r = parseF64(ts.text(), b);
    out = std::to_string(b);
  }
  if (r == NumResult::Malformed)
    return ts.unexpected(what);
  if (r == NumResult::OutOfRange)
    return ts.failHere("constant out of range");
  return ts.advance();
}

bool Converter::v128(Json &out, bool patterns) {
  static constexpr struct {
    llvm::StringRef shape, lane;
    unsigned lanes, bits;
    bool isFloat;
  } shapes[] = {{"i8x16", "i8", 16, 8, false},  {"i16x8", "i16", 8, 16, false},
                {"i32x4", "i32", 4, 32, false}, {"i64x2", "i64", 2, 64, false},
                {"f32x4", "f32", 4, 32, true},  {"f64x2", "f64", 2, 64, true}};
  for (const auto &s : shapes) {
    if (!ts.isKeyword(s.shape))
      continue;
    if (!ts.advance())
      return false;
    Json lanes = Json::array();
    for (unsigned i = 0; i < s.lanes; ++i) {
      std::string v;
      if (!(s.isFloat ? floatText(s.bits, patterns, v) : intText(s.bits, true, v)))
        return false;
      lanes.push_back(std::move(v));
    }
    out = Json::object();
    out["type"] = "v128";
    out["lane_type"] = s.lane;
    out["value"] = std::move(lanes);
    return true;
  }
  return ts.unexpected("a vector shape");
}

bool Converter::nullConst(Json &out) {
  if (ts.is(Tok::LParen)) {
    TokenStream probe = ts;
    bool shared = probe.advance() && probe.isKeyword("shared");
    return ts.failHere(shared ? "shared abstract types are not supported in `ref.null`"
                              : "unsupported heap type found in `ref.null`");
  }
  if (ts.is(Tok::Id) || ts.is(Tok::Atom))
    return ts.failHere("unsupported heap type found in `ref.null`");
  for (const NullHeapType &h : nullHeapTypes) {
    if (!ts.isKeyword(h.keyword))
      continue;
    out = h.valueNull ? typed(h.type, "null") : typeOnly(h.type);
    return ts.advance();
  }
  return ts.unexpected("a heap type");
}

bool Converter::execution(Json &action, uint32_t &at) {
  llvm::StringRef kw = ts.parenKeyword();
  if (kw == "module" || kw == "component")
    return ts.failHere("unsupported `action` found using a module");
  if (kw != "invoke" && kw != "get")
    return ts.unexpected("`invoke` or `get`");
  if (!ts.advance())
    return false;
  at = ts.tok().offset;
  if (!ts.advance())
    return false;
  std::string module, field;
  bool hasModule;
  if (!optionalId(module, hasModule) || !utf8String(field, "a string"))
    return false;
  action = Json::object();
  action["type"] = kw;
  if (hasModule)
    action["module"] = module;
  action["field"] = field;
  if (kw == "invoke") {
    Json args = Json::array();
    while (ts.is(Tok::LParen)) {
      Json v;
      if (!argument(v))
        return false;
      args.push_back(std::move(v));
    }
    action["args"] = std::move(args);
  }
  return ts.expectRParen();
}

bool Converter::argument(Json &out) {
  if (!ts.expectLParen())
    return false;
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a [type].const expression");
  llvm::StringRef kw = ts.text();
  std::string v;
  bool ok;
  if (kw == "i32.const" || kw == "i64.const") {
    ok = ts.advance() && intText(kw == "i32.const" ? 32 : 64, true, v);
    out = typed(kw.take_front(3), v);
  } else if (kw == "f32.const" || kw == "f64.const") {
    ok = ts.advance() && floatText(kw == "f32.const" ? 32 : 64, false, v);
    out = typed(kw.take_front(3), v);
  } else if (kw == "v128.const") {
    ok = ts.advance() && v128(out, false);
  } else if (kw == "ref.null") {
    ok = ts.advance() && nullConst(out);
  } else if (kw == "ref.extern" || kw == "ref.host") {
    ok = ts.advance() && u32Text(v);
    out = typed(kw == "ref.extern" ? "externref" : "anyref", v);
  } else {
    ok = componentValueBody(out, kw);
  }
  return ok && ts.expectRParen();
}

bool Converter::result(Json &out) {
  if (!ts.enter())
    return false;
  bool ok = ts.expectLParen();
  if (ok && !ts.is(Tok::Keyword))
    ok = ts.unexpected("a [type].const expression");
  ok = ok && resultBody(out, ts.text()) && ts.expectRParen();
  ts.leave();
  return ok;
}

bool Converter::resultBody(Json &out, llvm::StringRef kw) {
  std::string v;
  if (kw == "i32.const" || kw == "i64.const") {
    if (!ts.advance() || !intText(kw == "i32.const" ? 32 : 64, true, v))
      return false;
    out = typed(kw.take_front(3), v);
    return true;
  }
  if (kw == "f32.const" || kw == "f64.const") {
    if (!ts.advance() || !floatText(kw == "f32.const" ? 32 : 64, true, v))
      return false;
    out = typed(kw.take_front(3), v);
    return true;
  }
  if (kw == "v128.const")
    return ts.advance() && v128(out, true);
  if (kw == "ref.null") {
    if (!ts.advance())
      return false;
    if (ts.is(Tok::RParen)) {
      out = typeOnly("refnull"); // any null reference
      return true;
    }
    return nullConst(out);
  }
  if (kw == "ref.extern" || kw == "ref.func") {
    llvm::StringRef type = kw == "ref.extern" ? "externref" : "funcref";
    if (!ts.advance())
      return false;
    if (ts.is(Tok::RParen)) {
      out = typeOnly(type); // any non-null reference
      return true;
    }
    if (!u32Text(v))
      return false;
    if (kw == "ref.extern") {
      out = typed(type, v);
    } else {
      Json index = Json::object();
      index["index"] = std::stoul(v);
      out = typed(type, std::move(index));
    }
    return true;
  }
  if (kw == "ref.host") {
    if (!ts.advance() || !u32Text(v))
      return false;
    out = typed("anyref", v);
    return true;
  }
  for (const TypeOnlyResult &r : typeOnlyResults)
    if (kw == r.keyword) {
      out = typeOnly(r.type);
      return ts.advance();
    }
  if (kw == "either") {
    if (!ts.advance())
      return false;
    Json values = Json::array();
    while (ts.is(Tok::LParen)) {
      Json value;
      if (!result(value))
        return false;
      values.push_back(std::move(value));
    }
    out = Json::object();
    out["type"] = "either";
    out["values"] = std::move(values);
    return true;
  }
  return componentValueBody(out, kw);
}

bool Converter::componentValue(Json &out) {
  if (!ts.expectLParen())
    return false;
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a [type].const expression");
  return componentValueBody(out, ts.text()) && ts.expectRParen();
}

bool Converter::componentValueBody(Json &out, llvm::StringRef kw) {
  // Lists, records and variants nest: the depth is the script's to choose.
  if (!ts.enter())
    return false;
  uint32_t at = ts.tok().offset;
  bool ok = ts.advance();
  auto values = [&](Json &list) {
    list = Json::array();
    while (ok && ts.is(Tok::LParen)) {
      Json v;
      ok = componentValue(v);
      list.push_back(std::move(v));
    }
  };
  auto optionalPayload = [&](Json &payload) {
    payload = nullptr;
    if (ok && ts.is(Tok::LParen))
      ok = componentValue(payload);
  };
  std::string s;
  const ComponentInt *integer = nullptr;
  for (const ComponentInt &c : componentInts)
    if (kw == c.keyword)
      integer = &c;
  if (!ok) {
  } else if (integer) {
    ok = intText(integer->bits, integer->isSigned, s);
    out = typed(integer->type, s);
  } else if (kw == "bool.const") {
    bool value = ts.isKeyword("true");
    if (!value && !ts.isKeyword("false"))
      ok = ts.unexpected("`true` or `false`");
    else
      ok = ts.advance();
    out = typed("bool", value);
  } else if (kw == "char.const") {
    uint32_t strAt = ts.tok().offset;
    ok = utf8String(s, "a string");
    size_t chars = 0;
    for (char c : s)
      chars += (uint8_t(c) & 0xC0) != 0x80;
    if (ok && chars != 1)
      ok = ts.fail(strAt, chars ? "more than one character" : "empty string");
    out = typed("char", s);
  } else if (kw == "str.const" || kw == "enum.const") {
    ok = utf8String(s, "a string");
    out = typed(kw == "str.const" ? "string" : "enum", s);
  } else if (kw == "list.const" || kw == "tuple.const") {
    Json list;
    values(list);
    out = typed(kw == "list.const" ? "list" : "tuple", std::move(list));
  } else if (kw == "record.const") {
    // Each field is `(field "name" KIND.const ...)`: the value without its
    // own parentheses.
    Json fields = Json::array();
    while (ok && ts.is(Tok::LParen)) {
      Json v;
      ok = ts.advance() && ts.expectKeyword("field") && utf8String(s, "a string");
      if (ok && !ts.is(Tok::Keyword))
        ok = ts.unexpected("a [type].const expression");
      ok = ok && componentValueBody(v, ts.text()) && ts.expectRParen();
      fields.push_back(Json::array({s, std::move(v)}));
    }
    out = typed("record", std::move(fields));
  } else if (kw == "variant.const") {
    ok = utf8String(s, "a string");
    Json payload;
    optionalPayload(payload);
    Json value = Json::object();
    value["case"] = s;
    if (!payload.is_null())
      value["payload"] = std::move(payload);
    out = typed("variant", std::move(value));
  } else if (kw == "option.none") {
    out = typed("option", nullptr);
  } else if (kw == "option.some") {
    Json payload;
    ok = componentValue(payload);
    out = typed("option", std::move(payload));
  } else if (kw == "result.ok" || kw == "result.err") {
    Json payload;
    optionalPayload(payload);
    Json value = Json::object();
    value[kw == "result.ok" ? "Ok" : "Err"] = std::move(payload);
    out = typed("result", std::move(value));
  } else if (kw == "flags.const") {
    Json names = Json::array();
    while (ok && ts.is(Tok::String)) {
      ok = utf8String(s, "a string");
      names.push_back(s);
    }
    out = typed("flags", std::move(names));
  } else {
    ok = ts.fail(at, "expected a [type].const expression");
  }
  ts.leave();
  return ok;
}

} // namespace wcomp::text::wastjson
