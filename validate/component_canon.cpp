//===- validate/component_canon.cpp - Canon built-ins' core types ---------===//
// Every canon definition other than lift and lower defines one core
// function whose type the built-in fixes (Explainer.md, "Canonical
// built-ins"; CanonicalABI.md for the pointer-taking ones). The type is
// recorded, so a module instantiated with a built-in of the wrong type is
// refused like any other mismatched import, and each built-in is gated by
// its feature with wasm-tools' wording.
#include "binary/error.h"
#include "validate/component_checker.h"

namespace wcomp::validate::detail {

using namespace binary;

namespace {
constexpr uint8_t I32 = typecode::I32, I64 = typecode::I64;

CoreExtern coreFunc(std::vector<uint8_t> params, std::vector<uint8_t> results) {
  CoreExtern e;
  e.kind = extkind::Func;
  for (uint8_t c : params)
    e.params.push_back(ValType::num(c));
  for (uint8_t c : results)
    e.results.push_back(ValType::num(c));
  return e;
}

/// The feature that gates a built-in (null for the resource built-ins), and
/// what wasm-tools says it requires.
std::pair<std::optional<Feature>, const char *> gateOf(uint8_t opcode) {
  if (opcode < 0x05)
    return {std::nullopt, ""};
  if (opcode >= 0x40)
    return {Feature::SharedEverythingThreads, "the shared-everything-threads proposal"};
  if (opcode >= 0x1c && opcode <= 0x1e)
    return {Feature::CmErrorContext, "the component model error-context feature"};
  if (opcode >= 0x26 && opcode <= 0x2d)
    return {Feature::CmThreading, "the component model threading feature"};
  return {Feature::CmAsync, "the component model async feature"};
}
} // namespace

llvm::Expected<CoreExtern> Checker::builtin(const Canon &k, uint64_t at) {
  CanonInfo info = canonInfo(k.opcode);
  std::string name = std::string("`") + info.name + "`";
  if (auto [f, what] = gateOf(k.opcode); f)
    WCOMP_CHECK(need(*f, name + " requires " + what, at));
  if (k.opcode == 0x2e || k.opcode == 0x2f)
    WCOMP_CHECK(need(Feature::CmForward, name + " requires the component model forward feature",
                     at));
  // Built-ins whose flag byte once meant `cancellable` take a zero byte now.
  bool legacyFlag = k.opcode == 0x0c || k.opcode == 0x20 || k.opcode == 0x21 ||
                    (k.opcode >= 0x29 && k.opcode <= 0x2d);
  if (legacyFlag && k.flag != 0)
    return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(k.flag) +
                             ") for zero byte; this was historically accepted as `cancellable` "
                             "until WebAssembly/component-model#716");
  // `async` flags of the cancel built-ins are 🚝.
  bool asyncFlag = k.opcode == 0x06 || k.opcode == 0x11 || k.opcode == 0x12 ||
                   k.opcode == 0x18 || k.opcode == 0x19;
  if (asyncFlag && k.flag)
    WCOMP_CHECK(need(Feature::CmMoreAsyncBuiltins,
                     "async " + name + " requires the component model more async builtins feature",
                     at));

  // stream.* and future.* name the stream or future type they work on.
  std::optional<CVal> element;
  if ((k.opcode >= 0x0e && k.opcode <= 0x1b) || k.opcode == 0x2e || k.opcode == 0x2f) {
    WCOMP_CHECK(in(SpType, k.type, at));
    bool stream = k.opcode <= 0x14 || k.opcode == 0x2e;
    CTypeId t = cur().types[k.type];
    if (t >= types.size() || types[t].kind != CTypeNode::Defined ||
        types[t].code != (stream ? dvt::Stream : dvt::Future))
      return makeError(at, name + " requires a " + (stream ? "stream" : "future") + " type");
    if (types[t].a)
      element = *types[t].a;
  }

  switch (k.opcode) {
  case 0x02: case 0x03: case 0x04: { // resource.new/drop/rep
    WCOMP_CHECK(in(SpType, k.type, at));
    CTypeId r = cur().types[k.type];
    if (types[r].kind != CTypeNode::Resource)
      return makeError(at, "type index " + llvm::Twine(k.type) + " is not a resource type");
    bool local = std::count(cur().localResources.begin(), cur().localResources.end(), r);
    if (k.opcode != 0x03 && !local)
      return makeError(at, "type " + llvm::Twine(k.type) + " is not a local resource");
    if (k.opcode == 0x02)
      return coreFunc({I32}, {I32});
    return k.opcode == 0x03 ? coreFunc({I32}, {}) : coreFunc({I32}, {I32});
  }
  case 0x05: case 0x24: case 0x25: // task.cancel, backpressure.inc/dec
    return coreFunc({}, {});
  case 0x06: // subtask.cancel
    return coreFunc({I32}, {I32});
  case 0x09: { // task.return
    CanonOptions o;
    WCOMP_ASSIGN(o, checkOptions(k.opts, at));
    if (o.realloc)
      return makeError(at, "cannot specify `realloc` option on `task.return`");
    if (o.postReturn)
      return makeError(at, "cannot specify `post-return` option on `task.return`");
    WCOMP_CHECK(checkLowerOptions(o, at));
    if (o.async)
      return makeError(at, "cannot specify `async` option on `task.return`");
    std::vector<uint8_t> params;
    if (k.results.result) {
      CVal v;
      WCOMP_ASSIGN(v, val(*k.results.result, at));
      if (containsBorrow(v))
        return makeError(at, "`task.return` result cannot contain a `borrow` type");
      if (usesMemory(v) && !o.memory)
        return makeError(at, "canonical option `memory` is required");
      flatten(v, params, o.ptr);
      if (params.size() > 16) {
        if (!o.memory)
          return makeError(at, "canonical option `memory` is required");
        params = {o.ptr};
      }
    }
    CoreExtern out;
    WCOMP_CHECK(checkCoreType(o, params, {}, at, &out));
    return out;
  }
  case 0x0a: case 0x0b: { // context.get/set
    uint8_t t = k.coreType.code;
    if (t == I64)
      WCOMP_CHECK(need(Feature::Cm64, llvm::Twine("64-bit `") + info.name +
                                          "` requires the component model 64-bit feature",
                       at));
    else if (t != I32)
      return makeError(at, name + " only supports `i32` or `i64`");
    if (k.type != 0 && !features.has(Feature::CmThreading))
      return makeError(at, name + " immediate must be zero: " + llvm::Twine(k.type));
    if (k.type > 1)
      return makeError(at, name + " immediate must be zero or one: " + llvm::Twine(k.type));
    return k.opcode == 0x0a ? coreFunc({}, {t}) : coreFunc({t}, {});
  }
  case 0x0c: case 0x1f: case 0x26: case 0x29: // thread.yield, waitable-set.new, thread.index/suspend
    return coreFunc({}, {I32});
  case 0x0d: case 0x13: case 0x14: case 0x1a: case 0x1b: case 0x1e: case 0x22: case 0x28:
    // subtask.drop, the drops, error-context.drop, waitable-set.drop, thread.resume-later
    return coreFunc({I32}, {});
  case 0x0e: case 0x15: // stream.new, future.new: both ends in one i64
    return coreFunc({}, {I64});
  case 0x0f: case 0x10: case 0x16: case 0x17: { // stream/future read/write
    CanonOptions o;
    WCOMP_ASSIGN(o, checkOptions(k.opts, at));
    if (!o.async)
      WCOMP_CHECK(need(Feature::CmMoreAsyncBuiltins,
                       "synchronous " + name +
                           " requires the component model more async builtins feature",
                       at));
    if (element && !o.memory)
      return makeError(at, "canonical option `memory` is required");
    // Reading receives values that may need allocating; writing does not.
    bool read = k.opcode == 0x0f || k.opcode == 0x16;
    if (read && element && usesMemory(*element) && !o.realloc)
      return makeError(at, "canonical option `realloc` is required");
    WCOMP_CHECK(checkLowerOptions(o, at));
    CoreExtern out;
    bool stream = k.opcode <= 0x10;
    if (stream)
      WCOMP_CHECK(checkCoreType(o, {I32, o.ptr, o.ptr}, {o.ptr}, at, &out));
    else
      WCOMP_CHECK(checkCoreType(o, {I32, o.ptr}, {I32}, at, &out));
    return out;
  }
  case 0x11: case 0x12: case 0x18: case 0x19: // cancel-read/write
  case 0x2a: case 0x2b: case 0x2c: case 0x2d: // thread.*-then-*
    return coreFunc({I32}, {I32});
  case 0x1c: case 0x1d: { // error-context.new, error-context.debug-message
    CanonOptions o;
    WCOMP_ASSIGN(o, checkOptions(k.opts, at));
    if (!o.memory)
      return makeError(at, "canonical option `memory` is required");
    if (k.opcode == 0x1d && !o.realloc)
      return makeError(at, "canonical option `realloc` is required");
    if (o.async)
      return makeError(at, "cannot specify `async` option on `" + llvm::Twine(info.name) + "`");
    WCOMP_CHECK(checkLowerOptions(o, at));
    CoreExtern out;
    if (k.opcode == 0x1c)
      WCOMP_CHECK(checkCoreType(o, {o.ptr, o.ptr}, {I32}, at, &out));
    else
      WCOMP_CHECK(checkCoreType(o, {I32, o.ptr}, {}, at, &out));
    return out;
  }
  case 0x20: case 0x21: { // waitable-set.wait/poll: (set, event pointer) -> event code
    CoreExtern m;
    WCOMP_ASSIGN(m, coreItem(coresort::Memory, k.type, at));
    return coreFunc({I32, m.memory.is64() ? I64 : I32}, {I32});
  }
  case 0x23: // waitable.join
    return coreFunc({I32, I32}, {});
  case 0x27: { // thread.new-indirect
    WCOMP_CHECK(in(SpCoreType, k.type, at));
    const CoreTypeEntry &t = cur().coreTypes[k.type];
    if (t.isModule)
      return makeError(at, "expected a core function type");
    if (t.func.kind != extkind::Func)
      return makeError(at, "start type must be a function");
    uint8_t closure = I32;
    if (!t.func.opaque) {
      if (t.func.params.size() == 1 && t.func.params[0].code == I64 &&
          features.has(Feature::Cm64))
        closure = I64;
      else if (t.func.params.size() != 1 || t.func.params[0].code != I32)
        return makeError(at, "start function must take a single `i32` argument (currently)");
      if (!t.func.results.empty())
        return makeError(at, "start function must not return any values");
    }
    CoreExtern table;
    WCOMP_ASSIGN(table, coreItem(coresort::Table, k.index2, at));
    if (table.table.limits.is64())
      WCOMP_CHECK(need(Feature::Cm64, "64-bit tables require the component model 64-bit feature",
                       at));
    const ValType &elem = table.table.elem;
    HeapType heap = elem.heapType();
    bool funcref = elem.isRef() && elem.nullable() && heap.kind == HeapType::Abstract &&
                   heap.value == typecode::Func;
    if (!funcref || table.table.limits.shared())
      return makeError(at, "table is not a 32-bit table of (ref null (func))");
    return coreFunc({table.table.limits.is64() ? I64 : I32, closure}, {I32});
  }
  case 0x2e: case 0x2f: // stream.forward, future.forward: (source, sink)
    return coreFunc({I32, I32}, {});
  case 0x40: case 0x41: { // thread.spawn-ref, thread.spawn-indirect
    // Their types need shared function types (shared-everything-threads),
    // which wcomp does not model: the index is checked, the type is left
    // open.
    WCOMP_CHECK(in(SpCoreType, k.type, at));
    const CoreTypeEntry &t = cur().coreTypes[k.type];
    if (t.isModule)
      return makeError(at, "expected a core function type");
    if (k.opcode == 0x41)
      WCOMP_CHECK(coreItem(coresort::Table, k.index2, at).takeError());
    CoreExtern open;
    open.opaque = true;
    return open;
  }
  case 0x42: // thread.available_parallelism
    return coreFunc({}, {I32});
  default:
    return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(k.opcode) +
                             ") for canonical function");
  }
}

} // namespace wcomp::validate::detail
