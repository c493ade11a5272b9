// shared-everything-threads: atomic accesses to globals, tables, struct
// fields and array elements, `ref.i31_shared`, and the operand rule of the
// instructions that take shared and unshared references alike. The type
// rules and messages follow wasmparser 1.262 (its operator validator), which
// for globals compares against the unshared `anyref`/`eqref` and for tables,
// fields and elements against the shared ones.
#include "validate/func_validator.h"

#include "binary/error.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
bool isUnknown(const ValType &t) { return t.code == UnknownType; }

/// `(ref null ht)` for an abstract `ht`, shared or not.
ValType nullableAbstract(uint8_t code, bool shared) {
  HeapType h = HeapType::abstract(code);
  h.shared = shared;
  return ValType::ref(true, h);
}

bool isI32OrI64(const ValType &t) { return t.code == tc::I32 || t.code == tc::I64; }
} // namespace

llvm::Expected<ValType> FuncValidator::popMaybeShared(uint8_t abstractCode, uint64_t at) {
  ValType t;
  WCOMP_ASSIGN(t, popRef(at));
  if (isUnknown(t))
    return t;
  ValType want = nullableAbstract(abstractCode, env.types.sharedOf(t.heapType()));
  if (!env.types.matches(t, want))
    return mismatch(nullableAbstract(abstractCode, false), t, at);
  return t;
}

/// stepShared's work on one instruction: the shared-everything-threads
/// atomic accesses of globals, tables, struct fields and array elements.
class FuncValidator::SharedStep {
public:
  SharedStep(FuncValidator &v, const Operator &op, uint64_t at)
      : v(v), types(v.env.types), op(op), at(at), name(opcodeName(op.op)), imm(op.imm()) {}

  /// global.atomic.get/set/rmw.*.
  llvm::Error global() {
    if (op.a >= v.env.globals.size())
      return makeError(at, "unknown global " + llvm::Twine(op.a) + ": global index out of bounds");
    const GlobalType &g = v.env.globals[op.a];
    WCOMP_CHECK(v.sharedAccess(g.flags & 2, "globals", at));
    const ValType &t = g.type;
    bool get = op.op == Opcode::GlobalAtomicGet;
    if (!get && !g.mut()) {
      llvm::StringRef what = op.op == Opcode::GlobalAtomicSet ? "global.set"
                             : rmwKind() == Rmw::Arith        ? "global.atomic.rmw.*"
                                                              : name;
      return makeError(at, "global is immutable: cannot modify it with `" + what + "`");
    }
    if (get || op.op == Opcode::GlobalAtomicSet) {
      if (!get)
        WCOMP_CHECK(v.popExpect(t, at));
      // Globals compare with the unshared anyref (wasmparser's rule).
      if (!scalarOrBelow(t, tc::Any, false))
        return invalidType("`i32`, `i64` and subtypes of `anyref`");
      if (get)
        v.push(t);
      return llvm::Error::success();
    }
    WCOMP_CHECK(rmwAllowed(t, false));
    return rmwOperands(t, {});
  }

  /// table.atomic.get/set/rmw.*.
  llvm::Error table() {
    ValType addr;
    WCOMP_ASSIGN(addr, v.tableAddrType(op.a, at));
    const ValType &elem = v.env.tables[op.a].elem;
    bool cmpxchg = op.op == Opcode::TableAtomicRmwCmpxchg;
    if (!types.matches(elem, nullableAbstract(cmpxchg ? tc::Eq : tc::Any, true)))
      return invalidType(cmpxchg ? "subtypes of `eqref`" : "subtypes of `anyref`");
    switch (op.op) {
    case Opcode::TableAtomicGet:
      WCOMP_CHECK(v.popExpect(addr, at));
      v.push(elem);
      return llvm::Error::success();
    case Opcode::TableAtomicSet:
      WCOMP_CHECK(v.popExpect(elem, at));
      return v.popExpect(addr, at);
    default:
      return rmwOperands(elem, addr);
    }
  }

  /// struct.atomic.* and array.atomic.*.
  llvm::Error aggregate() {
    bool isStruct = imm == ImmKind::AtomicField;
    if (isStruct ? !types.isStruct(op.a) : !types.isArray(op.a))
      return makeError(at, "unknown " + llvm::Twine(isStruct ? "struct" : "array") + " type " +
                               llvm::Twine(op.a) + ": expected " + (isStruct ? "a struct" : "an array") +
                               " type");
    const CompositeType &c = types.composite(op.a);
    WCOMP_CHECK(v.sharedAccess(c.shared, isStruct ? "structs" : "arrays", at));
    if (isStruct && op.b >= c.fields.size())
      return makeError(at, "unknown field: field index out of bounds");
    const FieldType &f = c.fields[isStruct ? op.b : 0];
    const ValType t = f.storage.isPacked() ? i32 : f.storage;
    ValType self = ValType::ref(true, HeapType::index(op.a));
    llvm::SmallVector<ValType, 2> address{self};
    if (!isStruct)
      address.push_back(i32);
    llvm::StringRef n = name;
    bool signedGet = n.ends_with("get_s") || n.ends_with("get_u");
    if (n.ends_with(".get") || signedGet) {
      if (f.storage.isPacked() != signedGet)
        return makeError(at, signedGet ? "can only use get_s/get_u with packed fields"
                                       : "can only use get_s/get_u with packed fields, use get");
      if (!signedGet && !scalarOrBelow(t, tc::Any, true))
        return invalidType("`i32`, `i64` and subtypes of `anyref`");
      for (size_t i = address.size(); i-- > 0;)
        WCOMP_CHECK(v.popExpect(address[i], at));
      v.push(t);
      return llvm::Error::success();
    }
    if (!f.mut)
      return makeError(at, "invalid struct or array modification: field is immutable");
    if (n.ends_with(".set")) {
      if (!f.storage.isPacked() && !scalarOrBelow(t, tc::Any, true))
        return invalidType("`i8`, `i16`, `i32`, `i64` and subtypes of `anyref`");
      WCOMP_CHECK(v.popExpect(t, at));
      for (size_t i = address.size(); i-- > 0;)
        WCOMP_CHECK(v.popExpect(address[i], at));
      return llvm::Error::success();
    }
    if (f.storage.isPacked())
      return rmwKind() == Rmw::Arith ? invalidType("`i32` and `i64`")
                                     : rmwAllowed(ValType::num(f.storage.code), true);
    WCOMP_CHECK(rmwAllowed(t, true));
    return rmwOperands(t, address);
  }

private:
  llvm::Error invalidType(const char *allowed) const {
    return makeError(at, "invalid type: `" + name + "` only allows " + allowed);
  }
  /// `t` is i32, i64 or below the given reference type.
  bool scalarOrBelow(const ValType &t, uint8_t code, bool shared) const {
    return isI32OrI64(t) ||
           (t.isRef() && !t.isPacked() && types.matches(t, nullableAbstract(code, shared)));
  }
  /// What the read-modify-write family allows: add/sub/and/or/xor only
  /// integers, xchg also references below anyref, cmpxchg below eqref.
  enum class Rmw { Arith, Xchg, Cmpxchg };
  Rmw rmwKind() const {
    return name.ends_with(".cmpxchg") ? Rmw::Cmpxchg
           : name.ends_with(".xchg")  ? Rmw::Xchg
                                      : Rmw::Arith;
  }
  llvm::Error rmwAllowed(const ValType &t, bool sharedRefs) const {
    Rmw k = rmwKind();
    bool ok = k == Rmw::Arith  ? isI32OrI64(t)
              : k == Rmw::Xchg ? scalarOrBelow(t, tc::Any, sharedRefs)
                               : scalarOrBelow(t, tc::Eq, sharedRefs);
    if (ok)
      return llvm::Error::success();
    if (k == Rmw::Arith) {
      // wasmparser names the family for globals, the operation for fields.
      if (imm == ImmKind::AtomicGlobal)
        return makeError(at, "invalid type: `global.atomic.rmw.*` only allows `i32` and `i64`");
      return invalidType("`i32` and `i64`");
    }
    return invalidType(k == Rmw::Xchg ? "`i32`, `i64` and subtypes of `anyref`"
                                      : "`i32`, `i64` and subtypes of `eqref`");
  }
  /// Pops the operands of a read-modify-write and pushes its result.
  llvm::Error rmwOperands(const ValType &t, llvm::ArrayRef<ValType> before) {
    WCOMP_CHECK(v.popExpect(t, at));
    if (rmwKind() == Rmw::Cmpxchg)
      WCOMP_CHECK(v.popExpect(t, at));
    for (size_t i = before.size(); i-- > 0;)
      WCOMP_CHECK(v.popExpect(before[i], at));
    v.push(t);
    return llvm::Error::success();
  }

  FuncValidator &v;
  const TypeContext &types;
  const Operator &op;
  uint64_t at;
  llvm::StringRef name;
  ImmKind imm;
  const ValType i32 = ValType::num(tc::I32);
};

llvm::Error FuncValidator::stepShared(const Operator &op, uint64_t at, bool &handled) {
  ImmKind imm = op.imm();
  handled = op.op == Opcode::RefI31Shared || imm == ImmKind::AtomicGlobal ||
            imm == ImmKind::AtomicTable || imm == ImmKind::AtomicField || imm == ImmKind::AtomicArray;
  if (!handled)
    return llvm::Error::success();
  if (op.op == Opcode::RefI31Shared) {
    WCOMP_CHECK(popExpect(ValType::num(tc::I32), at));
    HeapType h = HeapType::abstract(tc::I31);
    h.shared = true;
    push(ValType::ref(false, h));
    return llvm::Error::success();
  }
  SharedStep step(*this, op, at);
  switch (imm) {
  case ImmKind::AtomicGlobal:
    return step.global();
  case ImmKind::AtomicTable:
    return step.table();
  default: // AtomicField, AtomicArray
    return step.aggregate();
  }
}

} // namespace wcomp::validate
