//===- validate/component_abi.cpp - Canonical ABI: lift, lower, options ----===//
//
// The flattening of CanonicalABI.md: each value type becomes a list of core
// types; a function's parameters beyond MAX_FLAT_PARAMS (16) and results
// beyond MAX_FLAT_RESULTS (1) travel through linear memory instead.
//
//===----------------------------------------------------------------------===//
#include "binary/error.h"
#include "validate/component_checker.h"

namespace wcomp::validate::detail {

using namespace binary;

namespace {

constexpr size_t MaxFlatParams = 16, MaxFlatResults = 1;

uint8_t join(uint8_t a, uint8_t b) {
  if (a == b)
    return a;
  if ((a == typecode::I32 && b == typecode::F32) || (a == typecode::F32 && b == typecode::I32))
    return typecode::I32;
  return typecode::I64;
}

const char *coreName(uint8_t c) {
  switch (c) {
  case typecode::I32: return "I32";
  case typecode::I64: return "I64";
  case typecode::F32: return "F32";
  case typecode::F64: return "F64";
  default: return "?";
  }
}

std::string list(const std::vector<uint8_t> &ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i)
      s += ", ";
    s += coreName(ts[i]);
  }
  return s + "]";
}

std::vector<uint8_t> codes(const std::vector<ValType> &ts) {
  std::vector<uint8_t> out;
  for (const ValType &t : ts)
    out.push_back(t.code);
  return out;
}

/// Size and alignment of a primitive value type with 64-bit pointers.
std::pair<uint64_t, uint8_t> primLayout(uint8_t code) {
  switch (code) {
  case 0x7f: case 0x7e: case 0x7d: return {1, 1}; // bool s8 u8
  case 0x7c: case 0x7b: return {2, 2};            // s16 u16
  case 0x77: case 0x76: case 0x75: return {8, 8}; // s64 u64 f64
  case 0x73: return {16, 8};                      // string: pointer and length
  default: return {4, 4};                         // s32 u32 f32 char error-context
  }
}

uint64_t alignTo(uint64_t n, uint64_t a) { return (n + a - 1) / a * a; }

/// The smallest unsigned integer that counts `n` cases (its size in bytes).
uint8_t discriminantSize(size_t n) { return n <= 256 ? 1 : n <= 65536 ? 2 : 4; }

} // namespace

llvm::Error Checker::layout(CTypeNode &n, uint64_t at) const {
  auto of = [&](const std::optional<CVal> &v) -> std::pair<uint64_t, uint8_t> {
    if (!v)
      return {0, 1};
    if (v->prim || v->id >= types.size())
      return primLayout(v->prim);
    return {types[v->id].byteSize, types[v->id].byteAlign};
  };
  // Records and tuples: fields in order, each at its alignment.
  auto fields = [&](const std::vector<std::optional<CVal>> &vs) {
    uint64_t size = 0;
    uint8_t align = 1;
    for (auto &v : vs) {
      auto [s, a] = of(v);
      size = alignTo(size, a) + s;
      align = std::max(align, a);
    }
    n.byteSize = alignTo(size, align);
    n.byteAlign = align;
  };
  // Variants: a discriminant, then the largest payload.
  auto variant = [&](const std::vector<std::optional<CVal>> &cases) {
    uint8_t disc = discriminantSize(cases.size());
    uint64_t payload = 0;
    uint8_t align = 1;
    for (auto &c : cases) {
      auto [s, a] = of(c);
      payload = std::max(payload, s);
      align = std::max(align, a);
    }
    n.byteSize = alignTo(alignTo(disc, align) + payload, std::max(disc, align));
    n.byteAlign = std::max(disc, align);
  };
  std::vector<std::optional<CVal>> parts;
  switch (n.code) {
  case dvt::Record:
    for (auto &f : n.named)
      parts.push_back(f.second);
    fields(parts);
    break;
  case dvt::Tuple:
    for (const CVal &v : n.vals)
      parts.push_back(v);
    fields(parts);
    break;
  case dvt::Variant:
    for (auto &c : n.cases)
      parts.push_back(c.second);
    variant(parts);
    break;
  case dvt::Enum:
    variant(std::vector<std::optional<CVal>>(n.labels.size()));
    break;
  case dvt::Option:
    variant({std::nullopt, n.a});
    break;
  case dvt::Result:
    variant({n.a, n.b});
    break;
  case dvt::Flags: {
    size_t k = n.labels.size();
    n.byteSize = k == 0 ? 0 : k <= 8 ? 1 : k <= 16 ? 2 : 4 * ((k + 31) / 32);
    n.byteAlign = uint8_t(std::min<uint64_t>(std::max<uint64_t>(n.byteSize, 1), 4));
    break;
  }
  case dvt::List: case dvt::Map:
    n.byteSize = 16;
    n.byteAlign = 8;
    break;
  case dvt::FixedList: {
    auto [s, a] = of(n.a);
    n.byteSize = s * n.length; // both below 2^32: no overflow
    n.byteAlign = a;
    break;
  }
  case dvt::Own: case dvt::Borrow: case dvt::Stream: case dvt::Future: case dvt::ErrorContext:
    n.byteSize = 4;
    n.byteAlign = 4;
    break;
  default:
    std::tie(n.byteSize, n.byteAlign) = primLayout(n.code);
  }
  constexpr uint64_t MaxByteSize = uint64_t(1) << 28;
  if (n.byteSize >= MaxByteSize)
    return makeError(at, "type of " + llvm::Twine(n.byteSize) +
                             " bytes exceeds maximum byte size of " +
                             llvm::Twine(MaxByteSize - 1));
  return llvm::Error::success();
}

void Checker::flatten(CVal v, std::vector<uint8_t> &out) const {
  // Past MAX_FLAT_PARAMS everything goes through memory: how much further
  // does not matter, so huge records or fixed lists stop early.
  if (out.size() > 4 * MaxFlatParams)
    return;
  if (v.prim) {
    switch (v.prim) {
    case 0x78: case 0x77: out.push_back(typecode::I64); return; // s64, u64
    case 0x76: out.push_back(typecode::F32); return;
    case 0x75: out.push_back(typecode::F64); return;
    case 0x73: out.insert(out.end(), {typecode::I32, typecode::I32}); return; // string
    default: out.push_back(typecode::I32); return;
    }
  }
  const CTypeNode &n = types[v.id];
  if (!primValTypeName(n.code).empty())
    return flatten(CVal::primitive(n.code), out);
  switch (n.code) {
  case dvt::Record:
    for (auto &f : n.named)
      flatten(f.second, out);
    return;
  case dvt::Tuple:
    for (const CVal &x : n.vals)
      flatten(x, out);
    return;
  case dvt::List: case dvt::Map: out.insert(out.end(), {typecode::I32, typecode::I32}); return;
  case dvt::FixedList: {
    std::vector<uint8_t> one;
    flatten(*n.a, one);
    for (uint32_t i = 0; i < n.length && out.size() <= 4 * MaxFlatParams; ++i)
      out.insert(out.end(), one.begin(), one.end());
    return;
  }
  case dvt::Flags:
    if (!n.labels.empty())
      out.push_back(typecode::I32);
    return;
  case dvt::Variant: case dvt::Option: case dvt::Result: {
    std::vector<std::optional<CVal>> cases;
    if (n.code == dvt::Variant)
      for (auto &c : n.cases)
        cases.push_back(c.second);
    else if (n.code == dvt::Option)
      cases = {std::nullopt, n.a};
    else
      cases = {n.a, n.b};
    std::vector<uint8_t> joined;
    for (const auto &c : cases) {
      if (!c)
        continue;
      std::vector<uint8_t> f;
      flatten(*c, f);
      for (size_t i = 0; i < f.size(); ++i)
        if (i < joined.size())
          joined[i] = join(joined[i], f[i]);
        else
          joined.push_back(f[i]);
    }
    out.push_back(typecode::I32);
    out.insert(out.end(), joined.begin(), joined.end());
    return;
  }
  default: // enum, own, borrow, stream, future, error-context
    out.push_back(typecode::I32);
    return;
  }
}

bool Checker::usesMemory(CVal v) const {
  if (v.prim)
    return v.prim == 0x73;
  const CTypeNode &n = types[v.id];
  if (n.code == dvt::List || n.code == dvt::Map || n.code == 0x73)
    return true;
  for (auto &f : n.named)
    if (usesMemory(f.second))
      return true;
  for (auto &c : n.cases)
    if (c.second && usesMemory(*c.second))
      return true;
  for (const CVal &x : n.vals)
    if (usesMemory(x))
      return true;
  return (n.a && n.code != dvt::Stream && n.code != dvt::Future && usesMemory(*n.a)) ||
         (n.b && usesMemory(*n.b));
}

bool Checker::containsBorrow(CVal v) const {
  if (v.prim)
    return false;
  const CTypeNode &n = types[v.id];
  if (n.code == dvt::Borrow)
    return true;
  for (auto &f : n.named)
    if (containsBorrow(f.second))
      return true;
  for (auto &c : n.cases)
    if (c.second && containsBorrow(*c.second))
      return true;
  for (const CVal &x : n.vals)
    if (containsBorrow(x))
      return true;
  return (n.a && containsBorrow(*n.a)) || (n.b && containsBorrow(*n.b));
}

llvm::Error Checker::checkOptions(const std::vector<CanonOpt> &opts, bool lower, uint64_t at, const CanonOpt **memory, const CanonOpt **realloc,
                                  const CanonOpt **postReturn, bool *async) {
  static const char *encodings[] = {"utf8", "utf16", "latin1-utf16"};
  const CanonOpt *encoding = nullptr;
  *memory = *realloc = *postReturn = nullptr;
  *async = false;
  for (const CanonOpt &o : opts) {
    auto once = [&](const CanonOpt *&slot, const char *name) -> llvm::Error {
      if (slot)
        return makeError(at, llvm::Twine("canonical option `") + name +
                                 "` is specified more than once");
      slot = &o;
      return llvm::Error::success();
    };
    switch (o.kind) {
    case 0x00: case 0x01: case 0x02:
      if (encoding)
        return makeError(at, llvm::Twine("canonical encoding option `") + encodings[encoding->kind] +
                                 "` conflicts with option `" + encodings[o.kind] + "`");
      encoding = &o;
      break;
    case 0x03:
      WCOMP_CHECK(once(*memory, "memory"));
      WCOMP_CHECK(in(SpCoreMemory, o.index, at));
      break;
    case 0x04: {
      WCOMP_CHECK(once(*realloc, "realloc"));
      CoreExtern f;
      WCOMP_ASSIGN(f, coreItem(coresort::Func, o.index, at));
      ValType i32 = ValType::num(typecode::I32);
      if (!f.opaque && (f.params != std::vector<ValType>(4, i32) ||
                        f.results != std::vector<ValType>{i32}))
        return makeError(at, "canonical option `realloc` uses a core function with an incorrect "
                             "signature");
      break;
    }
    case 0x05:
      if (lower)
        return makeError(at, "canonical option `post-return` cannot be specified for lowerings");
      WCOMP_CHECK(once(*postReturn, "post-return"));
      WCOMP_CHECK(in(SpCoreFunc, o.index, at));
      break;
    case 0x06:
      WCOMP_CHECK(need(Feature::CmAsync, "canonical option `async` requires the component model async feature", at));
      *async = true;
      break;
    case 0x07:
      WCOMP_CHECK(need(Feature::CmAsync, "canonical option `callback` requires the component model async feature", at));
      WCOMP_CHECK(in(SpCoreFunc, o.index, at));
      break;
    case 0x08: WCOMP_CHECK(in(SpCoreType, o.index, at)); break;
    default: break;
    }
  }
  if (*realloc && !*memory)
    return makeError(at, "canonical option `realloc` requires `memory` to also be specified");
  return llvm::Error::success();
}

llvm::Error Checker::checkLiftLower(const Canon &k, CTypeId func, const CoreExtern *core,
                                    uint64_t at, CoreExtern *lowered) {
  bool lift = canonInfo(k.opcode).shape == CanonShape::Lift;
  const CanonOpt *memory, *realloc, *postReturn;
  bool async;
  WCOMP_CHECK(checkOptions(k.opts, !lift, at, &memory, &realloc, &postReturn, &async));
  const CTypeNode &ft = types[func];
  if (async && !ft.async)
    return makeError(at, "the `async` canonical option requires an async function type");
  if (async || ft.async) {
    // The async ABI (behind its feature) has other signatures.
    if (lowered)
      lowered->opaque = true;
    return llvm::Error::success();
  }
  std::vector<uint8_t> params, results;
  bool paramMemory = false, resultMemory = false;
  for (auto &p : ft.named) {
    flatten(p.second, params);
    paramMemory |= usesMemory(p.second);
  }
  if (ft.a) {
    flatten(*ft.a, results);
    resultMemory = usesMemory(*ft.a);
  }
  bool paramsSpill = params.size() > MaxFlatParams;
  bool resultsSpill = results.size() > MaxFlatResults;
  if (paramsSpill)
    params = {typecode::I32};
  if ((paramMemory || resultMemory || paramsSpill || resultsSpill) && !memory)
    return makeError(at, "canonical option `memory` is required");
  if (lift) {
    if ((paramMemory || paramsSpill) && !realloc)
      return makeError(at, "canonical option `realloc` is required");
    if (resultsSpill)
      results = {typecode::I32};
    if (core && !core->opaque) {
      if (codes(core->params) != params)
        return makeError(at, "lowered parameter types `" + list(codes(core->params)) +
                                 "` do not match parameter types `" + list(params) + "`");
      if (codes(core->results) != results)
        return makeError(at, "lowered result types `" + list(codes(core->results)) +
                                 "` do not match result types `" + list(results) + "`");
    }
    if (postReturn) {
      CoreExtern pr;
      WCOMP_ASSIGN(pr, coreItem(coresort::Func, postReturn->index, at));
      if (!pr.opaque && (codes(pr.params) != results || !pr.results.empty()))
        return makeError(at, "canonical option `post-return` uses a core function with an "
                             "incorrect signature");
    }
    return llvm::Error::success();
  }
  if (resultMemory && !realloc)
    return makeError(at, "canonical option `realloc` is required");
  if (resultsSpill) {
    params.push_back(typecode::I32); // the return pointer
    results.clear();
  }
  for (uint8_t c : params)
    lowered->params.push_back(ValType::num(c));
  for (uint8_t c : results)
    lowered->results.push_back(ValType::num(c));
  return llvm::Error::success();
}

} // namespace wcomp::validate::detail
