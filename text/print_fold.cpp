//===- text/print_fold.cpp - Core printer: folded instructions (--fold) -----===//
//
// Folding only regroups the text: `(i32.add (local.get 0) (i32.const 1))`
// flattens back to exactly the instructions it was made of, so any grouping
// parses to the same bytes. Instructions whose operand counts are known
// (from the signature table, the function and block types) take the
// expressions right before them as operands; anything else (a count that
// does not add up, an unknown shape) is printed as a statement of its own.
//
//===----------------------------------------------------------------------===//
#include "text/module_printer.h"

#include "validate/signatures.h"

namespace wcomp::text::detail {

namespace {
/// Operand and result counts of a function type (false if not one).
bool funcArity(const std::vector<const SubType *> &types, uint32_t t, unsigned &pops,
               unsigned &pushes) {
  if (t >= types.size() || !types[t] || types[t]->composite.kind != typecode::FuncType)
    return false;
  pops = unsigned(types[t]->composite.params.size());
  pushes = unsigned(types[t]->composite.results.size());
  return true;
}
} // namespace

bool ModulePrinter::arity(const Operator &op, unsigned &pops, unsigned &pushes) const {
  const auto &sig = validate::sigs::simpleTable.sigs[unsigned(op.op)];
  if (sig.kind != validate::sigs::SimpleSig::None) {
    pops = sig.numParams;
    pushes = sig.numResults;
    return true;
  }
  auto set = [&](unsigned p, unsigned r) {
    pops = p;
    pushes = r;
    return true;
  };
  switch (op.op) {
  case Opcode::I32Const: case Opcode::I64Const: case Opcode::F32Const: case Opcode::F64Const:
  case Opcode::V128Const: case Opcode::LocalGet: case Opcode::GlobalGet: case Opcode::RefNull:
  case Opcode::RefFunc: case Opcode::MemorySize: case Opcode::TableSize:
    return set(0, 1);
  case Opcode::LocalSet: case Opcode::GlobalSet: case Opcode::Drop: return set(1, 0);
  case Opcode::LocalTee: case Opcode::MemoryGrow: case Opcode::TableGet: case Opcode::RefIsNull:
  case Opcode::RefAsNonNull:
    return set(1, 1);
  case Opcode::TableSet: return set(2, 0);
  case Opcode::TableGrow: case Opcode::I8x16Shuffle: return set(2, 1);
  case Opcode::Select: case Opcode::SelectT: return set(3, 1);
  case Opcode::MemoryFill: case Opcode::MemoryCopy: case Opcode::MemoryInit:
  case Opcode::TableFill: case Opcode::TableCopy: case Opcode::TableInit:
    return set(3, 0);
  case Opcode::Nop: case Opcode::Unreachable: case Opcode::DataDrop: case Opcode::ElemDrop:
  case Opcode::Br: case Opcode::Return:
    return set(0, 0);
  case Opcode::BrTable: return set(1, 0);
  case Opcode::Call: case Opcode::ReturnCall:
    return op.a < funcTypes.size() && funcArity(types, funcTypes[op.a], pops, pushes);
  case Opcode::CallIndirect: case Opcode::ReturnCallIndirect: case Opcode::CallRef:
  case Opcode::ReturnCallRef:
    if (!funcArity(types, op.a, pops, pushes))
      return false;
    ++pops; // the table index or the function reference
    if (op.op == Opcode::ReturnCallIndirect || op.op == Opcode::ReturnCallRef)
      pushes = 0;
    return true;
  default: return false;
  }
}

/// foldedBody's state: the expressions not printed yet (a tree in an
/// arena, rendered once when printed: nesting text into text made 100,000
/// stacked operators copy quadratically much), and the open blocks.
class ModulePrinter::Folder {
public:
  Folder(ModulePrinter &p, const Expr &x, unsigned funcResults,
         llvm::function_ref<uint64_t(size_t)> opOffset, const std::vector<std::string> *stacks)
      : p(p), x(x), funcResults(funcResults), opOffset(opOffset), stacks(stacks) {}

  void run() {
    for (; i + 1 < x.ops.size(); ++i) {
      const Operator &op = x.ops[i];
      uint64_t off = opOffset(i);
      if (structured(op, off))
        continue;
      operation(op, off);
    }
    flush();
  }

private:
  /// An expression `(op child...)`.
  struct Node {
    std::string text; ///< the operator, without parentheses
    unsigned results;
    uint64_t offset;
    std::vector<uint32_t> kids;
    unsigned depth = 1; ///< parentheses, this one included
  };
  /// How an open structured instruction is printed.
  enum Frame : uint8_t {
    FoldedBlock, ///< `(block ...)`
    FoldedIf,    ///< `(if ... )` around its arms
    Arm,         ///< `(then` or `(else` open
    Flat         ///< printed flat: its `end` closes it
  };
  // Folding stops at these depths (blocks are then printed flat, operands
  // as statements before their operator), so the text never nests deeper
  // than the parser reads (MaxTextNesting).
  static constexpr unsigned MaxFoldedFrames = 500, MaxExprDepth = 500;

  /// The text of expression `root`, with an explicit stack: the nesting is
  /// as deep as the function makes it.
  std::string render(uint32_t root) const {
    std::string out = "(" + nodes[root].text;
    std::vector<std::pair<uint32_t, size_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto &[n, next] = stack.back();
      if (next == nodes[n].kids.size()) {
        out += ')';
        stack.pop_back();
        continue;
      }
      uint32_t c = nodes[n].kids[next++];
      out += " (";
      out += nodes[c].text;
      stack.push_back({c, 0});
    }
    return out;
  }

  /// Values a branch to a block carries (results; a loop's parameters).
  unsigned blockArity(const Operator &op) const {
    switch (BlockKind(op.flags)) {
    case BlockKind::Empty: return 0;
    case BlockKind::Value: return 1;
    case BlockKind::Index: {
      unsigned params = 0, results = 0;
      if (!funcArity(p.types, op.a, params, results))
        return 0;
      return op.op == Opcode::Loop ? params : results;
    }
    }
    return 0;
  }

  /// Values a branch to label `depth` carries (the function's results for
  /// the outermost), if the label exists.
  std::optional<unsigned> arityOf(uint32_t depth) const {
    if (depth >= labelArity.size())
      return depth == labelArity.size() ? std::optional<unsigned>(funcResults) : std::nullopt;
    return labelArity[labelArity.size() - 1 - depth];
  }

  void emit(const std::string &text, uint64_t off) {
    p.line(4 + 2 * std::min(unsigned(frames.size()), MaxIndent), off);
    p.o += text;
    p.o += '\n';
    p.flushIfBig();
  }

  /// Prints the pending expressions as statements.
  void flush() {
    for (uint32_t n : pending)
      emit(render(n), nodes[n].offset);
    pending.clear();
  }

  /// Instruction i's text; with operand stacks, the stack after it as a
  /// block comment (inside a block's `;; label` comment, as wasm-tools
  /// writes it).
  std::string text(const Operator &op) {
    std::string saved;
    std::swap(saved, p.o);
    p.instr(op, x.pool);
    if (stacks && i < stacks->size())
      p.o.append(" (; ").append((*stacks)[i]).append(" ;)");
    std::swap(saved, p.o);
    return saved;
  }

  /// Opens a block, printed folded unless folding is too deep.
  void open(const Operator &op, uint64_t off, Frame folded) {
    if (frames.size() + (folded == FoldedIf) >= MaxFoldedFrames) {
      emit(text(op), off);
      frames.push_back(Flat);
    } else {
      emit(std::string("(").append(text(op)), off);
      frames.push_back(folded);
    }
    labelArity.push_back(blockArity(op));
  }

  /// Closes the innermost block's label.
  void popLabel() {
    if (!p.labels.empty())
      p.labels.pop_back();
    if (!labelArity.empty())
      labelArity.pop_back();
  }

  /// block, loop, try_table, if, else, end; false for other instructions
  /// (and for an `else` or `end` with no block to close: printed as is).
  bool structured(const Operator &op, uint64_t off) {
    switch (op.op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::TryTable:
      flush();
      open(op, off, FoldedBlock);
      return true;
    case Opcode::If: {
      if (frames.size() + 1 >= MaxFoldedFrames) {
        flush();
        open(op, off, FoldedIf);
        return true;
      }
      // The condition, when it is the expression just before, goes inside.
      std::optional<uint32_t> cond;
      if (!pending.empty() && nodes[pending.back()].results == 1) {
        cond = pending.back();
        pending.pop_back();
      }
      flush();
      open(op, off, FoldedIf);
      if (cond)
        emit(render(*cond), nodes[*cond].offset);
      emit("(then", NoOffset);
      frames.push_back(Arm);
      return true;
    }
    case Opcode::Else:
      flush();
      if (frames.empty() || (frames.back() != Flat && frames.back() != Arm))
        return false;
      if (frames.back() == Flat) {
        frames.pop_back(); // `else` stands one level out, as `if` did
        emit(text(op), off);
        frames.push_back(Flat);
        return true;
      }
      frames.pop_back();
      emit(")", NoOffset);
      emit("(else", off);
      frames.push_back(Arm);
      return true;
    case Opcode::End:
      flush();
      if (frames.empty())
        return false;
      if (frames.back() == Flat) {
        frames.pop_back();
        popLabel();
        emit(text(op), off);
        return true;
      }
      if (frames.back() == Arm) {
        frames.pop_back();
        emit(")", NoOffset);
      }
      if (!frames.empty())
        frames.pop_back();
      popLabel();
      emit(")", off);
      return true;
    default:
      return false;
    }
  }

  /// Any other instruction: an expression taking the pending expressions
  /// before it as operands when their results add up exactly to what it
  /// pops; otherwise what is pending is printed as is first.
  void operation(const Operator &op, uint64_t off) {
    unsigned pops = 0, pushes = 0;
    bool known = p.arity(op, pops, pushes);
    if (op.op == Opcode::Br || op.op == Opcode::BrIf || op.op == Opcode::BrTable ||
        op.op == Opcode::Return) {
      std::optional<unsigned> n = op.op == Opcode::Return    ? std::optional<unsigned>(funcResults)
                                  : op.op == Opcode::BrTable ? arityOf(op.c)
                                                             : arityOf(op.a);
      known = n.has_value();
      if (known) {
        pops = *n + (op.op == Opcode::BrIf || op.op == Opcode::BrTable);
        pushes = op.op == Opcode::BrIf ? *n : 0;
      }
    }
    if (!known) {
      flush();
      emit(text(op), off);
      return;
    }
    size_t k = pending.size();
    unsigned got = 0;
    while (k > 0 && got < pops && nodes[pending[k - 1]].results > 0)
      got += nodes[pending[--k]].results;
    Node n{text(op), pushes, off, {}, 1};
    for (size_t j = k; j < pending.size(); ++j)
      n.depth = std::max(n.depth, nodes[pending[j]].depth + 1);
    if (got == pops && n.depth <= MaxExprDepth) {
      n.kids.assign(pending.begin() + k, pending.end());
      pending.resize(k);
    } else {
      flush();
      n.depth = 1;
    }
    nodes.push_back(std::move(n));
    uint32_t id = uint32_t(nodes.size() - 1);
    if (pushes == 0) {
      flush();
      emit(render(id), off);
    } else {
      pending.push_back(id);
    }
  }

  ModulePrinter &p;
  const Expr &x;
  unsigned funcResults;
  llvm::function_ref<uint64_t(size_t)> opOffset;
  const std::vector<std::string> *stacks;
  size_t i = 0; ///< the instruction being printed
  std::vector<Node> nodes;
  std::vector<uint32_t> pending;   ///< expressions not printed yet, in order
  std::vector<Frame> frames;       ///< open structured instructions
  std::vector<unsigned> labelArity; ///< per open label: what a branch to it carries
};

void ModulePrinter::foldedBody(const Expr &x, unsigned funcResults,
                               llvm::function_ref<uint64_t(size_t)> opOffset,
                               const std::vector<std::string> *stacks) {
  Folder(*this, x, funcResults, opOffset, stacks).run();
}

} // namespace wcomp::text::detail
