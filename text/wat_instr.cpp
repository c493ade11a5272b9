//===- text/wat_instr.cpp - Core module text parser: instructions ----------===//
#include "text/wat_module.h"

#include "text/numbers.h"
#include "validate/signatures.h"

#include <cstring>

namespace wcomp::text {

using namespace binary;

namespace {

/// Instruction names, built once from the opcode table.
struct OpTables {
  llvm::StringMap<Opcode> byName;
  OpTables() {
    for (unsigned i = 0; i < NumOpcodes; ++i)
      byName.try_emplace(opcodeInfoTable[i].text, Opcode(i));
  }
};
const OpTables &opTables() {
  static const OpTables t;
  return t;
}

bool isIndexToken(const Lexer &lex, const Token &t) {
  if (t.kind == Tok::Id)
    return true;
  if (t.kind != Tok::Atom)
    return false;
  char c = lex.text(t)[0];
  return c >= '0' && c <= '9';
}

} // namespace

bool ModuleParser::parseBlockStart(Operator &op, Expr &x, LocalCtx &ctx) {
  std::string id;
  uint32_t off;
  if (!takeId(id, off) || !parseBlockType(op, ctx))
    return false;
  // try_table's catch labels are resolved outside the block it opens.
  if (op.op == Opcode::TryTable && !parseCatches(op, x, ctx))
    return false;
  uint32_t labelIdx = ctx.labelCount++;
  if (!id.empty())
    ctx.labelNameList.push_back({labelIdx, id});
  ctx.labels.push_back(id.empty() ? llvm::StringRef() : save(id));
  ctx.labelKinds.push_back(uint8_t(op.op));
  return true;
}

bool ModuleParser::closeLabel(LocalCtx &ctx, bool checkLabel) {
  if (checkLabel && ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    if (ctx.labels.back() != id)
      return ts.fail(off, "mismatching label");
  }
  ctx.labels.pop_back();
  ctx.labelKinds.pop_back();
  return true;
}

bool ModuleParser::parseLabelRef(uint32_t &depth, LocalCtx &ctx) {
  if (ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    for (size_t i = ctx.labels.size(); i-- > 0;)
      if (ctx.labels[i] == id) {
        depth = uint32_t(ctx.labels.size() - 1 - i);
        return true;
      }
    return ts.fail(off, "unknown label $" + id);
  }
  return parseU32(depth);
}

bool ModuleParser::parseBlockType(Operator &op, LocalCtx &ctx) {
  std::optional<uint32_t> explicitIdx;
  uint32_t at = ts.tok().offset;
  if (!parseTypeRef(explicitIdx))
    return false;
  std::vector<ValType> params, results;
  bool inlineSig = false;
  for (bool isParam : {true, false}) {
    const char *kw = isParam ? "param" : "result";
    while (ts.atParenKeyword(kw)) {
      inlineSig = true;
      if (!ts.advance() || !ts.advance())
        return false;
      if (ts.is(Tok::Id))
        return ts.failHere("unexpected token, block parameters cannot be named");
      if (!parseValTypes(isParam ? params : results))
        return false;
      if (!ts.expectRParen())
        return false;
    }
  }
  if (explicitIdx) {
    const SubType *st = typeAt(*explicitIdx);
    if (inlineSig && (!st || st->composite.kind != typecode::FuncType ||
                      st->composite.params != params || st->composite.results != results))
      return ts.fail(at, "inline function type does not match the referenced type");
    op.flags = uint8_t(BlockKind::Index);
    op.a = *explicitIdx;
    return true;
  }
  if (params.empty() && results.empty()) {
    op.flags = uint8_t(BlockKind::Empty);
  } else if (params.empty() && results.size() == 1) {
    op.flags = uint8_t(BlockKind::Value);
    op.valtype = results[0];
  } else {
    op.flags = uint8_t(BlockKind::Index);
    op.a = internFuncType(std::move(params), std::move(results));
  }
  return true;
}

bool ModuleParser::parseMemArg(Operator &op, unsigned natural, bool allowMemIndex) {
  op.flags = 0;
  op.b = 0;
  if (allowMemIndex && peekIndex()) {
    uint32_t mem;
    if (!parseIndex(SMems, mem))
      return false;
    if (mem != 0) {
      op.flags = 1;
      op.b = mem;
    }
  }
  op.u64 = 0;
  op.a = natural;
  if (ts.is(Tok::Keyword) && ts.text().starts_with("offset=")) {
    uint64_t v;
    NumResult r = parseUnsigned(ts.text().drop_front(7), v);
    if (r == NumResult::Malformed)
      return ts.failHere("malformed offset");
    if (r == NumResult::OutOfRange)
      return ts.failHere("offset out of range");
    op.u64 = v;
    if (!ts.advance())
      return false;
  }
  if (ts.is(Tok::Keyword) && ts.text().starts_with("align=")) {
    uint64_t v;
    NumResult r = parseUnsigned(ts.text().drop_front(6), v);
    if (r != NumResult::Ok)
      return ts.failHere("malformed alignment");
    if (v == 0 || (v & (v - 1)))
      return ts.failHere("alignment must be a power of two");
    op.a = uint32_t(__builtin_ctzll(v));
    if (!ts.advance())
      return false;
  }
  return true;
}

namespace {
bool laneValue(TokenStream &ts, uint8_t &lane) {
  uint64_t v;
  if (!ts.is(Tok::Atom) || parseUnsigned(ts.text(), v) != NumResult::Ok)
    return ts.unexpected("a lane index");
  if (v > 255)
    return ts.failHere("malformed lane index");
  lane = uint8_t(v);
  return ts.advance();
}

} // namespace

/// br_table's labels (the last is the default).
bool ModuleParser::parseBrTable(Operator &op, Expr &x, LocalCtx &ctx) {
  op.a = uint32_t(x.pool.u32s.size());
  uint32_t n = 0;
  while (peekIndex()) {
    uint32_t d;
    if (!parseLabelRef(d, ctx))
      return false;
    x.pool.u32s.push_back(d);
    ++n;
  }
  if (n == 0)
    return ts.unexpected("a label");
  op.c = x.pool.u32s.back();
  x.pool.u32s.pop_back();
  op.b = n - 1;
  return true;
}

/// A local, by name or index.
bool ModuleParser::parseLocalRef(Operator &op, LocalCtx &ctx) {
  if (ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    auto it = ctx.localNames.find(id);
    if (it == ctx.localNames.end())
      return ts.fail(off, "unknown local $" + id);
    op.a = it->second;
    return true;
  }
  return parseU32(op.a);
}

/// A shared-everything atomic access: the ordering, then what is accessed.
bool ModuleParser::parseAtomicAccess(Operator &op) {
  // The memory ordering is required, as wasm-tools' text format has it.
  if (ts.takeKeyword("seqcst"))
    op.flags = 0;
  else if (!ts.failed() && ts.takeKeyword("acqrel"))
    op.flags = 1;
  else
    return ts.failed() ? false : ts.failHere("expected a memory ordering: `seqcst` or `acqrel`");
  switch (opcodeInfo(op.op).imm) {
  case ImmKind::AtomicGlobal: return parseIndex(SGlobals, op.a);
  case ImmKind::AtomicTable:
    op.a = 0;
    return peekIndex() ? parseIndex(STables, op.a) : true;
  case ImmKind::AtomicField: return parseIndex(STypes, op.a) && parseFieldIndex(op.a, op.b);
  default: return parseIndex(STypes, op.a);
  }
}

/// resume and resume_throw: the type, the tag thrown, the `(on ...)` handlers.
bool ModuleParser::parseResume(Operator &op, Expr &x, LocalCtx &ctx) {
  if (!parseIndex(STypes, op.a))
    return false;
  if (opcodeInfo(op.op).imm == ImmKind::ResumeThrow) {
    uint32_t tag;
    if (!parseIndex(STags, tag))
      return false;
    op.u64 = tag;
  }
  // `(on $tag $label)` or `(on $tag switch)`; labels are those around
  // the instruction, which opens no block of its own.
  op.b = uint32_t(x.pool.catches.size());
  op.c = 0;
  while (ts.atParenKeyword("on")) {
    Catch c;
    if (!ts.advance() || !ts.advance() || !parseIndex(STags, c.tag))
      return false;
    if (ts.isKeyword("switch")) {
      c.kind = 1;
      if (!ts.advance())
        return false;
    } else if (!parseLabelRef(c.label, ctx)) {
      return false;
    }
    if (!ts.expectRParen())
      return false;
    x.pool.catches.push_back(c);
    ++op.c;
  }
  return !ts.failed();
}

/// A lane access: an optional memory, the memory argument, the lane.
bool ModuleParser::parseMemArgLane(Operator &op) {
  std::optional<uint32_t> first;
  bool firstIsId = ts.is(Tok::Id);
  if (peekIndex()) {
    uint32_t v;
    if (firstIsId ? !parseIndex(SMems, v) : !parseU32(v))
      return false;
    first = v;
  }
  if (!parseMemArg(op, validate::sigs::simpleTable.sigs[unsigned(op.op)].align, false))
    return false;
  if (ts.is(Tok::Atom)) {
    if (first && *first != 0) {
      op.flags = 1;
      op.b = *first;
    }
    return laneValue(ts, op.lane);
  }
  if (!first || firstIsId || *first > 255)
    return ts.unexpected("a lane index");
  op.lane = uint8_t(*first);
  return true;
}

/// ref.null's heap type, or a cast's reference type (a nullable one picks
/// the opcode's `null` form).
bool ModuleParser::parseHeapTypeImm(Operator &op) {
  if (op.op == Opcode::RefNull) {
    HeapType h;
    if (!parseHeapType(h))
      return false;
    op.heaps[0] = h;
    return true;
  }
  ValType t;
  if (!parseRefType(t))
    return false;
  if (t.nullable()) {
    if (op.op == Opcode::RefTest) op.op = Opcode::RefTestNull;
    else if (op.op == Opcode::RefCast) op.op = Opcode::RefCastNull;
    else if (op.op == Opcode::RefCastDescEq) op.op = Opcode::RefCastDescEqNull;
  }
  op.heaps[0] = t.heapType();
  return true;
}

/// `select (result t*)*`: the typed select.
bool ModuleParser::parseSelectResults(Operator &op, Expr &x) {
  op.op = Opcode::SelectT;
  op.a = uint32_t(x.pool.types.size());
  op.b = 0;
  while (ts.takeParenKeyword("result")) {
    while (!ts.is(Tok::RParen)) {
      ValType t;
      if (!parseValType(t))
        return false;
      x.pool.types.push_back(t);
      ++op.b;
    }
    if (!ts.expectRParen())
      return false;
  }
  return !ts.failed();
}

bool ModuleParser::parseImmediates(Operator &op, Expr &x, LocalCtx &ctx, uint32_t opOffset) {
  switch (opcodeInfo(op.op).imm) {
  case ImmKind::None:
    if (op.op == Opcode::Select && ts.atParenKeyword("result"))
      return parseSelectResults(op, x);
    return true;
  case ImmKind::Block:
  case ImmKind::TryTable:
    return ts.fail(opOffset, "internal error: block in immediates");
  case ImmKind::Label: return parseLabelRef(op.a, ctx);
  case ImmKind::BrTable:
    return parseBrTable(op, x, ctx);
  case ImmKind::Func: return parseIndex(SFuncs, op.a);
  case ImmKind::Local:
    return parseLocalRef(op, ctx);
  case ImmKind::Global: return parseIndex(SGlobals, op.a);
  case ImmKind::Table:
    op.a = 0;
    return peekIndex() ? parseIndex(STables, op.a) : true;
  case ImmKind::Mem:
    op.a = 0;
    return peekIndex() ? parseIndex(SMems, op.a) : true;
  case ImmKind::Tag: return parseIndex(STags, op.a);
  case ImmKind::Type: return parseIndex(STypes, op.a);
  case ImmKind::Data: return parseIndex(SDatas, op.a);
  case ImmKind::Elem: return parseIndex(SElems, op.a);
  case ImmKind::CallIndirect:
    op.b = 0;
    if (peekIndex() && !parseIndex(STables, op.b))
      return false;
    return parseTypeUse(op.a, nullptr, false);
  case ImmKind::MemInit:
    op.b = 0;
    if (peekIndex() && isIndexToken(ts.lexer(), ts.peek()) && !parseIndex(SMems, op.b))
      return false;
    return parseIndex(SDatas, op.a);
  case ImmKind::MemCopy:
    op.a = op.b = 0;
    if (peekIndex())
      return parseIndex(SMems, op.a) && parseIndex(SMems, op.b);
    return true;
  case ImmKind::TableInit:
    op.b = 0;
    if (peekIndex() && isIndexToken(ts.lexer(), ts.peek()) && !parseIndex(STables, op.b))
      return false;
    return parseIndex(SElems, op.a);
  case ImmKind::TableCopy:
    op.a = op.b = 0;
    if (peekIndex())
      return parseIndex(STables, op.a) && parseIndex(STables, op.b);
    return true;
  case ImmKind::TypeField:
    return parseIndex(STypes, op.a) && parseFieldIndex(op.a, op.b);
  case ImmKind::TypeCount: return parseIndex(STypes, op.a) && parseU32(op.b);
  case ImmKind::TypeData: return parseIndex(STypes, op.a) && parseIndex(SDatas, op.b);
  case ImmKind::TypeElem: return parseIndex(STypes, op.a) && parseIndex(SElems, op.b);
  case ImmKind::TypeType: return parseIndex(STypes, op.a) && parseIndex(STypes, op.b);
  case ImmKind::TypeTag: return parseIndex(STypes, op.a) && parseIndex(STags, op.b);
  case ImmKind::AtomicGlobal: case ImmKind::AtomicTable: case ImmKind::AtomicField:
  case ImmKind::AtomicArray:
    return parseAtomicAccess(op);
  case ImmKind::Resume: case ImmKind::ResumeThrow:
    return parseResume(op, x, ctx);
  case ImmKind::MemArg: return parseMemArg(op, validate::sigs::simpleTable.sigs[unsigned(op.op)].align, true);
  case ImmKind::MemArgLane:
    return parseMemArgLane(op);
  case ImmKind::I32: {
    uint64_t v;
    if (!intLiteral(ts, 32, v))
      return false;
    op.u64 = uint64_t(int64_t(int32_t(uint32_t(v))));
    return true;
  }
  case ImmKind::I64: return intLiteral(ts, 64, op.u64);
  case ImmKind::F32: {
    uint32_t bits;
    if (!f32Literal(ts, bits))
      return false;
    op.u64 = bits;
    return true;
  }
  case ImmKind::F64: return f64Literal(ts, op.u64);
  case ImmKind::V128: return parseV128Lanes(op.v128);
  case ImmKind::Shuffle:
    for (unsigned i = 0; i < 16; ++i)
      if (!laneValue(ts, op.v128[i]))
        return false;
    return true;
  case ImmKind::Lane: return laneValue(ts, op.lane);
  case ImmKind::HeapType: return parseHeapTypeImm(op);
  case ImmKind::SelectT: return true;
  case ImmKind::BrOnCast: {
    ValType t1, t2;
    if (!parseLabelRef(op.a, ctx) || !parseRefType(t1) || !parseRefType(t2))
      return false;
    op.flags = uint8_t((t1.nullable() ? 1 : 0) | (t2.nullable() ? 2 : 0));
    HeapType h1 = t1.heapType(), h2 = t2.heapType();
    op.heaps[0] = h1;
    op.heaps[1] = h2;
    return true;
  }
  case ImmKind::Fence: op.flags = 0; return true;
  }
  return true;
}

bool ModuleParser::parseCatches(Operator &op, Expr &x, LocalCtx &ctx) {
  op.b = uint32_t(x.pool.catches.size());
  op.c = 0;
  while (ts.is(Tok::LParen)) {
    llvm::StringRef k = ts.parenKeyword();
    Catch c;
    if (k == "catch") c.kind = 0;
    else if (k == "catch_ref") c.kind = 1;
    else if (k == "catch_all") c.kind = 2;
    else if (k == "catch_all_ref") c.kind = 3;
    else break;
    if (!ts.advance() || !ts.advance())
      return false;
    if (c.kind < 2 && !parseIndex(STags, c.tag))
      return false;
    if (!parseLabelRef(c.label, ctx) || !ts.expectRParen())
      return false;
    x.pool.catches.push_back(c);
    ++op.c;
  }
  return true;
}

bool ModuleParser::parsePlainInstr(Expr &x, LocalCtx &ctx) {
  uint32_t at = ts.tok().offset;
  llvm::StringRef name = ts.text();
  const auto &tables = opTables();
  auto it = tables.byName.find(name);
  if (it == tables.byName.end())
    return ts.fail(at, "unknown operator `" + name + "`");
  Operator op;
  op.op = it->second;
  if (!ts.advance())
    return false;
  switch (op.op) {
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
  case Opcode::Try:
  case Opcode::TryTable:
    if (!parseBlockStart(op, x, ctx))
      return false;
    x.ops.push_back(op);
    return true;
  case Opcode::Else:
    if (ctx.labels.empty() || ctx.labelKinds.back() != uint8_t(Opcode::If))
      return ts.fail(at, "`else` outside `if`");
    if (ts.is(Tok::Id)) {
      std::string id;
      uint32_t off;
      if (!takeId(id, off))
        return false;
      if (ctx.labels.back() != id)
        return ts.fail(off, "mismatching label");
    }
    x.ops.push_back(op);
    return true;
  case Opcode::End:
    if (ctx.labels.empty())
      return ts.fail(at, "`end` without an open block");
    if (!closeLabel(ctx, true))
      return false;
    x.ops.push_back(op);
    return true;
  case Opcode::Catch:
  case Opcode::CatchAll:
    if (ctx.labels.empty() || ctx.labelKinds.back() != uint8_t(Opcode::Try))
      return ts.fail(at, "`catch` outside `try`");
    if (op.op == Opcode::Catch && !parseIndex(STags, op.a))
      return false;
    x.ops.push_back(op);
    return true;
  case Opcode::Delegate:
    if (ctx.labels.empty() || ctx.labelKinds.back() != uint8_t(Opcode::Try))
      return ts.fail(at, "`delegate` outside `try`");
    if (!closeLabel(ctx, false) || !parseLabelRef(op.a, ctx))
      return false;
    x.ops.push_back(op);
    return true;
  default:
    if (!parseImmediates(op, x, ctx, at))
      return false;
    x.ops.push_back(op);
    return true;
  }
}

void ModuleParser::pushFolded(Expr &x, LocalCtx &ctx, const Operator &op,
                              std::optional<uint8_t> hint) {
  if (hint)
    ctx.hints.push_back({uint32_t(x.ops.size()), *hint});
  x.ops.push_back(op);
}

bool ModuleParser::parseFoldedIf(Operator &op, Expr &x, LocalCtx &ctx,
                                 std::optional<uint8_t> hint) {
  // The label and block type come first; conditions are evaluated outside
  // the `if`, so its label opens only when the `if` itself is emitted.
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  LocalCtx probeCtx; // block types need no labels
  if (!parseBlockType(op, probeCtx))
    return false;
  while (ts.is(Tok::LParen) && !ts.atParenKeyword("then"))
    if (!parseFolded(x, ctx))
      return false;
  if (ts.failed())
    return false;
  uint32_t labelIdx = ctx.labelCount++;
  if (!id.empty())
    ctx.labelNameList.push_back({labelIdx, id});
  ctx.labels.push_back(id.empty() ? llvm::StringRef() : save(id));
  ctx.labelKinds.push_back(uint8_t(Opcode::If));
  pushFolded(x, ctx, op, hint);
  if (!ts.takeParenKeyword("then"))
    return ts.failed() ? false : ts.unexpected("`(then`");
  // An arm's instructions up to its `)`; the blocks they open close inside.
  auto arm = [&] {
    size_t depth = ctx.labels.size();
    while (!ts.is(Tok::RParen))
      if (!parseFoldedOrPlain(x, ctx))
        return false;
    if (ctx.labels.size() != depth)
      return ts.failHere("unexpected `)`, expected `end`");
    return ts.expectRParen();
  };
  if (!arm())
    return false;
  if (ts.takeParenKeyword("else")) {
    Operator el;
    el.op = Opcode::Else;
    x.ops.push_back(el);
    if (!arm())
      return false;
  }
  if (ts.failed())
    return false;
  closeLabel(ctx, false);
  Operator end;
  end.op = Opcode::End;
  x.ops.push_back(end);
  return true;
}

bool ModuleParser::parseFoldedTry(Operator &op, Expr &x, LocalCtx &ctx,
                                  std::optional<uint8_t> hint) {
  if (!parseBlockStart(op, x, ctx))
    return false;
  pushFolded(x, ctx, op, hint);
  size_t depth = ctx.labels.size();
  if (ts.takeParenKeyword("do")) {
    while (!ts.is(Tok::RParen))
      if (!parseFoldedOrPlain(x, ctx))
        return false;
    if (!ts.expectRParen())
      return false;
  }
  bool delegated = false;
  while (!ts.failed() && ts.is(Tok::LParen)) {
    llvm::StringRef k = ts.parenKeyword();
    if (k == "catch" || k == "catch_all") {
      if (!ts.advance() || !ts.advance())
        return false;
      Operator c;
      c.op = k == "catch" ? Opcode::Catch : Opcode::CatchAll;
      if (c.op == Opcode::Catch && !parseIndex(STags, c.a))
        return false;
      x.ops.push_back(c);
      while (!ts.is(Tok::RParen))
        if (!parseFoldedOrPlain(x, ctx))
          return false;
      if (!ts.expectRParen())
        return false;
    } else if (k == "delegate") {
      if (!ts.advance() || !ts.advance())
        return false;
      closeLabel(ctx, false);
      Operator d;
      d.op = Opcode::Delegate;
      if (!parseLabelRef(d.a, ctx) || !ts.expectRParen())
        return false;
      x.ops.push_back(d);
      delegated = true;
      break;
    } else {
      break;
    }
  }
  if (ts.failed())
    return false;
  if (!delegated) {
    if (ctx.labels.size() != depth)
      return ts.failHere("unexpected `)`, expected `end`");
    closeLabel(ctx, false);
    Operator end;
    end.op = Opcode::End;
    x.ops.push_back(end);
  }
  return true;
}

bool ModuleParser::parseFolded(Expr &x, LocalCtx &ctx) {
  // The hint belongs to this instruction, emitted after its operands.
  std::optional<uint8_t> hint = ctx.pendingHint;
  ctx.pendingHint.reset();
  if (!ts.enter() || !ts.expectLParen())
    return false;
  uint32_t at = ts.tok().offset;
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("an instruction");
  llvm::StringRef name = ts.text();
  auto it = opTables().byName.find(name);
  if (it == opTables().byName.end())
    return ts.fail(at, "unknown operator `" + name + "`");
  Operator op;
  op.op = it->second;
  if (!ts.advance())
    return false;
  Operator end;
  end.op = Opcode::End;
  if (op.op == Opcode::Block || op.op == Opcode::Loop || op.op == Opcode::TryTable) {
    if (!parseBlockStart(op, x, ctx))
      return false;
    pushFolded(x, ctx, op, hint);
    size_t depth = ctx.labels.size();
    while (!ts.is(Tok::RParen)) {
      if (!parseFoldedOrPlain(x, ctx))
        return false;
    }
    if (ctx.labels.size() != depth)
      return ts.failHere("unexpected `)`, expected `end`");
    closeLabel(ctx, false);
    x.ops.push_back(end);
  } else if (op.op == Opcode::If) {
    if (!parseFoldedIf(op, x, ctx, hint))
      return false;
  } else if (op.op == Opcode::Try) {
    if (!parseFoldedTry(op, x, ctx, hint))
      return false;
  } else {
    if (op.op == Opcode::Else || op.op == Opcode::End || op.op == Opcode::Catch ||
        op.op == Opcode::CatchAll || op.op == Opcode::Delegate)
      return ts.fail(at, "unexpected `" + name + "` in a folded instruction");
    if (!parseImmediates(op, x, ctx, at))
      return false;
    // Operands are folded instructions; like wasm-tools, plain ones are
    // read too (`(select unreachable unreachable (i32.const 0))`), as long
    // as the blocks they open close inside.
    size_t depth = ctx.labels.size();
    while (!ts.is(Tok::RParen)) {
      if (ts.is(Tok::Eof))
        return ts.unexpected("`)`");
      if (!parseFoldedOrPlain(x, ctx))
        return false;
    }
    if (ctx.labels.size() != depth)
      return ts.failHere("unexpected `)`, expected `end`");
    pushFolded(x, ctx, op, hint);
  }
  ts.leave();
  return ts.expectRParen();
}

bool ModuleParser::parseBranchHint(LocalCtx &ctx) {
  // `(@metadata.code.branch_hint "\00")` or `"\01"`: the next instruction
  // (for a folded one, the instruction itself, after its operands).
  if (!ts.advance() || !ts.advance())
    return false;
  uint32_t at = ts.tok().offset;
  std::string value;
  if (!ts.takeString(value))
    return false;
  if (value.size() != 1 || uint8_t(value[0]) > 1)
    return ts.fail(at, "invalid value for branch hint");
  if (ctx.pendingHint)
    return ts.fail(at, "@metadata.code.branch_hint annotation: duplicate annotation");
  if (!ts.expectRParen())
    return false;
  if (!ts.is(Tok::Keyword) && !(ts.is(Tok::LParen) && !ts.parenKeyword().empty()))
    return ts.failHere("@metadata.code.branch_hint annotation: must precede an instruction");
  ctx.pendingHint = uint8_t(value[0]);
  return true;
}

bool ModuleParser::parseFoldedOrPlain(Expr &x, LocalCtx &ctx) {
  if (ts.atParenKeyword("@metadata.code.branch_hint") ||
      (ts.is(Tok::LParen) && ts.parenKeyword() == "@metadata.code.branch_hint"))
    return parseBranchHint(ctx);
  if (ts.is(Tok::LParen))
    return parseFolded(x, ctx);
  if (ts.is(Tok::Keyword)) {
    std::optional<uint8_t> hint = ctx.pendingHint;
    ctx.pendingHint.reset();
    uint32_t index = uint32_t(x.ops.size());
    if (!parsePlainInstr(x, ctx))
      return false;
    if (hint)
      ctx.hints.push_back({index, *hint});
    return true;
  }
  return ts.unexpected("an instruction");
}

bool ModuleParser::parseExprUntilParen(Expr &x, LocalCtx &ctx) {
  size_t depth = ctx.labels.size();
  while (!ts.is(Tok::RParen)) {
    if (ts.is(Tok::Eof))
      return ts.unexpected("`)`");
    if (!parseFoldedOrPlain(x, ctx))
      return false;
  }
  if (ctx.pendingHint)
    return ts.failHere("@metadata.code.branch_hint annotation: must precede an instruction");
  if (ctx.labels.size() != depth)
    return ts.failHere("unexpected `)`, expected `end`");
  Operator end;
  end.op = Opcode::End;
  x.ops.push_back(end);
  return true;
}

bool ModuleParser::parseConstExpr(Expr &x) {
  LocalCtx ctx;
  return parseExprUntilParen(x, ctx);
}

} // namespace wcomp::text
