#include "validate/func_validator.h"
#include "validate/signatures.h"

#include "binary/error.h"
#include "binary/limits.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
bool isUnknown(const ValType &t) { return t.code == UnknownType; }
bool defaultable(const ValType &t) { return !t.isRef() || t.nullable(); }
} // namespace

llvm::Error FuncValidator::need(Feature f, uint64_t at) const {
  if (env.features.has(f))
    return llvm::Error::success();
  return makeError(at, notEnabled(f));
}

llvm::Error FuncValidator::mismatch(const ValType &expected, const ValType &found, uint64_t at) const {
  return makeError(at, "type mismatch: expected " + TypeContext::name(expected) + ", found " +
                           TypeContext::name(found));
}

llvm::Expected<ValType> FuncValidator::pop(uint64_t at) {
  const Frame &f = frames.back();
  if (stack.size() == f.height) {
    if (f.unreachable)
      return ValType{UnknownType, {}};
    return makeError(at, "type mismatch: expected a value but nothing on stack");
  }
  ValType t = stack.back();
  stack.pop_back();
  return t;
}

llvm::Error FuncValidator::popExpect(const ValType &t, uint64_t at) {
  const Frame &f = frames.back();
  if (stack.size() == f.height) {
    if (f.unreachable)
      return llvm::Error::success();
    return makeError(at, "type mismatch: expected " + TypeContext::name(t) + " but nothing on stack");
  }
  ValType got = stack.back();
  stack.pop_back();
  if (!isUnknown(got) && !isUnknown(t) && !env.types.matches(got, t))
    return mismatch(t, got, at);
  return llvm::Error::success();
}

llvm::Error FuncValidator::popAll(llvm::ArrayRef<ValType> types, uint64_t at) {
  for (size_t i = types.size(); i-- > 0;)
    WCOMP_CHECK(popExpect(types[i], at));
  return llvm::Error::success();
}

llvm::Expected<ValType> FuncValidator::popRef(uint64_t at) {
  ValType t;
  WCOMP_ASSIGN(t, pop(at));
  if (!isUnknown(t) && !t.isRef())
    return makeError(at, "type mismatch: expected a reference, found " + TypeContext::name(t));
  return t;
}

void FuncValidator::setUnreachable() {
  Frame &f = frames.back();
  stack.resize(f.height);
  f.unreachable = true;
}

llvm::Expected<const CompositeType *> FuncValidator::funcType(uint32_t typeIndex, uint64_t at) const {
  if (typeIndex >= env.types.size())
    return makeError(at, "unknown type " + llvm::Twine(typeIndex) + ": type index out of bounds");
  if (!env.types.isFunc(typeIndex))
    return makeError(at, "type index " + llvm::Twine(typeIndex) + " is not a function type");
  WCOMP_CHECK(sharedAccess(env.types.composite(typeIndex).shared, "functions", at));
  return &env.types.composite(typeIndex);
}

llvm::Error FuncValidator::sharedAccess(bool targetShared, const char *what, uint64_t at) const {
  if (sharedFn && !targetShared)
    return makeError(at, llvm::Twine("shared functions cannot access unshared ") + what);
  return llvm::Error::success();
}

llvm::Expected<ValType> FuncValidator::addrType(uint32_t memory, uint64_t at) const {
  if (memory >= env.memories.size())
    return makeError(at, "unknown memory " + llvm::Twine(memory));
  if (memory != 0)
    WCOMP_CHECK(need(Feature::MultiMemory, at));
  return ValType::num(env.memories[memory].is64() ? tc::I64 : tc::I32);
}

llvm::Expected<ValType> FuncValidator::tableAddrType(uint32_t table, uint64_t at) const {
  if (table >= env.tables.size())
    return makeError(at, "unknown table " + llvm::Twine(table) + ": table index out of bounds");
  WCOMP_CHECK(sharedAccess(env.tables[table].limits.shared(), "tables", at));
  return ValType::num(env.tables[table].limits.is64() ? tc::I64 : tc::I32);
}

FuncValidator::Sig FuncValidator::blockSig(const Frame &f) const {
  switch (f.blockKind) {
  case BlockKind::Empty: return {};
  case BlockKind::Value: return {{}, llvm::ArrayRef<ValType>(f.single)};
  case BlockKind::Index: {
    const CompositeType &c = env.types.composite(f.typeIndex);
    return {c.params, c.results};
  }
  }
  return {};
}

llvm::ArrayRef<ValType> FuncValidator::labelTypes(const Frame &f) const {
  Sig s = blockSig(f);
  return f.kind == Opcode::Loop ? s.params : s.results;
}

llvm::Expected<const FuncValidator::Frame *> FuncValidator::label(uint32_t depth, uint64_t at) const {
  if (depth >= frames.size())
    return makeError(at, "unknown label: branch depth too large");
  return &frames[frames.size() - 1 - depth];
}

llvm::Expected<FuncValidator::Frame> FuncValidator::makeFrame(const Operator &op, uint64_t at) const {
  Frame f{op.op, BlockKind(op.flags), ValType{}, 0, 0, uint32_t(initStack.size()), false};
  if (f.blockKind == BlockKind::Value) {
    f.single = op.valtype;
    WCOMP_CHECK(env.types.checkValType(op.valtype, at, env.features));
  } else if (f.blockKind == BlockKind::Index) {
    if (!env.features.has(Feature::MultiValue))
      return makeError(at, "blocks, loops, and ifs may only produce a resulttype when "
                           "multi-value is not enabled");
    WCOMP_CHECK(funcType(op.a, at).takeError());
    f.typeIndex = op.a;
    const CompositeType &c = env.types.composite(op.a);
    if ((!c.params.empty() || c.results.size() > 1))
      WCOMP_CHECK(need(Feature::MultiValue, at));
  }
  return f;
}

llvm::Error FuncValidator::pushFrame(Frame f, uint64_t at) {
  Sig s = blockSig(f);
  WCOMP_CHECK(popAll(s.params, at));
  f.height = uint32_t(stack.size());
  if (frames.size() > limits::FunctionSize)
    return makeError(at, "nesting too deep");
  enterFrame(f);
  pushAll(blockSig(frames.back()).params);
  return llvm::Error::success();
}

llvm::Error FuncValidator::checkFrameEnd(const Frame &f, uint64_t at) {
  WCOMP_CHECK(popAll(blockSig(f).results, at));
  if (stack.size() != f.height)
    return makeError(at, "type mismatch: values remaining on stack at end of block");
  return llvm::Error::success();
}

llvm::Error FuncValidator::validateFunction(uint32_t funcIndex, const FunctionBody &body) {
  constant = false;
  sigType = env.funcTypes[funcIndex];
  sig = &env.types.composite(sigType);
  sharedFn = sig->shared;
  locals.assign(sig->params.begin(), sig->params.end());
  localInit.assign(locals.size(), true);
  BinaryReader r(body.bytes, body.offset);
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount("local declarations", limits::LocalDecls));
  uint64_t total = locals.size();
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = r.offset();
    uint32_t count;
    WCOMP_ASSIGN(count, r.readU32());
    total += count;
    if (total > limits::Locals)
      return makeError(at, "too many locals: locals exceed maximum");
    ValType t;
    WCOMP_ASSIGN(t, readValType(r));
    WCOMP_CHECK(env.types.checkValType(t, at, env.features));
    locals.append(count, t);
    localInit.append(count, defaultable(t));
  }
  return run(r, false, 0);
}

llvm::Error FuncValidator::validateConstExpr(const Expr &expr, uint64_t offset, const ValType &expected,
                                             uint32_t visible) {
  Encoder e;
  writeExpr(e, expr);
  BinaryReader r(e.bytes, 0);
  constant = true;
  sig = nullptr;
  sharedFn = false;
  constResult = expected;
  locals.clear();
  localInit.clear();
  if (llvm::Error err = run(r, true, visible)) {
    // Offsets inside the re-encoded expression are relative; report the expression's start.
    ErrorReport rep = describeError(std::move(err));
    std::string text = rep.text;
    if (size_t pos = text.rfind(" (at offset"); pos != std::string::npos)
      text.resize(pos);
    return makeError(offset, text);
  }
  return llvm::Error::success();
}

llvm::Error FuncValidator::run(BinaryReader &r, bool isConst, uint32_t visible) {
  prepare(isConst);
  constant = isConst;
  visibleGlobals = visible;
  stack.clear();
  frames.clear();
  initStack.clear();
  pool.clear();
  // The function body is the outermost block: its label is the function's
  // result type (a constant expression's is the expected value type).
  Frame outer{Opcode::Block, BlockKind::Index, ValType{}, sigType, 0, 0, false};
  if (constant) {
    outer.blockKind = BlockKind::Value;
    outer.single = constResult;
  }
  enterFrame(outer);
  Operator op;
  size_t opIndex = 0;            // for the observer
  const bool watching = bool(observer); // tested once, not per instruction
  const uint8_t *p = r.position();
  const uint8_t *end = p + r.remaining();
  // Hot instructions go to a handler specialised for their opcode
  // (func_fast.cpp), which needs 16 readable bytes of look-ahead; the rest,
  // and whatever a handler declines, take the general path below. Handlers
  // never close the outermost block, so only the general path can end the body.
  const uint8_t *fastEnd = end - std::min<size_t>(16, size_t(end - p));
  while (p < end) {
    // Shared functions take the general path, which checks shared-ness.
    if (p < fastEnd && !sharedFn && !watching) {
      if (FastHandler h = fastHandlers[*p]) {
        if (unsigned len = h(*this, p)) {
          p += len;
          continue;
        }
      }
    }
    r.advanceUnchecked(size_t(p - r.position()));
    uint64_t at = r.offset();
    WCOMP_CHECK(readOperator(r, op, pool));
    if (watching) {
      if (llvm::Error err = step(op, at)) {
        observer(opIndex, {}, true);
        return err;
      }
      if (!frames.empty())
        observer(opIndex, llvm::ArrayRef<ValType>(stack).drop_front(height), false);
      ++opIndex;
    } else if (!env.fastPaths || sharedFn || !fastStep(op)) {
      WCOMP_CHECK(step(op, at));
    }
    p = r.position();
    if (frames.empty() && p != end)
      return r.error("operators remaining after end of function");
  }
  r.advanceUnchecked(size_t(p - r.position()));
  if (!frames.empty())
    return r.error(constant ? "constant expression required: missing end"
                            : "control frames remain at end of function: END opcode expected");
  return llvm::Error::success();
}

using sigs::AddrCode;
using sigs::SimpleSig;
using sigs::simpleTable;

namespace {
/// The feature an instruction needs beyond the MVP, if any.
std::optional<Feature> featureOf(Opcode op) {
  const OpcodeInfo &info = opcodeInfo(op);
  switch (info.prefix) {
  case 0xFD: return info.code >= 0x100 ? Feature::RelaxedSimd : Feature::Simd;
  case 0xFE: return info.code >= 0x4F ? Feature::SharedEverythingThreads : Feature::Threads;
  case 0xFB: return info.code >= 32 ? Feature::CustomDescriptors : Feature::Gc;
  case 0xFC:
    if (info.code < 8) return Feature::SaturatingFloatToInt;
    // memory.copy and memory.fill are the lime1 part of bulk memory.
    if (op == Opcode::MemoryCopy || op == Opcode::MemoryFill) return Feature::BulkMemoryOpt;
    if (op == Opcode::MemoryDiscard) return Feature::MemoryControl;
    if (info.code >= 19) return Feature::WideArithmetic;
    return Feature::BulkMemory;
  default: break;
  }
  switch (op) {
  case Opcode::I32Extend8S: case Opcode::I32Extend16S: case Opcode::I64Extend8S:
  case Opcode::I64Extend16S: case Opcode::I64Extend32S:
    return Feature::SignExtension;
  case Opcode::Try: case Opcode::Catch: case Opcode::CatchAll: case Opcode::Rethrow:
  case Opcode::Delegate:
    return Feature::LegacyExceptions;
  case Opcode::Throw: case Opcode::ThrowRef: case Opcode::TryTable:
    return Feature::Exceptions;
  case Opcode::ReturnCall: case Opcode::ReturnCallIndirect:
    return Feature::TailCall;
  case Opcode::CallRef: case Opcode::ReturnCallRef: case Opcode::RefAsNonNull:
  case Opcode::BrOnNull: case Opcode::BrOnNonNull:
    return Feature::FunctionReferences;
  case Opcode::RefNull: case Opcode::RefIsNull: case Opcode::RefFunc: case Opcode::TableGet:
  case Opcode::TableSet: case Opcode::SelectT:
    return Feature::ReferenceTypes;
  case Opcode::RefEq:
    return Feature::Gc;
  case Opcode::ContNew: case Opcode::ContBind: case Opcode::Suspend: case Opcode::Resume:
  case Opcode::ResumeThrow: case Opcode::ResumeThrowRef: case Opcode::Switch:
    return Feature::StackSwitching;
  default:
    return std::nullopt;
  }
}

/// Whether an instruction computes with or moves floats (gated by the
/// `floats` feature, which wasm-tools offers to embedders that want
/// deterministic execution); every such instruction names f32 or f64.
bool isFloatOp(Opcode op) {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(NumOpcodes, 0);
    for (unsigned i = 0; i < NumOpcodes; ++i) {
      llvm::StringRef name = opcodeName(Opcode(i));
      t[i] = name.contains("f32") || name.contains("f64");
    }
    return t;
  }();
  return table[unsigned(op)];
}

/// Whether the features allow an instruction (featureGate says why not).
bool featureAllows(Opcode op, const Features &f) {
  auto need = featureOf(op);
  return (!need || f.has(*need)) && (!isFloatOp(op) || f.has(Feature::Floats));
}

/// Why an instruction is not allowed by the features, or success.
llvm::Error featureGate(Opcode op, const Features &f, uint64_t at) {
  if (auto need = featureOf(op); need && !f.has(*need))
    return makeError(at, notEnabled(*need));
  if (isFloatOp(op) && !f.has(Feature::Floats))
    return makeError(at, "floating-point instruction disallowed");
  return llvm::Error::success();
}

bool isConstantOp(Opcode op, const Features &f) {
  switch (op) {
  case Opcode::I32Const: case Opcode::I64Const: case Opcode::F32Const: case Opcode::F64Const:
  case Opcode::V128Const: case Opcode::RefNull: case Opcode::RefFunc: case Opcode::GlobalGet:
  case Opcode::End:
    return true;
  case Opcode::I32Add: case Opcode::I32Sub: case Opcode::I32Mul: case Opcode::I64Add:
  case Opcode::I64Sub: case Opcode::I64Mul:
    return f.has(Feature::ExtendedConst);
  case Opcode::StructNewDesc: case Opcode::StructNewDefaultDesc:
    return f.has(Feature::CustomDescriptors);
  case Opcode::StructNew: case Opcode::StructNewDefault: case Opcode::ArrayNew:
  case Opcode::ArrayNewDefault: case Opcode::ArrayNewFixed: case Opcode::RefI31:
  case Opcode::AnyConvertExtern: case Opcode::ExternConvertAny:
    return f.has(Feature::Gc);
  case Opcode::RefI31Shared:
    return f.has(Feature::SharedEverythingThreads);
  default:
    return false;
  }
}
} // namespace

bool FuncValidator::fastStep(const Operator &op) {
  // Check first, commit after: on any doubt return false and let step()
  // redo the instruction from the unchanged state (and report errors).
  unsigned code = unsigned(op.op);
  if (!allowed[code])
    return false;
  const Frame &f = frames.back();
  size_t avail = stack.size() - f.height;
  switch (op.op) {
  case Opcode::LocalGet:
    if (op.a < locals.size() && localInit[op.a]) {
      stack.push_back(locals[op.a]);
      return true;
    }
    return false;
  case Opcode::LocalSet: case Opcode::LocalTee:
    if (op.a < locals.size() && avail && localInit[op.a] && !locals[op.a].isRef() &&
        stack.back().code == locals[op.a].code) {
      if (op.op == Opcode::LocalSet)
        stack.pop_back();
      return true;
    }
    return false;
  case Opcode::I32Const: stack.push_back(ValType::num(tc::I32)); return true;
  case Opcode::I64Const: stack.push_back(ValType::num(tc::I64)); return true;
  default:
    break;
  }
  const SimpleSig &s = simpleTable.sigs[code];
  if (s.kind != SimpleSig::Plain || avail < s.numParams)
    return false;
  const ValType *top = stack.end() - s.numParams;
  for (unsigned i = 0; i < s.numParams; ++i)
    if (top[i].code != s.params[i])
      return false;
  stack.resize(stack.size() - s.numParams);
  for (unsigned i = 0; i < s.numResults; ++i)
    stack.push_back(ValType::num(s.results[i]));
  return true;
}

void FuncValidator::prepare(bool isConst) {
  if (prepared && preparedConst == isConst)
    return;
  prepared = true;
  preparedConst = isConst;
  allowed.assign(NumOpcodes, 1);
  for (unsigned i = 0; i < NumOpcodes; ++i) {
    Opcode op = Opcode(i);
    if (!featureAllows(op, env.features))
      allowed[i] = 0;
    if (isConst && !isConstantOp(op, env.features))
      allowed[i] = 0;
  }
  memoryAddr.clear();
  for (const Limits &l : env.memories)
    memoryAddr.push_back(l.is64() ? tc::I64 : tc::I32);
  prepareFastHandlers();
}

/// A table-driven instruction (numeric, vector, memory access): pops and
/// pushes by its precompiled signature, checking memory argument and lane.
llvm::Error FuncValidator::stepSimple(const Operator &op, const SimpleSig &s, uint64_t at) {
  uint8_t addr = tc::I32;
  if (s.kind == SimpleSig::Mem || s.kind == SimpleSig::MemLane) {
    if (op.b >= memoryAddr.size() || (op.b != 0 && !env.features.has(Feature::MultiMemory)))
      return addrType(op.b, at).takeError();
    addr = memoryAddr[op.b];
    bool atomic = opcodeInfo(op.op).prefix == opprefix::Atomic;
    if (atomic ? op.a != s.align : op.a > s.align)
      return makeError(at, atomic ? "invalid alignment: atomic accesses must be naturally aligned"
                                  : "alignment must not be larger than natural");
    if (addr == tc::I32 && op.u64 > UINT32_MAX)
      return makeError(at, "offset out of range: must be <= 2**32");
  }
  if ((s.kind == SimpleSig::Lane || s.kind == SimpleSig::MemLane) && op.lane >= s.lanes)
    return makeError(at, "invalid lane index");
  for (unsigned i = s.numParams; i-- > 0;) {
    uint8_t code = s.params[i] == AddrCode ? addr : s.params[i];
    WCOMP_CHECK(popNum(code, at));
  }
  for (unsigned i = 0; i < s.numResults; ++i)
    push(ValType::num(s.results[i] == AddrCode ? addr : s.results[i]));
  return llvm::Error::success();
}

llvm::Error FuncValidator::stepControl(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::Unreachable:
    setUnreachable();
    return llvm::Error::success();
  case Opcode::Nop:
    return llvm::Error::success();
  case Opcode::Block: case Opcode::Loop: case Opcode::Try: {
    Frame f;
    WCOMP_ASSIGN(f, makeFrame(op, at));
    return pushFrame(f, at);
  }
  case Opcode::If: {
    Frame f;
    WCOMP_ASSIGN(f, makeFrame(op, at));
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    return pushFrame(f, at);
  }
  case Opcode::Else: {
    Frame &f = frames.back();
    if (f.kind != Opcode::If)
      return makeError(at, "else found outside of an `if` block");
    WCOMP_CHECK(checkFrameEnd(f, at));
    f.kind = Opcode::Else;
    f.unreachable = false;
    while (initStack.size() > f.initHeight) {
      localInit[initStack.back()] = false;
      initStack.pop_back();
    }
    pushAll(blockSig(f).params);
    return llvm::Error::success();
  }
  case Opcode::End: {
    Frame f = frames.back();
    WCOMP_CHECK(checkFrameEnd(f, at));
    Sig s = blockSig(f);
    if (f.kind == Opcode::If && s.params.size() != s.results.size())
      return makeError(at, "type mismatch: if without else must leave the stack as it found it");
    if (f.kind == Opcode::If)
      for (size_t i = 0; i < s.params.size(); ++i)
        if (!env.types.matches(s.params[i], s.results[i]))
          return makeError(at, "type mismatch: if without else must leave the stack as it found it");
    while (initStack.size() > f.initHeight) {
      localInit[initStack.back()] = false;
      initStack.pop_back();
    }
    scratch.assign(s.results.begin(), s.results.end());
    leaveFrame();
    pushAll(scratch);
    return llvm::Error::success();
  }
  case Opcode::Br: {
    const Frame *f;
    WCOMP_ASSIGN(f, label(op.a, at));
    scratch.assign(labelTypes(*f).begin(), labelTypes(*f).end());
    WCOMP_CHECK(popAll(scratch, at));
    setUnreachable();
    return llvm::Error::success();
  }
  case Opcode::BrIf: {
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    const Frame *f;
    WCOMP_ASSIGN(f, label(op.a, at));
    scratch.assign(labelTypes(*f).begin(), labelTypes(*f).end());
    WCOMP_CHECK(popAll(scratch, at));
    pushAll(scratch);
    return llvm::Error::success();
  }
  case Opcode::BrTable: {
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    const Frame *def;
    WCOMP_ASSIGN(def, label(op.c, at));
    size_t arity = labelTypes(*def).size();
    for (uint32_t i = 0; i <= op.b; ++i) {
      uint32_t depth = i < op.b ? pool.u32s[op.a + i] : op.c;
      const Frame *f;
      WCOMP_ASSIGN(f, label(depth, at));
      llvm::ArrayRef<ValType> types = labelTypes(*f);
      if (types.size() != arity)
        return makeError(at, "type mismatch: br_table target labels have different number of types");
      // Check against the stack without consuming it.
      llvm::SmallVector<ValType, 4> saved(stack.begin() + std::max<size_t>(frames.back().height,
                                          stack.size() >= arity ? stack.size() - arity : 0),
                                          stack.end());
      size_t keep = stack.size() - saved.size();
      scratch.assign(types.begin(), types.end());
      WCOMP_CHECK(popAll(scratch, at));
      stack.resize(keep);
      stack.append(saved.begin(), saved.end());
    }
    setUnreachable();
    return llvm::Error::success();
  }
  case Opcode::Return:
    WCOMP_CHECK(popAll(sig->results, at));
    setUnreachable();
    return llvm::Error::success();
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepVariables(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::Drop:
    return pop(at).takeError();
  case Opcode::Select: {
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    ValType a, b;
    WCOMP_ASSIGN(a, pop(at));
    WCOMP_ASSIGN(b, pop(at));
    if ((!isUnknown(a) && a.isRef()) || (!isUnknown(b) && b.isRef()))
      return makeError(at, "type mismatch: select only takes integral types");
    if (!isUnknown(a) && !isUnknown(b) && a.code != b.code)
      return makeError(at, "type mismatch: select operands have different types");
    push(isUnknown(a) ? b : a);
    return llvm::Error::success();
  }
  case Opcode::SelectT: {
    if (op.b != 1)
      return makeError(at, "invalid result arity");
    ValType t = pool.types[op.a];
    WCOMP_CHECK(env.types.checkValType(t, at, env.features));
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    WCOMP_CHECK(popExpect(t, at));
    WCOMP_CHECK(popExpect(t, at));
    push(t);
    return llvm::Error::success();
  }
  case Opcode::LocalGet: case Opcode::LocalSet: case Opcode::LocalTee: {
    if (op.a >= locals.size())
      return makeError(at, "unknown local " + llvm::Twine(op.a) + ": local index out of bounds");
    ValType t = locals[op.a];
    if (op.op == Opcode::LocalGet) {
      if (!localInit[op.a])
        return makeError(at, "uninitialized local: " + llvm::Twine(op.a));
      push(t);
      return llvm::Error::success();
    }
    WCOMP_CHECK(popExpect(t, at));
    if (!localInit[op.a]) {
      localInit[op.a] = true;
      initStack.push_back(op.a);
    }
    if (op.op == Opcode::LocalTee)
      push(t);
    return llvm::Error::success();
  }
  case Opcode::GlobalGet: case Opcode::GlobalSet: {
    uint32_t limit = constant ? visibleGlobals : uint32_t(env.globals.size());
    if (constant && op.a >= limit && op.a < env.globals.size() && !env.features.has(Feature::Gc))
      return makeError(at, "constant expression required: global.get of locally defined global");
    if (op.a >= limit)
      return makeError(at, "unknown global " + llvm::Twine(op.a) + ": global index out of bounds");
    const GlobalType &g = env.globals[op.a];
    WCOMP_CHECK(sharedAccess(g.flags & 2, "globals", at));
    if (op.op == Opcode::GlobalGet) {
      if (constant && g.mut())
        return makeError(at, "constant expression required: global.get of mutable global");
      push(g.type);
      return llvm::Error::success();
    }
    if (!g.mut())
      return makeError(at, "global is immutable: cannot modify it with `global.set`");
    return popExpect(g.type, at);
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

/// The steps of the general path, in the order they are tried for an
/// opcode not seen before; FuncValidator::route remembers which took it.
const FuncValidator::Step FuncValidator::generalSteps[] = {
    &FuncValidator::stepControl,  &FuncValidator::stepVariables,  &FuncValidator::stepMisc,
    &FuncValidator::stepMemory,   &FuncValidator::stepCont,       &FuncValidator::stepShared,
    &FuncValidator::stepCalls,    &FuncValidator::stepExceptions, &FuncValidator::stepReferences,
    &FuncValidator::stepCasts,    &FuncValidator::stepStructs,    &FuncValidator::stepArrays};

llvm::Error FuncValidator::step(const Operator &op, uint64_t at) {
  if (!allowed[unsigned(op.op)]) {
    if (constant && !isConstantOp(op.op, env.features))
      return makeError(at, "constant expression required: non-constant operator: " + opcodeName(op.op));
    return featureGate(op.op, env.features, at);
  }
  const SimpleSig &s = simpleTable.sigs[unsigned(op.op)];
  if (s.kind != SimpleSig::None)
    return stepSimple(op, s, at);
  // Which step takes an instruction depends on its opcode only: found once
  // by trying them in turn, then called directly.
  uint8_t &r = route[unsigned(op.op)];
  bool handled = true;
  if (r != NoRoute)
    return (this->*generalSteps[r])(op, at, handled);
  static_assert(std::size(generalSteps) < NoRoute);
  for (uint8_t i = 0; i < std::size(generalSteps); ++i) {
    handled = true;
    WCOMP_CHECK((this->*generalSteps[i])(op, at, handled));
    if (handled) {
      r = i;
      return llvm::Error::success();
    }
  }
  return makeError(at, "instruction `" + opcodeName(op.op) + "` is not supported by the validator yet");
}

llvm::Error FuncValidator::stepMisc(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::Call: case Opcode::ReturnCall: {
    if (op.a >= env.funcTypes.size())
      return makeError(at, "unknown function " + llvm::Twine(op.a) + ": function index out of bounds");
    const CompositeType &c = env.types.composite(env.funcTypes[op.a]);
    WCOMP_CHECK(sharedAccess(c.shared, "functions", at));
    WCOMP_CHECK(popAll(c.params, at));
    if (op.op == Opcode::ReturnCall) {
      for (size_t i = 0; i < c.results.size() || i < sig->results.size(); ++i)
        if (c.results.size() != sig->results.size() || !env.types.matches(c.results[i], sig->results[i]))
          return makeError(at, "type mismatch: current function requires result type [" +
                                   llvm::Twine(sig->results.size()) + " values] but callee returns a different type");
      setUnreachable();
      return llvm::Error::success();
    }
    pushAll(c.results);
    return llvm::Error::success();
  }
  case Opcode::I32Const: push(ValType::num(tc::I32)); return llvm::Error::success();
  case Opcode::I64Const: push(ValType::num(tc::I64)); return llvm::Error::success();
  case Opcode::F32Const: push(ValType::num(tc::F32)); return llvm::Error::success();
  case Opcode::F64Const: push(ValType::num(tc::F64)); return llvm::Error::success();
  case Opcode::V128Const: push(ValType::num(tc::V128)); return llvm::Error::success();
  case Opcode::I8x16Shuffle:
    for (uint8_t lane : op.v128)
      if (lane >= 32)
        return makeError(at, "invalid lane index");
    WCOMP_CHECK(popExpect(ValType::num(tc::V128), at));
    WCOMP_CHECK(popExpect(ValType::num(tc::V128), at));
    push(ValType::num(tc::V128));
    return llvm::Error::success();
  case Opcode::AtomicFence:
    return llvm::Error::success();
  default:
    handled = false;
    return llvm::Error::success();
  }
}

} // namespace wcomp::validate
