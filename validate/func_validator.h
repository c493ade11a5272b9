//===- validate/func_validator.h - Operand/control stack type checker -*- C++ -*-===//
#pragma once

#include "binary/module.h"
#include "validate/type_context.h"

#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>
#include <vector>

namespace wcomp::validate {

namespace sigs {
struct SimpleSig;
} // namespace sigs

/// What function bodies may refer to: the module's index spaces after the
/// module-level checks. Shared read-only by every function job.
struct ModuleEnv {
  TypeContext types;
  Features features;
  std::vector<uint32_t> funcTypes;      ///< type index of every function, imports first
  std::vector<binary::TableType> tables;
  std::vector<binary::Limits> memories;
  std::vector<binary::GlobalType> globals;
  std::vector<uint32_t> tags;           ///< type index of every tag
  std::vector<ValType> elemTypes;       ///< element type of every element segment
  std::optional<uint32_t> dataCount;
  std::vector<bool> declaredFuncs;      ///< may appear in `ref.func` inside bodies
  std::vector<bool> inexactFuncs;       ///< imported without `exact`: `ref.func` is inexact
  uint32_t numImportedGlobals = 0;
  bool fastPaths = true; ///< see ValidateOptions::fastPaths
};

/// Type-checks instruction sequences: whole function bodies and constant
/// expressions. Keeps its stacks between calls, so one validator per thread
/// allocates only while its stacks grow.
class FuncValidator {
public:
  /// A straight-line handler for one hot instruction: returns its length, or
  /// 0 to leave it to the general path (see func_fast.cpp).
  using FastHandler = unsigned (*)(FuncValidator &v, const uint8_t *p);

  /// A validator of `env`'s function bodies (one body per run()).
  explicit FuncValidator(const ModuleEnv &env) : env(env) {}

  /// Called after each instruction with the innermost block's operand
  /// stack (the instruction's index in the body), and with `failed` for an
  /// instruction that does not validate. Turns the fast paths off.
  std::function<void(size_t opIndex, llvm::ArrayRef<ValType> stack, bool failed)> observer;

  /// Validates function `funcIndex` (locals and code of `body`).
  llvm::Error validateFunction(uint32_t funcIndex, const binary::FunctionBody &body);

  /// Validates a constant expression producing `expected`; only the first
  /// `visibleGlobals` globals may be read (and only immutable ones).
  llvm::Error validateConstExpr(const binary::Expr &expr, uint64_t offset, const ValType &expected,
                                uint32_t visibleGlobals);

private:
  /// A block on the control stack.
  struct Frame {
    binary::Opcode kind;
    binary::BlockKind blockKind;
    ValType single;       ///< BlockKind::Value
    uint32_t typeIndex;   ///< BlockKind::Index
    uint32_t height;      ///< operand stack height at entry (after params)
    uint32_t initHeight;  ///< local-initialisation stack height at entry
    bool unreachable;
  };
  struct Sig {
    llvm::ArrayRef<ValType> params, results;
  };

  llvm::Error run(binary::BinaryReader &r, bool constant, uint32_t visibleGlobals);
  /// Validates the commonest instruction shapes inline; false means "use step()".
  bool fastStep(const binary::Operator &op);
  llvm::Error step(const binary::Operator &op, uint64_t at);
  /// A table-driven instruction, by its precompiled signature `s`.
  llvm::Error stepSimple(const binary::Operator &op, const sigs::SimpleSig &s, uint64_t at);
  /// Control: blocks, branches, return; sets `handled` when `op` is one of them.
  llvm::Error stepControl(const binary::Operator &op, uint64_t at, bool &handled);
  /// drop, select, locals and globals; sets `handled` as stepControl.
  llvm::Error stepVariables(const binary::Operator &op, uint64_t at, bool &handled);
  /// Calls, constants, shuffles and fences (what no other step takes).
  llvm::Error stepMisc(const binary::Operator &op, uint64_t at, bool &handled);
  // Calls through tables and references, exceptions, references and GC, a
  // step per proposal (func_validator_refs.cpp).
  /// call_indirect, call_ref and their tail-call forms; sets `handled` when `op` is one of them.
  llvm::Error stepCalls(const binary::Operator &op, uint64_t at, bool &handled);
  /// Exception handling, new and legacy; sets `handled` as stepCalls.
  llvm::Error stepExceptions(const binary::Operator &op, uint64_t at, bool &handled);
  /// Reference types and typed function references; sets `handled` as stepCalls.
  llvm::Error stepReferences(const binary::Operator &op, uint64_t at, bool &handled);
  /// GC casts, i31 and custom-descriptor casts; sets `handled` as stepCalls.
  llvm::Error stepCasts(const binary::Operator &op, uint64_t at, bool &handled);
  /// GC structs; sets `handled` as stepCalls.
  llvm::Error stepStructs(const binary::Operator &op, uint64_t at, bool &handled);
  /// GC arrays; sets `handled` as stepCalls.
  llvm::Error stepArrays(const binary::Operator &op, uint64_t at, bool &handled);
  // What the reference and GC steps share (func_validator_refs.cpp).
  /// Pops a call's parameters and pushes its results, or for a tail call
  /// checks the results against the function's and ends the block.
  llvm::Error finishCall(const CompositeType &c, bool tail, uint64_t at);
  /// Type `idx` as a struct type (accessible from this function).
  llvm::Expected<const CompositeType *> structType(uint32_t idx, uint64_t at) const;
  /// The element of array type `idx` (accessible from this function).
  llvm::Expected<const binary::FieldType *> arrayType(uint32_t idx, uint64_t at) const;
  /// The function type of tag `idx`.
  llvm::Expected<const CompositeType *> tagType(uint32_t idx, uint64_t at) const;
  /// The non-null reference an allocation of type `idx` produces (exact
  /// under custom descriptors).
  ValType allocated(uint32_t idx) const;
  /// The descriptor type of type `idx`.
  llvm::Expected<uint32_t> descriptorOf(uint32_t idx, uint64_t at) const;
  /// Pops the descriptor a descriptor cast to `target` needs.
  llvm::Error popDescriptor(const binary::HeapType &target, uint64_t at);
  /// Field `field` of struct type `type`.
  llvm::Expected<const binary::FieldType *> fieldOf(uint32_t type, uint32_t field, uint64_t at) const;
  /// get_s/get_u only for packed fields, get only for the others.
  llvm::Error packedOk(const binary::FieldType &f, bool signedOrUnsigned, uint64_t at) const;
  /// The field may be written.
  llvm::Error mutableField(const binary::FieldType &f, uint64_t at) const;
  /// A cast from `from` to `to` stays in one type hierarchy.
  llvm::Error castTypes(const ValType &from, const ValType &to, uint64_t at) const;
  /// Stack switching (continuations); sets `handled` when `op` is one of them.
  llvm::Error stepCont(const binary::Operator &op, uint64_t at, bool &handled);
  // stepCont's parts (func_validator_cont.cpp).
  /// The function type continuation type `idx` wraps.
  llvm::Expected<const binary::CompositeType *> contFunc(uint32_t idx, uint64_t at) const;
  /// The function type of tag `idx`.
  llvm::Expected<const binary::CompositeType *> tagFunc(uint32_t idx, uint64_t at) const;
  /// The handler table of resume/resume_throw/resume_throw_ref checked;
  /// the resumed continuation's function type.
  llvm::Expected<const binary::CompositeType *> resumeHandlers(const binary::Operator &op,
                                                               uint64_t at);
  llvm::Error contBind(const binary::Operator &op, uint64_t at);
  llvm::Error resume(const binary::Operator &op, uint64_t at);
  llvm::Error switchCont(const binary::Operator &op, uint64_t at);
  /// Tables, bulk memory and memory size/grow; sets `handled` when `op` is one of them.
  llvm::Error stepMemory(const binary::Operator &op, uint64_t at, bool &handled);
  /// shared-everything-threads: atomic global, table, struct and array
  /// accesses and `ref.i31_shared`; sets `handled` when `op` is one of them.
  llvm::Error stepShared(const binary::Operator &op, uint64_t at, bool &handled);
  class SharedStep;
  /// In a shared function, refuses access to an unshared `what` (functions,
  /// globals, tables, structs, arrays), as wasm-tools does.
  llvm::Error sharedAccess(bool targetShared, const char *what, uint64_t at) const;
  /// Pops a reference that must be below `abstractCode` or its shared
  /// version, whichever matches the operand's shared-ness (ref.eq, i31.get,
  /// array.len and the extern/any conversions take both).
  llvm::Expected<ValType> popMaybeShared(uint8_t abstractCode, uint64_t at);

  Sig blockSig(const Frame &f) const;
  llvm::ArrayRef<ValType> labelTypes(const Frame &f) const;
  llvm::Expected<Frame> makeFrame(const binary::Operator &op, uint64_t at) const;

  // Control stack: every push and pop goes through these, which keep
  // `height` (the operand stack height of the innermost frame) in sync.
  void enterFrame(const Frame &f) {
    frames.push_back(f);
    height = f.height;
  }
  void leaveFrame() {
    frames.pop_back();
    height = frames.empty() ? 0 : frames.back().height;
  }

  // Operand stack.
  void push(const ValType &t) { stack.push_back(t); }
  llvm::Expected<ValType> pop(uint64_t at);
  llvm::Error popExpect(const ValType &t, uint64_t at);
  /// Pops a numeric or vector type: the common case inline, the rest via popExpect.
  llvm::Error popNum(uint8_t code, uint64_t at) {
    if (stack.size() > height && stack.back().code == code) {
      stack.pop_back();
      return llvm::Error::success();
    }
    return popExpect(ValType::num(code), at);
  }
  /// Builds the per-feature-set tables (allowed opcodes, memory address types).
  void prepare(bool constant);
  /// Fills fastHandlers for the enabled features.
  void prepareFastHandlers();
  friend struct FastHandlers;
  llvm::Error popAll(llvm::ArrayRef<ValType> types, uint64_t at);
  void pushAll(llvm::ArrayRef<ValType> types) { stack.append(types.begin(), types.end()); }
  llvm::Expected<ValType> popRef(uint64_t at);
  void setUnreachable();
  llvm::Error pushFrame(Frame f, uint64_t at);
  llvm::Error checkFrameEnd(const Frame &f, uint64_t at);
  llvm::Expected<const Frame *> label(uint32_t depth, uint64_t at) const;

  // Lookups with bounds errors.
  llvm::Expected<const CompositeType *> funcType(uint32_t typeIndex, uint64_t at) const;
  llvm::Expected<ValType> addrType(uint32_t memory, uint64_t at) const;
  llvm::Expected<ValType> tableAddrType(uint32_t table, uint64_t at) const;
  llvm::Error need(Feature f, uint64_t at) const;
  llvm::Error mismatch(const ValType &expected, const ValType &found, uint64_t at) const;

  const ModuleEnv &env;
  bool constant = false;
  uint32_t visibleGlobals = 0;
  llvm::SmallVector<ValType, 0> locals;
  llvm::SmallVector<bool, 0> localInit;
  llvm::SmallVector<uint32_t, 0> initStack;
  llvm::SmallVector<ValType, 0> stack;
  llvm::SmallVector<Frame, 0> frames;
  uint32_t height = 0; ///< frames.back().height, cached for the hot paths
  llvm::SmallVector<ValType, 0> scratch;
  const CompositeType *sig = nullptr; ///< the function's type (null in constant mode)
  bool sharedFn = false; ///< the function's type is shared (shared-everything-threads)
  uint32_t sigType = 0;
  ValType constResult;
  binary::ImmPool pool;
  std::vector<uint8_t> allowed;     ///< opcodes usable with these features (and in this mode)
  /// A step of the general path; sets `handled` when it takes the opcode.
  using Step = llvm::Error (FuncValidator::*)(const binary::Operator &op, uint64_t at, bool &handled);
  /// The general path's steps in the order they are tried (step()).
  static const Step generalSteps[];
  static constexpr uint8_t NoRoute = 0xFF;
  /// For each opcode, the general step that takes it, once known (NoRoute before).
  std::array<uint8_t, binary::NumOpcodes> route = makeNoRoutes();
  static constexpr std::array<uint8_t, binary::NumOpcodes> makeNoRoutes() {
    std::array<uint8_t, binary::NumOpcodes> a{};
    for (uint8_t &x : a)
      x = NoRoute;
    return a;
  }
  std::vector<uint8_t> memoryAddr;  ///< address type code of each memory
  bool prepared = false, preparedConst = false;
  std::array<FastHandler, 256> fastHandlers{}; ///< per first byte; null: general path
};

/// Marker for "any type" on the operand stack after unreachable code.
inline constexpr uint8_t UnknownType = 0;

} // namespace wcomp::validate
