//===- text/print_func.cpp - Core module printer: function bodies --------===//
//
// A defined function: its signature with parameter and local names, its
// body flat (labels by depth, branch hints, operand stacks) or folded, and
// the offsets `--print-offsets` gives each line.
//
//===----------------------------------------------------------------------===//
#include "text/module_printer.h"

namespace wcomp::text {

namespace detail {

const llvm::DenseMap<uint32_t, std::string> *ModulePrinter::localsOf(uint32_t funcIndex,
                                                                      uint32_t count) {
  auto it = names.locals.find(funcIndex);
  const llvm::DenseMap<uint32_t, std::string> *known =
      it != names.locals.end() ? &it->second : nullptr;
  if (!opts.nameUnnamed)
    return known;
  madeLocals = known ? *known : llvm::DenseMap<uint32_t, std::string>();
  nameLocals(0, count);
  return &madeLocals;
}

void ModulePrinter::nameLocals(uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i)
    madeLocals.try_emplace(i, "#local" + std::to_string(i));
}

/// Each instruction's offset, from a second walk over the body's bytes
/// (as far as they decode: offsets are an aid, the body print reports the
/// error).
static std::vector<uint64_t> instructionOffsets(const FunctionBody &body) {
  std::vector<uint64_t> opOffsets;
  BinaryReader r(body.bytes, body.offset);
  Operator op;
  ImmPool pool;
  if (llvm::Error e = readLocalDecls(r, nullptr))
    llvm::consumeError(std::move(e)); // offsets are an aid; the body print reports the error
  else
    while (!r.eof()) {
      opOffsets.push_back(r.offset());
      if (llvm::Error e = readOperator(r, op, pool)) {
        llvm::consumeError(std::move(e)); // offsets are an aid; the body print reports the error
        break;
      }
    }
  return opOffsets;
}

void ModulePrinter::localDecls(const FunctionBody &body, const FunctionBody &b,
                               uint32_t numParams) {
  // wasm-tools places the locals at their first declaration (after the
  // count); a named local stands in its own `(local $n t)`, unnamed ones
  // of a run share one.
  size_t countBytes = 0;
  while (countBytes < body.bytes.size() && (body.bytes[countBytes++] & 0x80))
    ;
  line(4, body.offset + countBytes);
  uint32_t li = numParams;
  bool first = true, open = false;
  for (const LocalDecl &d : b.locals) {
    for (uint32_t k = 0; k < d.count; ++k, ++li) {
      const std::string *name = nullptr;
      if (localNames) {
        auto it = localNames->find(li);
        if (it != localNames->end())
          name = &it->second;
      }
      if (name) {
        if (open)
          o += ')';
        o += first ? "(local " : " (local ";
        appendDefId(o, *name);
        o += ' ';
        valType(d.type);
        o += ')';
        open = false;
      } else {
        o += open ? " " : (first ? "(local " : " (local ");
        valType(d.type);
        open = true;
      }
      first = false;
    }
    if (d.count > 100000)
      break; // absurd counts are invalid anyway; keep the output bounded
  }
  if (open)
    o += ')';
  o += '\n';
}

void ModulePrinter::flatBody(const Expr &x, uint32_t defIndex,
                             llvm::function_ref<uint64_t(size_t)> opOffset,
                             const std::vector<std::string> *stacks) {
  size_t nextHint = 0;
  for (size_t i = 0; i + 1 < x.ops.size(); ++i) {
    const Operator &op = x.ops[i];
    unsigned depth = unsigned(labels.size());
    bool closes = op.op == Opcode::End || op.op == Opcode::Delegate;
    bool middle = op.op == Opcode::Else || op.op == Opcode::Catch || op.op == Opcode::CatchAll;
    if ((closes || middle) && depth > 0)
      --depth;
    branchHint(defIndex, i, nextHint, 4 + 2 * std::min(depth, MaxIndent));
    line(4 + 2 * std::min(depth, MaxIndent), opOffset(i));
    if (closes && !labels.empty()) {
      if (op.op == Opcode::Delegate) {
        labels.pop_back();
        instr(op, x.pool);
      } else {
        o += "end";
        labels.pop_back();
      }
    } else {
      instr(op, x.pool);
    }
    o += '\n';
    if (stacks && i < stacks->size()) {
      // At the depth the next instruction is at (inside a block just
      // opened, outside one just closed), as wasm-tools prints it.
      line(4 + 2 * std::min(unsigned(labels.size()), MaxIndent));
      o += ";; ";
      o += (*stacks)[i];
      o += '\n';
    }
    flushIfBig();
  }
}

void ModulePrinter::func(uint32_t defIndex) {
  uint32_t index = imported[SFuncs] + defIndex;
  const FunctionBody &body = m.code[defIndex];
  uint32_t typeIndex = m.functions[defIndex];
  // wasm-tools places a function at its body (after the size), its locals
  // at their first declaration (after the count).
  line(2, opts.printOffsets ? body.offset : NoOffset);
  o += "(func";
  defName(SFuncs, index);
  o += ' ';
  uint32_t numParams = 0;
  if (typeIndex < types.size() && types[typeIndex]->composite.kind == typecode::FuncType)
    numParams = uint32_t(types[typeIndex]->composite.params.size());
  localNames = localsOf(index, numParams);
  auto bit = names.labels.find(index);
  labelNames = bit != names.labels.end() ? &bit->second : nullptr;
  o += "(type ";
  ref(STypes, typeIndex);
  o += ')';
  if (typeIndex < types.size() && types[typeIndex]->composite.kind == typecode::FuncType &&
      !types[typeIndex]->composite.shared)
    funcSig(types[typeIndex]->composite, localNames);
  if (opts.skeleton) {
    o += " ...)\n";
    return;
  }
  o += '\n';
  FunctionBody decoded;
  const FunctionBody *b = &body;
  if (!body.decoded) {
    decoded.bytes = body.bytes;
    decoded.offset = body.offset;
    if (llvm::Error e = decodeFunctionBody(decoded)) {
      // The text says where; the first such error fails the print, as in
      // wasm-tools, once the rest is printed.
      if (!bodyError)
        bodyError = binary::describeError(std::move(e));
      else
        llvm::consumeError(std::move(e)); // the first body error is the one reported
      line(4);
      o += ";; malformed body\n";
      line(2);
      o += ")\n";
      return;
    }
    b = &decoded;
  }
  std::vector<uint64_t> opOffsets;
  if (opts.printOffsets)
    opOffsets = instructionOffsets(body);
  auto opOffset = [&](size_t i) { return i < opOffsets.size() ? opOffsets[i] : NoOffset; };
  if (opts.nameUnnamed) {
    uint64_t total = numParams;
    for (const LocalDecl &d : b->locals)
      total += d.count;
    nameLocals(numParams, uint32_t(std::min<uint64_t>(total, numParams + 100000)));
  }
  if (!b->locals.empty())
    localDecls(body, *b, numParams);
  labels.clear();
  labelCounter = 0;
  const Expr &x = b->code;
  // `)` stands at the final `end` (on its own line with offsets).
  uint64_t endOff = x.ops.empty() ? NoOffset : opOffset(x.ops.size() - 1);
  if (b->locals.empty() && x.ops.size() <= 1 && !opts.printOffsets) {
    // An empty body closes on the signature's line, as wasm-tools prints it.
    o.back() = ')';
    o += '\n';
    return;
  }
  // Legacy exception handling (try/catch/delegate) has no folded printing.
  bool fold = opts.fold;
  for (size_t i = 0; fold && i < x.ops.size(); ++i)
    fold = x.ops[i].op != Opcode::Try && x.ops[i].op != Opcode::Catch &&
           x.ops[i].op != Opcode::CatchAll && x.ops[i].op != Opcode::Delegate;
  const std::vector<std::string> *stacks =
      opts.operandStacks ? opts.operandStacks(inputBase, defIndex) : nullptr;
  if (fold) {
    unsigned results = typeIndex < types.size() && types[typeIndex] &&
                               types[typeIndex]->composite.kind == typecode::FuncType
                           ? unsigned(types[typeIndex]->composite.results.size())
                           : 0;
    foldedBody(x, results, opOffset, stacks);
    line(2, endOff);
    o += ")\n";
    return;
  }
  flatBody(x, defIndex, opOffset, stacks);
  line(2, endOff);
  o += ")\n";
}

} // namespace detail

} // namespace wcomp::text
