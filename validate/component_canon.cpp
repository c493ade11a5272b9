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

/// Where a built-in is gated: its feature, the forward feature of the
/// `*.forward` built-ins, the zero byte that once meant `cancellable`, and
/// the 🚝 `async` flag of the cancel built-ins.
llvm::Error Checker::builtinGates(const Canon &k, const std::string &name, uint64_t at) {
  if (auto [f, what] = gateOf(k.opcode); f)
    WCOMP_CHECK(need(*f, name + " requires " + what, at));
  if (k.opcode == canonop::StreamForward || k.opcode == canonop::FutureForward)
    WCOMP_CHECK(need(Feature::CmForward, name + " requires the component model forward feature",
                     at));
  bool legacyFlag = k.opcode == canonop::ThreadYield || k.opcode == canonop::WaitableSetWait ||
                    k.opcode == canonop::WaitableSetPoll ||
                    (k.opcode >= canonop::ThreadSuspend &&
                     k.opcode <= canonop::ThreadYieldThenPromote);
  if (legacyFlag && k.flag != 0)
    return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(k.flag) +
                             ") for zero byte; this was historically accepted as `cancellable` "
                             "until WebAssembly/component-model#716");
  bool asyncFlag = k.opcode == canonop::SubtaskCancel || k.opcode == canonop::StreamCancelRead ||
                   k.opcode == canonop::StreamCancelWrite ||
                   k.opcode == canonop::FutureCancelRead || k.opcode == canonop::FutureCancelWrite;
  if (asyncFlag && k.flag)
    WCOMP_CHECK(need(Feature::CmMoreAsyncBuiltins,
                     "async " + name + " requires the component model more async builtins feature",
                     at));
  return llvm::Error::success();
}

/// stream.* and future.* name the stream or future type they work on: its
/// element type (none for the others, and for `stream` / `future` alone).
llvm::Expected<std::optional<CVal>> Checker::builtinElement(const Canon &k,
                                                           const std::string &name,
                                                           uint64_t at) {
  std::optional<CVal> element;
  if (!((k.opcode >= canonop::StreamNew && k.opcode <= canonop::FutureDropWritable) ||
        k.opcode == canonop::StreamForward || k.opcode == canonop::FutureForward))
    return element;
  WCOMP_CHECK(in(SpType, k.type, at));
  bool stream = k.opcode <= canonop::StreamDropWritable || k.opcode == canonop::StreamForward;
  CTypeId t = cur().types[k.type];
  if (t >= types.size() || types[t].kind != CTypeNode::Defined ||
      types[t].code != (stream ? dvt::Stream : dvt::Future))
    return makeError(at, name + " requires a " + (stream ? "stream" : "future") + " type");
  if (types[t].a)
    element = *types[t].a;
  return element;
}

/// resource.new, resource.drop, resource.rep: of a resource type, local
/// except for drop.
llvm::Expected<CoreExtern> Checker::resourceBuiltin(const Canon &k, uint64_t at) {
  WCOMP_CHECK(in(SpType, k.type, at));
  CTypeId r = cur().types[k.type];
  if (types[r].kind != CTypeNode::Resource)
    return makeError(at, "type index " + llvm::Twine(k.type) + " is not a resource type");
  bool local = std::count(cur().localResources.begin(), cur().localResources.end(), r);
  if (k.opcode != canonop::ResourceDrop && !local)
    return makeError(at, "type " + llvm::Twine(k.type) + " is not a local resource");
  if (k.opcode == canonop::ResourceNew)
    return coreFunc({I32}, {I32});
  return k.opcode == canonop::ResourceDrop ? coreFunc({I32}, {}) : coreFunc({I32}, {I32});
}

/// task.return: lowering options without realloc, post-return or async;
/// the result flattened into parameters (a pointer past 16).
llvm::Expected<CoreExtern> Checker::taskReturn(const Canon &k, uint64_t at) {
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

/// context.get/set: an i32 (or, 64-bit, i64) slot, zero (or one, with
/// threading).
llvm::Expected<CoreExtern> Checker::contextBuiltin(const Canon &k, const std::string &name,
                                                  uint64_t at) {
  uint8_t t = k.coreType.code;
  if (t == I64)
    WCOMP_CHECK(need(Feature::Cm64, llvm::Twine("64-bit `") + canonInfo(k.opcode).name +
                                        "` requires the component model 64-bit feature",
                     at));
  else if (t != I32)
    return makeError(at, name + " only supports `i32` or `i64`");
  if (k.type != 0 && !features.has(Feature::CmThreading))
    return makeError(at, name + " immediate must be zero: " + llvm::Twine(k.type));
  if (k.type > 1)
    return makeError(at, name + " immediate must be zero or one: " + llvm::Twine(k.type));
  return k.opcode == canonop::ContextGet ? coreFunc({}, {t}) : coreFunc({t}, {});
}

/// stream.read/write, future.read/write: options for the element's memory.
llvm::Expected<CoreExtern> Checker::transferBuiltin(const Canon &k, const std::string &name,
                                                   const std::optional<CVal> &element,
                                                   uint64_t at) {
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
  bool read = k.opcode == canonop::StreamRead || k.opcode == canonop::FutureRead;
  if (read && element && usesMemory(*element) && !o.realloc)
    return makeError(at, "canonical option `realloc` is required");
  WCOMP_CHECK(checkLowerOptions(o, at));
  CoreExtern out;
  bool stream = k.opcode <= canonop::StreamWrite;
  if (stream)
    WCOMP_CHECK(checkCoreType(o, {I32, o.ptr, o.ptr}, {o.ptr}, at, &out));
  else
    WCOMP_CHECK(checkCoreType(o, {I32, o.ptr}, {I32}, at, &out));
  return out;
}

/// error-context.new and error-context.debug-message: a string in memory.
llvm::Expected<CoreExtern> Checker::errorContextBuiltin(const Canon &k, uint64_t at) {
  CanonOptions o;
  WCOMP_ASSIGN(o, checkOptions(k.opts, at));
  if (!o.memory)
    return makeError(at, "canonical option `memory` is required");
  if (k.opcode == canonop::ErrorContextDebugMessage && !o.realloc)
    return makeError(at, "canonical option `realloc` is required");
  if (o.async)
    return makeError(at, "cannot specify `async` option on `" + llvm::Twine(canonInfo(k.opcode).name) + "`");
  WCOMP_CHECK(checkLowerOptions(o, at));
  CoreExtern out;
  if (k.opcode == canonop::ErrorContextNew)
    WCOMP_CHECK(checkCoreType(o, {o.ptr, o.ptr}, {I32}, at, &out));
  else
    WCOMP_CHECK(checkCoreType(o, {I32, o.ptr}, {}, at, &out));
  return out;
}

/// thread.new-indirect: a start function type taking the closure, and a
/// funcref table to call it through.
llvm::Expected<CoreExtern> Checker::threadNewIndirect(const Canon &k, uint64_t at) {
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
  WCOMP_ASSIGN(table, coreItem(coresort::Table, k.table, at));
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

/// thread.spawn-ref and thread.spawn-indirect. Their types need shared
/// function types (shared-everything-threads), which wcomp does not model:
/// the index is checked, the type is left open.
llvm::Expected<CoreExtern> Checker::threadSpawn(const Canon &k, uint64_t at) {
  WCOMP_CHECK(in(SpCoreType, k.type, at));
  const CoreTypeEntry &t = cur().coreTypes[k.type];
  if (t.isModule)
    return makeError(at, "expected a core function type");
  if (k.opcode == canonop::ThreadSpawnIndirect)
    WCOMP_CHECK(coreItem(coresort::Table, k.table, at).takeError());
  CoreExtern open;
  open.opaque = true;
  return open;
}

llvm::Expected<CoreExtern> Checker::builtin(const Canon &k, uint64_t at) {
  std::string name = std::string("`") + canonInfo(k.opcode).name + "`";
  WCOMP_CHECK(builtinGates(k, name, at));
  std::optional<CVal> element;
  WCOMP_ASSIGN(element, builtinElement(k, name, at));
  switch (k.opcode) {
  case canonop::ResourceNew:
  case canonop::ResourceDrop:
  case canonop::ResourceRep:
    return resourceBuiltin(k, at);
  case canonop::TaskCancel:
  case canonop::BackpressureInc:
  case canonop::BackpressureDec:
    return coreFunc({}, {});
  case canonop::SubtaskCancel: // subtask.cancel
    return coreFunc({I32}, {I32});
  case canonop::TaskReturn:
    return taskReturn(k, at);
  case canonop::ContextGet:
  case canonop::ContextSet:
    return contextBuiltin(k, name, at);
  case canonop::ThreadYield:
  case canonop::WaitableSetNew:
  case canonop::ThreadIndex:
  case canonop::ThreadSuspend:
    return coreFunc({}, {I32});
  case canonop::SubtaskDrop:
  case canonop::StreamDropReadable:
  case canonop::StreamDropWritable:
  case canonop::FutureDropReadable:
  case canonop::FutureDropWritable:
  case canonop::ErrorContextDrop:
  case canonop::WaitableSetDrop:
  case canonop::ThreadResumeLater:
    // subtask.drop, the drops, error-context.drop, waitable-set.drop, thread.resume-later
    return coreFunc({I32}, {});
  case canonop::StreamNew: case canonop::FutureNew: // stream.new, future.new: both ends in one i64
    return coreFunc({}, {I64});
  case canonop::StreamRead:
  case canonop::StreamWrite:
  case canonop::FutureRead:
  case canonop::FutureWrite:
    return transferBuiltin(k, name, element, at);
  case canonop::StreamCancelRead:
  case canonop::StreamCancelWrite:
  case canonop::FutureCancelRead:
  case canonop::FutureCancelWrite:
  case canonop::ThreadSuspendThenResume:
  case canonop::ThreadYieldThenResume:
  case canonop::ThreadSuspendThenPromote:
  case canonop::ThreadYieldThenPromote:
    return coreFunc({I32}, {I32});
  case canonop::ErrorContextNew:
  case canonop::ErrorContextDebugMessage:
    return errorContextBuiltin(k, at);
  // waitable-set.wait/poll: (set, event pointer) -> event code
  case canonop::WaitableSetWait:
  case canonop::WaitableSetPoll: {
    CoreExtern m;
    WCOMP_ASSIGN(m, coreItem(coresort::Memory, k.type, at));
    return coreFunc({I32, m.memory.is64() ? I64 : I32}, {I32});
  }
  case canonop::WaitableJoin: // waitable.join
    return coreFunc({I32, I32}, {});
  case canonop::ThreadNewIndirect:
    return threadNewIndirect(k, at);
  // stream.forward, future.forward: (source, sink)
  case canonop::StreamForward:
  case canonop::FutureForward:
    return coreFunc({I32, I32}, {});
  case canonop::ThreadSpawnRef:
  case canonop::ThreadSpawnIndirect:
    return threadSpawn(k, at);
  case canonop::ThreadAvailableParallelism: // thread.available_parallelism
    return coreFunc({}, {I32});
  default:
    return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(k.opcode) +
                             ") for canonical function");
  }
}

} // namespace wcomp::validate::detail
