// Indirect and reference calls, exceptions, references and GC instructions,
// a step per proposal (FuncValidator::step routes each opcode to its step).
#include "validate/func_validator.h"

#include "binary/error.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
bool isUnknown(const ValType &t) { return t.code == UnknownType; }
ValType refOf(bool nullable, HeapType h) { return ValType::ref(nullable, h); }
ValType unpacked(const ValType &t) { return t.isPacked() ? ValType::num(tc::I32) : t; }
ValType concreteRef(uint32_t idx) { return refOf(true, HeapType::index(idx)); }
} // namespace

llvm::Error FuncValidator::finishCall(const CompositeType &c, bool tail, uint64_t at) {
  WCOMP_CHECK(popAll(c.params, at));
  if (!tail) {
    pushAll(c.results);
    return llvm::Error::success();
  }
  bool ok = c.results.size() == sig->results.size();
  for (size_t i = 0; ok && i < c.results.size(); ++i)
    ok = env.types.matches(c.results[i], sig->results[i]);
  if (!ok)
    return makeError(at, "type mismatch: current function requires result type that the callee does not return");
  setUnreachable();
  return llvm::Error::success();
}

llvm::Expected<const CompositeType *> FuncValidator::structType(uint32_t idx, uint64_t at) const {
  if (!env.types.isStruct(idx))
    return makeError(at, "unknown struct type " + llvm::Twine(idx) + ": expected a struct type");
  WCOMP_CHECK(sharedAccess(env.types.composite(idx).shared, "structs", at));
  return &env.types.composite(idx);
}

llvm::Expected<const FieldType *> FuncValidator::arrayType(uint32_t idx, uint64_t at) const {
  if (!env.types.isArray(idx))
    return makeError(at, "unknown array type " + llvm::Twine(idx) + ": expected an array type");
  WCOMP_CHECK(sharedAccess(env.types.composite(idx).shared, "arrays", at));
  return &env.types.composite(idx).fields[0];
}

llvm::Expected<const CompositeType *> FuncValidator::tagType(uint32_t idx, uint64_t at) const {
  if (idx >= env.tags.size())
    return makeError(at, "unknown tag " + llvm::Twine(idx) + ": tag index out of bounds");
  return &env.types.composite(env.tags[idx]);
}

ValType FuncValidator::allocated(uint32_t idx) const {
  // With custom descriptors, allocations and ref.func produce exact types.
  HeapType h = HeapType::index(idx);
  h.exact = env.features.has(Feature::CustomDescriptors);
  return refOf(false, h);
}

llvm::Expected<uint32_t> FuncValidator::descriptorOf(uint32_t idx, uint64_t at) const {
  if (idx >= env.types.size() || !env.types.type(idx).descriptor)
    return makeError(at, "type " + llvm::Twine(idx) + " does not have a descriptor");
  return *env.types.type(idx).descriptor;
}

llvm::Error FuncValidator::popDescriptor(const HeapType &target, uint64_t at) {
  // Descriptor casts pop the descriptor of their target; an exact target
  // needs an exact descriptor, since only that proves the exact type.
  if (target.kind != HeapType::Index)
    return makeError(at, "type mismatch: descriptor casts need a concrete type");
  uint32_t d;
  WCOMP_ASSIGN(d, descriptorOf(target.value, at));
  HeapType dh = HeapType::index(d);
  dh.exact = target.exact;
  ValType want = refOf(true, dh), dv;
  WCOMP_ASSIGN(dv, pop(at));
  if (isUnknown(dv) || env.types.matches(dv, want))
    return llvm::Error::success();
  if (target.exact && env.types.matches(dv, concreteRef(d)))
    return makeError(at, "type mismatch: expected descriptor of exact type " + TypeContext::name(want) +
                             " found " + TypeContext::name(dv));
  return mismatch(want, dv, at);
}

llvm::Expected<const FieldType *> FuncValidator::fieldOf(uint32_t type, uint32_t field,
                                                         uint64_t at) const {
  const CompositeType *s;
  WCOMP_ASSIGN(s, structType(type, at));
  if (field >= s->fields.size())
    return makeError(at, "unknown field: field index out of bounds");
  return &s->fields[field];
}

llvm::Error FuncValidator::packedOk(const FieldType &f, bool signedOrUnsigned, uint64_t at) const {
  if (f.storage.isPacked() != signedOrUnsigned)
    return makeError(at, signedOrUnsigned ? "can only use get_s/get_u with packed fields"
                                          : "can only use get_s/get_u with packed fields, use get");
  return llvm::Error::success();
}

llvm::Error FuncValidator::mutableField(const FieldType &f, uint64_t at) const {
  if (!f.mut)
    return makeError(at, "invalid struct or array modification: field is immutable");
  return llvm::Error::success();
}

llvm::Error FuncValidator::castTypes(const ValType &from, const ValType &to, uint64_t at) const {
  if (!isUnknown(from) && !env.types.sameHierarchy(from.heapType(), to.heapType()))
    return makeError(at, "type mismatch: expected a reference in the same hierarchy as " +
                             TypeContext::name(to) + ", found " + TypeContext::name(from));
  return llvm::Error::success();
}

llvm::Error FuncValidator::stepCalls(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::CallIndirect: case Opcode::ReturnCallIndirect: {
    // Without call-indirect-overlong (part of reference types) the table
    // immediate is the MVP's single zero byte.
    if (op.op == Opcode::CallIndirect && (op.flags & 1 || op.b != 0) &&
        !env.features.has(Feature::CallIndirectOverlong))
      return makeError(at, "zero byte expected");
    ValType addr;
    WCOMP_ASSIGN(addr, tableAddrType(op.b, at));
    if (!env.types.matches(env.tables[op.b].elem, ValType::num(tc::Func)))
      return makeError(at, "type mismatch: indirect calls must go through a table with type <= funcref");
    const CompositeType *c;
    WCOMP_ASSIGN(c, funcType(op.a, at));
    WCOMP_CHECK(popExpect(addr, at));
    return finishCall(*c, op.op == Opcode::ReturnCallIndirect, at);
  }
  case Opcode::CallRef: case Opcode::ReturnCallRef: {
    const CompositeType *c;
    WCOMP_ASSIGN(c, funcType(op.a, at));
    WCOMP_CHECK(popExpect(concreteRef(op.a), at));
    return finishCall(*c, op.op == Opcode::ReturnCallRef, at);
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepExceptions(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::Throw: {
    const CompositeType *c;
    WCOMP_ASSIGN(c, tagType(op.a, at));
    // Stack switching lets tags have results; exceptions still have none.
    if (!c->results.empty())
      return makeError(at, "invalid exception type: non-empty tag result type");
    WCOMP_CHECK(popAll(c->params, at));
    setUnreachable();
    return llvm::Error::success();
  }
  case Opcode::ThrowRef:
    WCOMP_CHECK(popExpect(refOf(true, HeapType::abstract(tc::Exn)), at));
    setUnreachable();
    return llvm::Error::success();
  case Opcode::TryTable: {
    Frame f;
    WCOMP_ASSIGN(f, makeFrame(op, at));
    for (uint32_t i = 0; i < op.c; ++i) {
      const Catch &k = pool.catches[op.b + i];
      const Frame *target;
      // Labels are relative to the enclosing block, before the try_table frame exists.
      WCOMP_ASSIGN(target, label(k.label, at));
      llvm::SmallVector<ValType, 4> carried;
      if (k.kind < 2) {
        const CompositeType *c;
        WCOMP_ASSIGN(c, tagType(k.tag, at));
        if (!c->results.empty())
          return makeError(at, "invalid exception type: non-empty tag result type");
        carried.append(c->params.begin(), c->params.end());
      }
      if (k.kind == 1 || k.kind == 3)
        carried.push_back(refOf(false, HeapType::abstract(tc::Exn)));
      llvm::ArrayRef<ValType> want = labelTypes(*target);
      bool ok = want.size() == carried.size();
      for (size_t j = 0; ok && j < want.size(); ++j)
        ok = env.types.matches(carried[j], want[j]);
      if (!ok)
        return makeError(at, "type mismatch: catch label does not match the values the catch carries");
    }
    f.kind = Opcode::Block;
    return pushFrame(f, at);
  }
  case Opcode::Catch: case Opcode::CatchAll: {
    Frame &f = frames.back();
    if (f.kind != Opcode::Try && f.kind != Opcode::Catch)
      return makeError(at, op.op == Opcode::Catch ? "catch found outside of a `try` block"
                                                  : "catch_all found outside of a `try` block");
    WCOMP_CHECK(checkFrameEnd(f, at));
    f.kind = op.op == Opcode::Catch ? Opcode::Catch : Opcode::CatchAll;
    f.unreachable = false;
    if (op.op == Opcode::Catch) {
      const CompositeType *c;
      WCOMP_ASSIGN(c, tagType(op.a, at));
      pushAll(c->params);
    }
    return llvm::Error::success();
  }
  case Opcode::Delegate: {
    Frame f = frames.back();
    if (f.kind != Opcode::Try)
      return makeError(at, "delegate found outside of a `try` block");
    WCOMP_CHECK(checkFrameEnd(f, at));
    if (op.a >= frames.size() - 1)
      return makeError(at, "unknown label: delegate depth too large");
    llvm::SmallVector<ValType, 4> results(blockSig(f).results.begin(), blockSig(f).results.end());
    leaveFrame();
    pushAll(results);
    return llvm::Error::success();
  }
  case Opcode::Rethrow: {
    const Frame *f;
    WCOMP_ASSIGN(f, label(op.a, at));
    if (f->kind != Opcode::Catch && f->kind != Opcode::CatchAll)
      return makeError(at, "invalid rethrow label: target was not a `catch` block");
    setUnreachable();
    return llvm::Error::success();
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepReferences(const Operator &op, uint64_t at, bool &handled) {
  const ValType i32 = ValType::num(tc::I32);
  switch (op.op) {
  case Opcode::RefNull:
    WCOMP_CHECK(env.types.checkHeapType(op.heaps[0], at, env.features));
    push(refOf(true, op.heaps[0]));
    return llvm::Error::success();
  case Opcode::RefIsNull:
    WCOMP_CHECK(popRef(at).takeError());
    push(i32);
    return llvm::Error::success();
  case Opcode::RefFunc: {
    if (op.a >= env.funcTypes.size())
      return makeError(at, "unknown function " + llvm::Twine(op.a) + ": function index out of bounds");
    if (!constant && !env.declaredFuncs[op.a])
      return makeError(at, "undeclared function reference");
    if (env.features.has(Feature::FunctionReferences))
      push(op.a < env.inexactFuncs.size() && env.inexactFuncs[op.a] ? refOf(false, HeapType::index(env.funcTypes[op.a]))
                                                                  : allocated(env.funcTypes[op.a]));
    else
      push(ValType::num(tc::Func));
    return llvm::Error::success();
  }
  case Opcode::RefEq: {
    ValType a, b;
    WCOMP_ASSIGN(a, popMaybeShared(tc::Eq, at));
    WCOMP_ASSIGN(b, popMaybeShared(tc::Eq, at));
    if (!isUnknown(a) && !isUnknown(b) &&
        env.types.sharedOf(a.heapType()) != env.types.sharedOf(b.heapType()))
      return makeError(at, "type mismatch: expected `ref.eq` types to match `shared`-ness");
    push(i32);
    return llvm::Error::success();
  }
  case Opcode::RefAsNonNull: {
    ValType t;
    WCOMP_ASSIGN(t, popRef(at));
    push(isUnknown(t) ? t : refOf(false, t.heapType()));
    return llvm::Error::success();
  }
  case Opcode::BrOnNull: case Opcode::BrOnNonNull: {
    ValType t;
    WCOMP_ASSIGN(t, popRef(at));
    const Frame *f;
    WCOMP_ASSIGN(f, label(op.a, at));
    scratch.assign(labelTypes(*f).begin(), labelTypes(*f).end());
    ValType nonNull = isUnknown(t) ? t : refOf(false, t.heapType());
    if (op.op == Opcode::BrOnNull) {
      WCOMP_CHECK(popAll(scratch, at));
      pushAll(scratch);
      push(nonNull);
      return llvm::Error::success();
    }
    if (scratch.empty())
      return makeError(at, "type mismatch: br_on_non_null target has no label types");
    ValType last = scratch.pop_back_val();
    if (!isUnknown(nonNull) && !env.types.matches(nonNull, last))
      return mismatch(last, nonNull, at);
    WCOMP_CHECK(popAll(scratch, at));
    pushAll(scratch);
    return llvm::Error::success();
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepCasts(const Operator &op, uint64_t at, bool &handled) {
  const ValType i32 = ValType::num(tc::I32);
  switch (op.op) {
  case Opcode::RefTest: case Opcode::RefTestNull: case Opcode::RefCast: case Opcode::RefCastNull: {
    WCOMP_CHECK(env.types.checkHeapType(op.heaps[0], at, env.features));
    bool nullable = op.op == Opcode::RefTestNull || op.op == Opcode::RefCastNull;
    ValType to = refOf(nullable, op.heaps[0]);
    ValType from;
    WCOMP_ASSIGN(from, popRef(at));
    WCOMP_CHECK(castTypes(from, to, at));
    push(op.op == Opcode::RefTest || op.op == Opcode::RefTestNull ? i32 : to);
    return llvm::Error::success();
  }
  case Opcode::BrOnCast: case Opcode::BrOnCastFail: case Opcode::BrOnCastDescEq:
  case Opcode::BrOnCastDescEqFail: {
    WCOMP_CHECK(env.types.checkHeapType(op.heaps[0], at, env.features));
    WCOMP_CHECK(env.types.checkHeapType(op.heaps[1], at, env.features));
    bool desc = op.op == Opcode::BrOnCastDescEq || op.op == Opcode::BrOnCastDescEqFail;
    HeapType target = op.heaps[1];
    if (desc)
      WCOMP_CHECK(popDescriptor(target, at));
    ValType rt1 = refOf(op.flags & 1, op.heaps[0]);
    ValType rt2 = refOf(op.flags & 2, target);
    if (env.features.has(Feature::CustomDescriptors)) {
      // Custom descriptors relax rt2 <: rt1 to "same hierarchy".
      if (!env.types.sameHierarchy(rt1.heapType(), rt2.heapType()))
        return makeError(at, "type mismatch: " + TypeContext::name(rt1) + " and " +
                                 TypeContext::name(rt2) + " have different heap type hierarchies");
    } else if (!env.types.matches(rt2, rt1)) {
      return makeError(at, "type mismatch: casted type must be a subtype of source type");
    }
    const Frame *f;
    WCOMP_ASSIGN(f, label(op.a, at));
    scratch.assign(labelTypes(*f).begin(), labelTypes(*f).end());
    if (scratch.empty())
      return makeError(at, "type mismatch: br_on_cast target must have a reference result");
    ValType diff = (op.flags & 2) ? refOf(false, op.heaps[0]) : rt1;
    bool onSuccess = op.op == Opcode::BrOnCast || op.op == Opcode::BrOnCastDescEq;
    ValType branch = onSuccess ? rt2 : diff;
    ValType fall = onSuccess ? diff : rt2;
    ValType last = scratch.pop_back_val();
    if (!env.types.matches(branch, last))
      return mismatch(last, branch, at);
    WCOMP_CHECK(popExpect(rt1, at));
    WCOMP_CHECK(popAll(scratch, at));
    pushAll(scratch);
    push(fall);
    return llvm::Error::success();
  }
  case Opcode::AnyConvertExtern: case Opcode::ExternConvertAny: {
    bool toAny = op.op == Opcode::AnyConvertExtern;
    ValType t;
    WCOMP_ASSIGN(t, popMaybeShared(toAny ? tc::Extern : tc::Any, at));
    HeapType to = HeapType::abstract(toAny ? tc::Any : tc::Extern);
    to.shared = !isUnknown(t) && env.types.sharedOf(t.heapType());
    push(refOf(isUnknown(t) || t.nullable(), to));
    return llvm::Error::success();
  }
  case Opcode::RefI31:
    WCOMP_CHECK(popExpect(i32, at));
    push(refOf(false, HeapType::abstract(tc::I31)));
    return llvm::Error::success();
  case Opcode::I31GetS: case Opcode::I31GetU:
    WCOMP_CHECK(popMaybeShared(tc::I31, at).takeError());
    push(i32);
    return llvm::Error::success();
  case Opcode::RefGetDesc: {
    uint32_t d;
    WCOMP_ASSIGN(d, descriptorOf(op.a, at));
    ValType t;
    WCOMP_ASSIGN(t, pop(at));
    if (t.code != UnknownType && !env.types.matches(t, concreteRef(op.a)))
      return mismatch(concreteRef(op.a), t, at);
    // The descriptor is exact only when the operand is known to be exactly
    // the inspected type: unreachable, a null of the bottom type, or an exact
    // reference to that very type (an exact subtype has another descriptor).
    HeapType dh = HeapType::index(d);
    HeapType exactSelf = HeapType::index(op.a);
    exactSelf.exact = true;
    dh.exact = isUnknown(t) ||
               (t.heapType().kind == HeapType::Abstract && t.heapType().value == tc::None) ||
               (t.heapType().exact && env.types.matches(t, refOf(true, exactSelf)));
    push(refOf(false, dh));
    return llvm::Error::success();
  }
  case Opcode::RefCastDescEq: case Opcode::RefCastDescEqNull: {
    WCOMP_CHECK(env.types.checkHeapType(op.heaps[0], at, env.features));
    WCOMP_CHECK(popDescriptor(op.heaps[0], at));
    ValType to = refOf(op.op == Opcode::RefCastDescEqNull, op.heaps[0]);
    ValType from;
    WCOMP_ASSIGN(from, popRef(at));
    WCOMP_CHECK(castTypes(from, to, at));
    push(to);
    return llvm::Error::success();
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepStructs(const Operator &op, uint64_t at, bool &handled) {
  switch (op.op) {
  case Opcode::StructNew: case Opcode::StructNewDefault: case Opcode::StructNewDesc:
  case Opcode::StructNewDefaultDesc: {
    const CompositeType *s;
    WCOMP_ASSIGN(s, structType(op.a, at));
    bool withDesc = op.op == Opcode::StructNewDesc || op.op == Opcode::StructNewDefaultDesc;
    if (!withDesc && env.types.type(op.a).descriptor)
      return makeError(at, "type with descriptor requires descriptor allocation");
    if (withDesc) {
      uint32_t d;
      WCOMP_ASSIGN(d, descriptorOf(op.a, at));
      HeapType dh = HeapType::index(d);
      dh.exact = true;
      WCOMP_CHECK(popExpect(refOf(true, dh), at));
    }
    for (size_t i = s->fields.size(); i-- > 0;) {
      const ValType &t = s->fields[i].storage;
      if (op.op == Opcode::StructNew || op.op == Opcode::StructNewDesc)
        WCOMP_CHECK(popExpect(unpacked(t), at));
      else if (t.isRef() && !t.isPacked() && !t.nullable())
        return makeError(at, "invalid `struct.new_default`: field type is not defaultable");
    }
    push(allocated(op.a));
    return llvm::Error::success();
  }
  case Opcode::StructGet: case Opcode::StructGetS: case Opcode::StructGetU: {
    const FieldType *fld;
    WCOMP_ASSIGN(fld, fieldOf(op.a, op.b, at));
    WCOMP_CHECK(packedOk(*fld, op.op != Opcode::StructGet, at));
    WCOMP_CHECK(popExpect(concreteRef(op.a), at));
    push(unpacked(fld->storage));
    return llvm::Error::success();
  }
  case Opcode::StructSet: {
    const FieldType *fld;
    WCOMP_ASSIGN(fld, fieldOf(op.a, op.b, at));
    WCOMP_CHECK(mutableField(*fld, at));
    WCOMP_CHECK(popExpect(unpacked(fld->storage), at));
    return popExpect(concreteRef(op.a), at);
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

llvm::Error FuncValidator::stepArrays(const Operator &op, uint64_t at, bool &handled) {
  const ValType i32 = ValType::num(tc::I32);
  switch (op.op) {
  case Opcode::ArrayNew: case Opcode::ArrayNewDefault: case Opcode::ArrayNewFixed:
  case Opcode::ArrayNewData: case Opcode::ArrayNewElem: {
    const FieldType *elem;
    WCOMP_ASSIGN(elem, arrayType(op.a, at));
    ValType t = unpacked(elem->storage);
    switch (op.op) {
    case Opcode::ArrayNew:
      WCOMP_CHECK(popExpect(i32, at));
      WCOMP_CHECK(popExpect(t, at));
      break;
    case Opcode::ArrayNewDefault:
      if (t.isRef() && !t.nullable())
        return makeError(at, "invalid `array.new_default`: array type is not defaultable");
      WCOMP_CHECK(popExpect(i32, at));
      break;
    case Opcode::ArrayNewFixed:
      // Any count is valid; in unreachable code the pops stop at the
      // frame's floor, so a huge count costs no more than the operands
      // there are (as wasmparser does).
      for (uint32_t i = 0; i < op.b; ++i) {
        if (stack.size() == frames.back().height && frames.back().unreachable)
          break;
        WCOMP_CHECK(popExpect(t, at));
      }
      break;
    case Opcode::ArrayNewData:
      if (t.isRef())
        return makeError(at, "type mismatch: array.new_data can only create arrays with numeric and vector elements");
      if (!env.dataCount)
        return makeError(at, "data count section required");
      if (op.b >= *env.dataCount)
        return makeError(at, "unknown data segment " + llvm::Twine(op.b));
      WCOMP_CHECK(popExpect(i32, at));
      WCOMP_CHECK(popExpect(i32, at));
      break;
    default: {
      if (op.b >= env.elemTypes.size())
        return makeError(at, "unknown elem segment " + llvm::Twine(op.b));
      if (!env.types.matches(env.elemTypes[op.b], t))
        return makeError(at, "type mismatch: array.new_elem segment type does not match the array element type");
      WCOMP_CHECK(popExpect(i32, at));
      WCOMP_CHECK(popExpect(i32, at));
      break;
    }
    }
    push(allocated(op.a));
    return llvm::Error::success();
  }
  case Opcode::ArrayGet: case Opcode::ArrayGetS: case Opcode::ArrayGetU: {
    const FieldType *elem;
    WCOMP_ASSIGN(elem, arrayType(op.a, at));
    WCOMP_CHECK(packedOk(*elem, op.op != Opcode::ArrayGet, at));
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(concreteRef(op.a), at));
    push(unpacked(elem->storage));
    return llvm::Error::success();
  }
  case Opcode::ArraySet: case Opcode::ArrayFill: {
    const FieldType *elem;
    WCOMP_ASSIGN(elem, arrayType(op.a, at));
    WCOMP_CHECK(mutableField(*elem, at));
    if (op.op == Opcode::ArrayFill)
      WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(unpacked(elem->storage), at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(concreteRef(op.a), at);
  }
  case Opcode::ArrayLen:
    WCOMP_CHECK(popMaybeShared(tc::Array, at).takeError());
    push(i32);
    return llvm::Error::success();
  case Opcode::ArrayCopy: {
    const FieldType *dst, *src;
    WCOMP_ASSIGN(dst, arrayType(op.a, at));
    WCOMP_ASSIGN(src, arrayType(op.b, at));
    WCOMP_CHECK(mutableField(*dst, at));
    bool ok = dst->storage.isPacked() || src->storage.isPacked()
                  ? dst->storage.code == src->storage.code
                  : env.types.matches(src->storage, dst->storage);
    if (!ok)
      return makeError(at, "type mismatch: array.copy source element type does not match destination");
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(concreteRef(op.b), at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(concreteRef(op.a), at);
  }
  case Opcode::ArrayInitData: case Opcode::ArrayInitElem: {
    const FieldType *elem;
    WCOMP_ASSIGN(elem, arrayType(op.a, at));
    WCOMP_CHECK(mutableField(*elem, at));
    if (op.op == Opcode::ArrayInitData) {
      if (elem->storage.isRef() && !elem->storage.isPacked())
        return makeError(at, "type mismatch: array.init_data can only fill arrays with numeric and vector elements");
      if (!env.dataCount)
        return makeError(at, "data count section required");
      if (op.b >= *env.dataCount)
        return makeError(at, "unknown data segment " + llvm::Twine(op.b));
    } else {
      if (op.b >= env.elemTypes.size())
        return makeError(at, "unknown elem segment " + llvm::Twine(op.b));
      if (!env.types.matches(env.elemTypes[op.b], unpacked(elem->storage)))
        return makeError(at, "type mismatch: array.init_elem segment type does not match the array element type");
    }
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(concreteRef(op.a), at);
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

} // namespace wcomp::validate
