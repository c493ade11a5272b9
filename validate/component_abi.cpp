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

constexpr size_t MaxFlatParams = 16, MaxFlatAsyncParams = 4, MaxFlatResults = 1;

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
  case primtype::Bool: case primtype::S8: case primtype::U8: return {1, 1}; // bool s8 u8
  case primtype::S16: case primtype::U16: return {2, 2};            // s16 u16
  case primtype::U64: case primtype::F32: case primtype::F64: return {8, 8}; // s64 u64 f64
  case primtype::String: return {16, 8};                      // string: pointer and length
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
    return makeError(at, "value type's maximum in-memory size exceeds maximum byte size (" +
                             llvm::Twine(n.byteSize) + " bytes, at most " +
                             llvm::Twine(MaxByteSize - 1) + ")");
  return llvm::Error::success();
}

void Checker::flatten(CVal v, std::vector<uint8_t> &out, uint8_t ptr) const {
  // Past MAX_FLAT_PARAMS everything goes through memory: how much further
  // does not matter, so huge records or fixed lists stop early.
  if (out.size() > 4 * MaxFlatParams)
    return;
  if (v.prim) {
    switch (v.prim) {
    case primtype::S64: case primtype::U64: out.push_back(typecode::I64); return; // s64, u64
    case primtype::F32: out.push_back(typecode::F32); return;
    case primtype::F64: out.push_back(typecode::F64); return;
    case primtype::String: out.insert(out.end(), {ptr, ptr}); return; // string: pointer and length
    default: out.push_back(typecode::I32); return;
    }
  }
  const CTypeNode &n = types[v.id];
  if (!primValTypeName(n.code).empty())
    return flatten(CVal::primitive(n.code), out, ptr);
  switch (n.code) {
  case dvt::Record:
    for (auto &f : n.named)
      flatten(f.second, out, ptr);
    return;
  case dvt::Tuple:
    for (const CVal &x : n.vals)
      flatten(x, out, ptr);
    return;
  // cm64: a 64-bit memory makes pointers and lengths i64.
  case dvt::List: case dvt::Map: out.insert(out.end(), {ptr, ptr}); return;
  case dvt::FixedList: {
    std::vector<uint8_t> one;
    flatten(*n.a, one, ptr);
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
      flatten(*c, f, ptr);
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
    return v.prim == primtype::String;
  const CTypeNode &n = types[v.id];
  if (n.code == dvt::List || n.code == dvt::Map || n.code == primtype::String)
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

llvm::Expected<CanonOptions> Checker::checkOptions(const std::vector<CanonOpt> &opts,
                                                   uint64_t at) {
  static const char *encodings[] = {"utf8", "utf16", "latin1-utf16"};
  const CanonOpt *encoding = nullptr;
  CanonOptions out;
  for (const CanonOpt &o : opts) {
    auto once = [&](const CanonOpt *&slot, const char *name) -> llvm::Error {
      if (slot)
        return makeError(at, llvm::Twine("canonical option `") + name +
                                 "` is specified more than once");
      slot = &o;
      return llvm::Error::success();
    };
    switch (o.kind) {
    case canonopt::Utf8: case canonopt::Utf16: case canonopt::CompactUtf16:
      if (encoding)
        return makeError(at, llvm::Twine("canonical encoding option `") + encodings[encoding->kind] +
                                 "` conflicts with option `" + encodings[o.kind] + "`");
      encoding = &o;
      out.encoding = o.kind;
      break;
    case canonopt::Memory: {
      WCOMP_CHECK(once(out.memory, "memory"));
      CoreExtern m;
      WCOMP_ASSIGN(m, coreItem(coresort::Memory, o.index, at));
      if (m.memory.is64()) {
        WCOMP_CHECK(need(Feature::Cm64, "64-bit memories require the `cm64` feature to be enabled",
                         at));
        out.ptr = typecode::I64;
      }
      if (m.memory.shared())
        return makeError(at, "mismatch in the shared flag for memories");
      break;
    }
    case canonopt::Realloc:
      WCOMP_CHECK(once(out.realloc, "realloc"));
      break;
    case canonopt::PostReturn:
      WCOMP_CHECK(once(out.postReturn, "post-return"));
      WCOMP_CHECK(in(SpCoreFunc, o.index, at));
      break;
    case canonopt::Async:
      if (out.async)
        return makeError(at, "canonical option `async` is specified more than once");
      WCOMP_CHECK(need(Feature::CmAsync,
                       "canonical option `async` requires the component model async feature", at));
      out.async = true;
      break;
    case canonopt::Callback:
      WCOMP_CHECK(once(out.callback, "callback"));
      WCOMP_CHECK(in(SpCoreFunc, o.index, at));
      break;
    case canonopt::CoreType: {
      if (out.coreType)
        return makeError(at, "canonical option `core type` is specified more than once");
      WCOMP_CHECK(need(Feature::CmGc,
                       "canonical option `core type` requires the component model gc feature", at));
      WCOMP_CHECK(in(SpCoreType, o.index, at));
      const CoreTypeEntry &t = cur().coreTypes[o.index];
      if (t.isModule || t.func.kind != extkind::Func)
        return makeError(at, "canonical option `core type` must reference a core function type");
      out.coreType = &o;
      break;
    }
    case canonopt::Gc:
      if (out.gc)
        return makeError(at, "canonical option `gc` is specified more than once");
      WCOMP_CHECK(need(Feature::CmGc, "canonical option `gc` requires the `cm-gc` feature", at));
      out.gc = true;
      break;
    default: break;
    }
  }
  if (out.callback && !out.async)
    return makeError(at, "cannot specify callback without async");
  if (out.async && out.postReturn)
    return makeError(at, "cannot specify post-return function in async");
  if (out.coreType && !out.gc)
    return makeError(at, "cannot specify `core-type` without `gc`");
  if (out.realloc) {
    if (!out.memory)
      return makeError(at, "canonical option `realloc` requires `memory` to also be specified");
    CoreExtern f;
    WCOMP_ASSIGN(f, coreItem(coresort::Func, out.realloc->index, at));
    ValType ptr = ValType::num(out.ptr);
    if (!f.opaque && (f.params != std::vector<ValType>(4, ptr) ||
                      f.results != std::vector<ValType>{ptr}))
      return makeError(at, "canonical option `realloc` uses a core function with an incorrect "
                           "signature");
  }
  return out;
}

llvm::Error Checker::checkLowerOptions(const CanonOptions &o, uint64_t at) const {
  if (o.postReturn)
    return makeError(at, "canonical option `post-return` cannot be specified for lowerings");
  if (o.callback)
    return makeError(at, "canonical option `callback` cannot be specified for lowerings");
  if (o.gc && !o.coreType)
    return makeError(at, "cannot specify `gc` without also specifying a `core-type` for lowerings");
  return llvm::Error::success();
}

llvm::Error Checker::checkCoreType(const CanonOptions &o, const std::vector<uint8_t> &params,
                                   const std::vector<uint8_t> &results, uint64_t at,
                                   CoreExtern *out) const {
  if (o.coreType) {
    const CoreExtern &declared = cur().coreTypes[o.coreType->index].func;
    if (!declared.opaque && codes(declared.params) != params)
      return makeError(at, "declared core type has `" + list(codes(declared.params)) +
                               "` parameter types, but actual lowering has `" + list(params) +
                               "` parameter types");
    if (!declared.opaque && codes(declared.results) != results)
      return makeError(at, "declared core type has `" + list(codes(declared.results)) +
                               "` result types, but actual lowering has `" + list(results) +
                               "` result types");
  }
  out->kind = extkind::Func;
  out->params.clear();
  out->results.clear();
  for (uint8_t c : params)
    out->params.push_back(ValType::num(c));
  for (uint8_t c : results)
    out->results.push_back(ValType::num(c));
  return llvm::Error::success();
}

llvm::Error Checker::checkLiftLower(const Canon &k, CTypeId func, const CoreExtern *core,
                                    uint64_t at, CoreExtern *lowered) {
  bool lift = canonInfo(k.opcode).shape == CanonShape::Lift;
  CanonOptions o;
  WCOMP_ASSIGN(o, checkOptions(k.opts, at));
  const CTypeNode &ft = types[func];
  auto memoryNeeded = [&]() -> llvm::Error {
    if (!o.memory)
      return makeError(at, "canonical option `memory` is required");
    return llvm::Error::success();
  };
  auto reallocNeeded = [&]() -> llvm::Error {
    WCOMP_CHECK(memoryNeeded());
    if (!o.realloc)
      return makeError(at, "canonical option `realloc` is required");
    return llvm::Error::success();
  };
  if (lift) {
    if (o.coreType)
      return makeError(at, "canonical option `core-type` is not allowed in `canon lift`");
    if (o.async && !o.callback)
      WCOMP_CHECK(need(Feature::CmAsyncStackful,
                       "requires the component model async stackful feature", at));
    if (o.callback) {
      CoreExtern cb;
      WCOMP_ASSIGN(cb, coreItem(coresort::Func, o.callback->index, at));
      ValType i32 = ValType::num(typecode::I32);
      if (!cb.opaque && (cb.params != std::vector<ValType>(3, i32) ||
                         cb.results != std::vector<ValType>{i32}))
        return makeError(at, "canonical option `callback` uses a core function with an "
                             "incorrect signature");
    }
  } else {
    WCOMP_CHECK(checkLowerOptions(o, at));
  }
  if (o.async && !ft.async)
    return makeError(at, "the `async` canonical option requires an async function type");
  if (o.gc) {
    // GC lowering (🛸) passes values as GC references described by the
    // declared core type, checked value by value. (A GC lift's core
    // function comes from a module whose types are not kept: not checked.)
    if (!lift && o.coreType)
      WCOMP_CHECK(checkGcLowering(func, o.coreType->index, o, at));
    if (lowered) {
      lowered->opaque = true;
      lowered->kind = extkind::Func;
    }
    return llvm::Error::success();
  }
  // CanonicalABI.md: 16 flat parameters (4 for an async lowering), one flat
  // result; beyond that values travel through memory.
  size_t maxParams = !lift && o.async ? MaxFlatAsyncParams : MaxFlatParams;
  std::vector<uint8_t> params, results;
  for (auto &p : ft.named) {
    if (usesMemory(p.second))
      WCOMP_CHECK(lift ? reallocNeeded() : memoryNeeded());
    flatten(p.second, params, o.ptr);
  }
  if (params.size() > maxParams) {
    params = {o.ptr};
    WCOMP_CHECK(lift ? reallocNeeded() : memoryNeeded());
  }
  if (ft.a && !lift && usesMemory(*ft.a))
    WCOMP_CHECK(reallocNeeded());
  if (!o.async) {
    if (ft.a) {
      flatten(*ft.a, results, o.ptr);
      if (results.size() > MaxFlatResults) {
        WCOMP_CHECK(memoryNeeded());
        results.clear();
        if (lift)
          results = {o.ptr};
        else
          params.push_back(o.ptr); // the return pointer
      }
    }
  } else if (!lift) {
    if (ft.a) {
      params.push_back(o.ptr);
      WCOMP_CHECK(memoryNeeded());
    }
    results = {typecode::I32};
  } else {
    // An async lift returns its result through `task.return`.
    if (ft.a) {
      std::vector<uint8_t> flat;
      flatten(*ft.a, flat, o.ptr);
      if (flat.size() > MaxFlatParams || usesMemory(*ft.a))
        WCOMP_CHECK(memoryNeeded());
    }
    if (o.callback)
      results = {typecode::I32};
  }
  if (lift) {
    if (o.postReturn) {
      CoreExtern pr;
      WCOMP_ASSIGN(pr, coreItem(coresort::Func, o.postReturn->index, at));
      if (!pr.opaque && (codes(pr.params) != results || !pr.results.empty()))
        return makeError(at, "canonical option `post-return` uses a core function with an "
                             "incorrect signature");
    }
    if (core && !core->opaque) {
      if (codes(core->params) != params)
        return makeError(at, "lowered parameter types `" + list(params) +
                                 "` do not match parameter types `" + list(codes(core->params)) +
                                 "` of core function " + llvm::Twine(k.func));
      if (codes(core->results) != results)
        return makeError(at, "lowered result types `" + list(results) +
                                 "` do not match result types `" + list(codes(core->results)) +
                                 "` of core function " + llvm::Twine(k.func));
    }
    return llvm::Error::success();
  }
  return checkCoreType(o, params, results, at, lowered);
}

} // namespace wcomp::validate::detail
