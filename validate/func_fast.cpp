// Straight-line handlers for the hottest one-byte instructions, one indirect
// call per instruction. Each handler is specialised at compile time from
// opcodes.def and signatures.def, so it has no loops and no type dispatch;
// it checks and commits, or returns 0 and leaves the instruction (and every
// error) to the general path from the unchanged state.
#include "validate/func_validator.h"
#include "validate/signatures.h"

#include <utility>

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
/// The signature of one-byte opcode `b`, from the shared table (kind None
/// when it has none or the byte is not a one-byte opcode).
constexpr sigs::SimpleSig sigOfByte(uint8_t b) {
  Opcode op = sigs::oneByteOpcode(b);
  return op == Opcode::Invalid ? sigs::SimpleSig{} : sigs::simpleTable.sigs[unsigned(op)];
}
} // namespace

/// Handlers with access to the validator's stacks.
struct FastHandlers {
  using V = FuncValidator;

  /// Replaces the checked parameters (starting at `top`) by the result.
  template <uint8_t B> static void commit(V &v, ValType *top, size_t size) {
    constexpr sigs::SimpleSig s = sigOfByte(B);
    // The result overwrites the first parameter's slot, so there must be one.
    static_assert(s.numResults <= 1 && (s.numResults == 0 || s.numParams >= 1));
    if constexpr (s.numResults == 1) {
      top[0] = ValType::num(s.results[0]);
      v.stack.resize(size - s.numParams + 1);
    } else {
      v.stack.resize(size - s.numParams);
    }
  }

  /// A plain instruction: fixed numeric/vector params and results.
  template <uint8_t B> static unsigned plain(V &v, const uint8_t *) {
    constexpr sigs::SimpleSig s = sigOfByte(B);
    size_t size = v.stack.size();
    if (size - v.height < s.numParams)
      return 0;
    ValType *top = v.stack.end() - s.numParams;
    if constexpr (s.numParams >= 1)
      if (top[0].code != s.params[0])
        return 0;
    if constexpr (s.numParams >= 2)
      if (top[1].code != s.params[1])
        return 0;
    if constexpr (s.numParams >= 3)
      if (top[2].code != s.params[2])
        return 0;
    static_assert(s.numParams <= 3);
    commit<B>(v, top, size);
    return 1;
  }

  /// A load or store on memory 0 with a one-byte alignment field.
  template <uint8_t B> static unsigned memory(V &v, const uint8_t *p) {
    constexpr sigs::SimpleSig s = sigOfByte(B);
    uint32_t offset;
    unsigned len;
    if (p[1] > s.align || v.memoryAddr.empty() || !binary::detail::fastU32(p + 2, offset, len))
      return 0;
    uint8_t addr = v.memoryAddr[0];
    size_t size = v.stack.size();
    if (size - v.height < s.numParams)
      return 0;
    ValType *top = v.stack.end() - s.numParams;
    if (top[0].code != addr)
      return 0;
    if constexpr (s.numParams == 2)
      if (top[1].code != s.params[1])
        return 0;
    static_assert(s.numParams <= 2);
    commit<B>(v, top, size);
    return 2 + len;
  }

  static unsigned localGet(V &v, const uint8_t *p) {
    uint32_t idx;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, idx, len) || idx >= v.locals.size() || !v.localInit[idx])
      return 0;
    v.stack.push_back(v.locals[idx]);
    return 1 + len;
  }
  template <bool Tee> static unsigned localSet(V &v, const uint8_t *p) {
    uint32_t idx;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, idx, len) || idx >= v.locals.size() || !v.localInit[idx] ||
        v.stack.size() == v.height || v.locals[idx].isRef() ||
        v.stack.back().code != v.locals[idx].code)
      return 0;
    if constexpr (!Tee)
      v.stack.pop_back();
    return 1 + len;
  }
  /// i32.const / i64.const: a signed LEB immediate of at most 4 / 9 bytes.
  template <typename T, uint8_t Code, bool (*Decode)(const uint8_t *, T &, unsigned &)>
  static unsigned constant(V &v, const uint8_t *p) {
    T value;
    unsigned len;
    if (!Decode(p + 1, value, len))
      return 0;
    v.stack.push_back(ValType::num(Code));
    return 1 + len;
  }
  static unsigned drop(V &v, const uint8_t *) {
    if (v.stack.size() == v.height)
      return 0;
    v.stack.pop_back();
    return 1;
  }

  static unsigned globalGet(V &v, const uint8_t *p) {
    uint32_t idx;
    unsigned len;
    // Constant expressions see only some globals: the general path knows which.
    if (v.constant || !binary::detail::fastU32(p + 1, idx, len) || idx >= v.env.globals.size())
      return 0;
    v.stack.push_back(v.env.globals[idx].type);
    return 1 + len;
  }
  static unsigned globalSet(V &v, const uint8_t *p) {
    uint32_t idx;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, idx, len) || idx >= v.env.globals.size())
      return 0;
    const GlobalType &g = v.env.globals[idx];
    if (!g.mut() || g.type.isRef() || v.stack.size() == v.height ||
        v.stack.back().code != g.type.code)
      return 0;
    v.stack.pop_back();
    return 1 + len;
  }
  static unsigned call(V &v, const uint8_t *p) {
    uint32_t idx;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, idx, len) || idx >= v.env.funcTypes.size())
      return 0;
    const CompositeType &c = v.env.types.composite(v.env.funcTypes[idx]);
    size_t n = c.params.size();
    if (v.stack.size() - v.height < n)
      return 0;
    const ValType *top = v.stack.end() - n;
    for (size_t i = 0; i < n; ++i)
      if (c.params[i].isRef() || top[i].code != c.params[i].code)
        return 0;
    v.stack.resize(v.stack.size() - n);
    v.stack.append(c.results.begin(), c.results.end());
    return 1 + len;
  }
  /// block, loop and if with an empty or numeric block type.
  template <Opcode Kind> static unsigned block(V &v, const uint8_t *p) {
    uint8_t t = p[1];
    BlockKind kind;
    if (t == tc::EmptyBlock)
      kind = BlockKind::Empty;
    else if (t >= tc::V128 && t <= tc::I32)
      kind = BlockKind::Value;
    else
      return 0;
    if constexpr (Kind == Opcode::If) {
      if (v.stack.size() == v.height || v.stack.back().code != tc::I32)
        return 0;
      v.stack.pop_back();
    }
    v.enterFrame(FuncValidator::Frame{Kind, kind, ValType::num(kind == BlockKind::Value ? t : tc::I32), 0,
                                            uint32_t(v.stack.size()), uint32_t(v.initStack.size()), false});
    return 2;
  }
  /// end of a block whose (at most one numeric) result is exactly on the stack.
  static unsigned end(V &v, const uint8_t *) {
    const FuncValidator::Frame &f = v.frames.back();
    size_t avail = v.stack.size() - f.height;
    if (v.frames.size() == 1 || v.initStack.size() != f.initHeight ||
        !(f.kind == Opcode::Block || f.kind == Opcode::Loop || f.kind == Opcode::If || f.kind == Opcode::Else))
      return 0;
    if (f.blockKind == BlockKind::Empty) {
      if (avail != 0)
        return 0;
      v.leaveFrame();
      return 1;
    }
    if (f.blockKind != BlockKind::Value || f.kind == Opcode::If || f.single.isRef())
      return 0;
    // After unreachable code a missing result is supplied by the polymorphic stack.
    if (avail == 0 && f.unreachable) {
      ValType result = f.single;
      v.leaveFrame();
      v.stack.push_back(result);
      return 1;
    }
    if (avail != 1 || v.stack.back().code != f.single.code)
      return 0;
    v.leaveFrame();
    return 1;
  }
  /// br to a block whose label carries nothing or one numeric value.
  static unsigned br(V &v, const uint8_t *p) {
    uint32_t depth;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, depth, len) || depth >= v.frames.size())
      return 0;
    const FuncValidator::Frame &target = v.frames[v.frames.size() - 1 - depth];
    FuncValidator::Frame &cur = v.frames.back();
    size_t avail = v.stack.size() - cur.height;
    bool carries = target.kind != Opcode::Loop && target.blockKind == BlockKind::Value;
    if (target.blockKind == BlockKind::Index ||
        (carries && (target.single.isRef() || avail < 1 || v.stack.back().code != target.single.code)))
      return 0;
    v.stack.resize(cur.height);
    cur.unreachable = true;
    return 1 + len;
  }
  /// br_if to a block whose label carries nothing or one numeric value.
  static unsigned brIf(V &v, const uint8_t *p) {
    uint32_t depth;
    unsigned len;
    if (!binary::detail::fastU32(p + 1, depth, len) || depth >= v.frames.size())
      return 0;
    const FuncValidator::Frame &target = v.frames[v.frames.size() - 1 - depth];
    const FuncValidator::Frame &cur = v.frames.back();
    size_t avail = v.stack.size() - cur.height;
    if (!avail || v.stack.back().code != tc::I32)
      return 0;
    bool carries = target.kind != Opcode::Loop && target.blockKind == BlockKind::Value;
    if (target.blockKind == BlockKind::Index || (carries && (target.single.isRef() || avail < 2 ||
                                                             v.stack.end()[-2].code != target.single.code)))
      return 0;
    v.stack.pop_back();
    return 1 + len;
  }

  template <uint8_t B> static constexpr FuncValidator::FastHandler pick() {
    constexpr sigs::SimpleSig s = sigOfByte(B);
    if constexpr (B == byteOf(Opcode::LocalGet))
      return &localGet;
    else if constexpr (B == byteOf(Opcode::LocalSet))
      return &localSet<false>;
    else if constexpr (B == byteOf(Opcode::LocalTee))
      return &localSet<true>;
    else if constexpr (B == byteOf(Opcode::I32Const))
      return &constant<int32_t, tc::I32, binary::detail::fastS32>;
    else if constexpr (B == byteOf(Opcode::Drop))
      return &drop;
    else if constexpr (B == byteOf(Opcode::I64Const))
      return &constant<int64_t, tc::I64, binary::detail::fastS64>;
    else if constexpr (B == byteOf(Opcode::GlobalGet))
      return &globalGet;
    else if constexpr (B == byteOf(Opcode::GlobalSet))
      return &globalSet;
    else if constexpr (B == byteOf(Opcode::Call))
      return &call;
    else if constexpr (B == byteOf(Opcode::Block))
      return &block<Opcode::Block>;
    else if constexpr (B == byteOf(Opcode::Loop))
      return &block<Opcode::Loop>;
    else if constexpr (B == byteOf(Opcode::If))
      return &block<Opcode::If>;
    else if constexpr (B == byteOf(Opcode::End))
      return &end;
    else if constexpr (B == byteOf(Opcode::BrIf))
      return &brIf;
    else if constexpr (B == byteOf(Opcode::Br))
      return &br;
    else if constexpr (s.kind == sigs::SimpleSig::Plain && s.numParams <= 3 && s.numResults <= 1)
      return &plain<B>;
    else if constexpr (s.kind == sigs::SimpleSig::Mem && s.numParams <= 2 && s.numResults <= 1)
      return &memory<B>;
    else
      return nullptr;
  }
  template <size_t... Bs> static constexpr std::array<FuncValidator::FastHandler, 256> table(std::index_sequence<Bs...>) {
    return {pick<uint8_t(Bs)>()...};
  }
};

namespace {
constexpr std::array<FuncValidator::FastHandler, 256> allHandlers =
    FastHandlers::table(std::make_index_sequence<256>());
} // namespace

void FuncValidator::prepareFastHandlers() {
  for (unsigned b = 0; b < 256; ++b) {
    Opcode op = opcodeTables.oneByte[b];
    fastHandlers[b] = env.fastPaths && op != Opcode::Invalid && allowed[unsigned(op)] ? allHandlers[b] : nullptr;
  }
}

} // namespace wcomp::validate
