// Stack switching (the `stack-switching` proposal's Explainer.md,
// "Instructions"): creating, binding, resuming and switching continuations,
// and suspending to a handler. Continuation types `cont $ft` wrap a function
// type; a resume names handlers for the tags a continuation may suspend with.
#include "validate/func_validator.h"

#include "binary/error.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
ValType refOf(bool nullable, uint32_t idx) { return ValType::ref(nullable, HeapType::index(idx)); }
} // namespace

/// `[p1] -> [r1] <: [p2] -> [r2]`: parameters contravariant, results covariant.
static bool funcSubtype(const TypeContext &types, llvm::ArrayRef<ValType> p1,
                        llvm::ArrayRef<ValType> r1, llvm::ArrayRef<ValType> p2,
                        llvm::ArrayRef<ValType> r2) {
  if (p1.size() != p2.size() || r1.size() != r2.size())
    return false;
  for (size_t i = 0; i < p1.size(); ++i)
    if (!types.matches(p2[i], p1[i]))
      return false;
  for (size_t i = 0; i < r1.size(); ++i)
    if (!types.matches(r1[i], r2[i]))
      return false;
  return true;
}

llvm::Expected<const CompositeType *> FuncValidator::contFunc(uint32_t idx, uint64_t at) const {
  const TypeContext &types = env.types;
  if (idx >= types.size())
    return makeError(at, "unknown type " + llvm::Twine(idx) + ": type index out of bounds");
  if (types.composite(idx).kind != tc::ContType)
    return makeError(at, "non-continuation type " + llvm::Twine(idx));
  if (sharedFn && !types.composite(idx).shared)
    return makeError(at, "shared continuations cannot access unshared continuations");
  return &types.composite(types.composite(idx).contType);
}

llvm::Expected<const CompositeType *> FuncValidator::tagFunc(uint32_t idx, uint64_t at) const {
  const TypeContext &types = env.types;
  if (idx >= env.tags.size())
    return makeError(at, "unknown tag " + llvm::Twine(idx) + ": tag index out of bounds");
  return &types.composite(env.tags[idx]);
}

llvm::Expected<const CompositeType *> FuncValidator::resumeHandlers(const Operator &op,
                                                                   uint64_t at) {
  const TypeContext &types = env.types;
  const CompositeType *old;
  WCOMP_ASSIGN(old, contFunc(op.a, at));
  for (uint32_t i = 0; i < op.c; ++i) {
    const Catch &h = pool.catches[op.b + i];
    const CompositeType *tag;
    WCOMP_ASSIGN(tag, tagFunc(h.tag, at));
    if (h.kind == 1) {
      // `(on $tag switch)`: the tag's type must equal [] -> [old results].
      if (!funcSubtype(types, tag->params, tag->results, {}, old->results) ||
          !funcSubtype(types, {}, old->results, tag->params, tag->results))
        return makeError(at, "type mismatch: switch tag does not match continuation");
      continue;
    }
    // `(on $tag $label)`: the label takes the tag's parameters and a
    // continuation that resumes with the tag's results.
    const Frame *f;
    WCOMP_ASSIGN(f, label(h.label, at));
    llvm::ArrayRef<ValType> lt = labelTypes(*f);
    if (lt.empty())
      return makeError(at, "type mismatch: instruction requires continuation reference type "
                           "but label has none");
    const ValType &last = lt.back();
    if (!last.isRef() || last.heapType().kind != HeapType::Index)
      return makeError(at, "type mismatch: " + TypeContext::name(last));
    llvm::ArrayRef<ValType> carried = lt.drop_back();
    bool ok = carried.size() == tag->params.size();
    for (size_t k = 0; ok && k < carried.size(); ++k)
      ok = types.matches(tag->params[k], carried[k]);
    if (!ok)
      return makeError(at, "type mismatch between tag type and label type");
    uint32_t ct = last.heapType().value;
    if (ct >= types.size() || types.composite(ct).kind != tc::ContType)
      return makeError(at, "non-continuation type");
    const CompositeType &next = types.composite(types.composite(ct).contType);
    if (!funcSubtype(types, tag->results, old->results, next.params, next.results))
      return makeError(at, "type mismatch in continuation type");
  }
  return old;
}

llvm::Error FuncValidator::contBind(const Operator &op, uint64_t at) {
  const TypeContext &types = env.types;
  const CompositeType *arg, *res;
  WCOMP_ASSIGN(arg, contFunc(op.a, at));
  WCOMP_ASSIGN(res, contFunc(op.b, at));
  if (arg->params.size() < res->params.size())
    return makeError(at, "type mismatch in continuation arguments");
  size_t bound = arg->params.size() - res->params.size();
  if (!funcSubtype(types, llvm::ArrayRef(arg->params).drop_front(bound), arg->results,
                   res->params, res->results))
    return makeError(at, "type mismatch in continuation types");
  WCOMP_CHECK(popExpect(refOf(true, op.a), at));
  WCOMP_CHECK(popAll(llvm::ArrayRef(arg->params).take_front(bound), at));
  push(refOf(false, op.b));
  return llvm::Error::success();
}

llvm::Error FuncValidator::resume(const Operator &op, uint64_t at) {
  const CompositeType *ft;
  WCOMP_ASSIGN(ft, resumeHandlers(op, at));
  const CompositeType *exn = nullptr;
  if (op.op == Opcode::ResumeThrow) {
    WCOMP_ASSIGN(exn, tagFunc(uint32_t(op.u64), at));
    if (!exn->results.empty())
      return makeError(at, "invalid exception type: non-empty tag result type");
  }
  WCOMP_CHECK(popExpect(refOf(true, op.a), at));
  if (op.op == Opcode::Resume)
    WCOMP_CHECK(popAll(ft->params, at));
  else if (exn)
    WCOMP_CHECK(popAll(exn->params, at));
  else
    WCOMP_CHECK(popExpect(ValType::ref(true, HeapType::abstract(tc::Exn)), at));
  pushAll(ft->results);
  return llvm::Error::success();
}

llvm::Error FuncValidator::switchCont(const Operator &op, uint64_t at) {
  const TypeContext &types = env.types;
  const CompositeType *ft, *tag;
  WCOMP_ASSIGN(ft, contFunc(op.a, at));
  WCOMP_ASSIGN(tag, tagFunc(op.b, at));
  if (!tag->params.empty())
    return makeError(at, "type mismatch: non-empty tag parameter type");
  if (ft->params.empty())
    return makeError(at, "type mismatch: instruction requires a continuation reference");
  const ValType &last = ft->params.back();
  if (!last.isRef() || last.heapType().kind != HeapType::Index)
    return makeError(at, "type mismatch: expected a continuation reference, found " +
                             TypeContext::name(last));
  uint32_t other = last.heapType().value;
  if (other >= types.size() || types.composite(other).kind != tc::ContType)
    return makeError(at, "non-continuation type");
  const CompositeType &otherFt = types.composite(types.composite(other).contType);
  if (!funcSubtype(types, tag->results, tag->results, ft->results, otherFt.results))
    return makeError(at, "type mismatch in continuation types");
  WCOMP_CHECK(popExpect(refOf(true, op.a), at));
  WCOMP_CHECK(popAll(llvm::ArrayRef(ft->params).drop_back(), at));
  pushAll(otherFt.params);
  return llvm::Error::success();
}

llvm::Error FuncValidator::stepCont(const Operator &op, uint64_t at, bool &handled) {
  handled = true;
  const TypeContext &types = env.types;
  switch (op.op) {
  case Opcode::ContNew: {
    WCOMP_CHECK(contFunc(op.a, at).takeError());
    WCOMP_CHECK(popExpect(refOf(true, types.composite(op.a).contType), at));
    push(refOf(false, op.a));
    return llvm::Error::success();
  }
  case Opcode::ContBind:
    return contBind(op, at);
  case Opcode::Suspend: {
    const CompositeType *tag;
    WCOMP_ASSIGN(tag, tagFunc(op.a, at));
    WCOMP_CHECK(popAll(tag->params, at));
    pushAll(tag->results);
    return llvm::Error::success();
  }
  case Opcode::Resume: case Opcode::ResumeThrow: case Opcode::ResumeThrowRef:
    return resume(op, at);
  case Opcode::Switch:
    return switchCont(op, at);
  default:
    handled = false;
    return llvm::Error::success();
  }
}

} // namespace wcomp::validate
