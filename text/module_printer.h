//===- text/module_printer.h - Core module printer state (internal) -*- C++ -*-===//
#pragma once

#include "text/print_module.h"
#include "text/wat_module.h"

namespace wcomp::text::detail {

using namespace binary;

/// Renames names that repeat within a space (text ids must be unique) to
/// `#<group><index> <name>`, so the printed text parses back.
void dedupeNames(llvm::DenseMap<uint32_t, std::string> &map, llvm::StringRef group);
/// Appends a defining `$id`, plus `(@name "...")` for a renamed one.
void appendDefId(std::string &out, llvm::StringRef name);

/// Prints one core module: items in binary order, instructions flat, into a
/// buffer flushed to the stream in large pieces. Split over print_module.cpp
/// (module items) and print_instr.cpp (types and instructions).
/// A branch hint: the instruction it is for (index in the body), its value
/// and where the hint is encoded (wasm-tools' `--print-offsets` place).
struct BranchHint {
  uint32_t index = 0;
  uint8_t value = 0;
  uint64_t offset = NoOffset;
};

class ModulePrinter {
public:
  ModulePrinter(llvm::raw_ostream &os, const Module &m, const PrintOptions &opts, unsigned indent)
      : os(os), m(m), opts(opts), baseIndent(indent) {}

  /// Prints `header $name suffix`, the items and `)`; `outerName` (the
  /// enclosing component's name for the module) replaces the module's own.
  void print(llvm::StringRef header, llvm::StringRef outerName = {}, llvm::StringRef suffix = {},
             uint64_t headerOffset = NoOffset);

  // Pieces for the core type spaces of components (see print_component.cpp):
  // the printer then holds no module, only the types pushed so far.
  /// Starts printing a core type space with no names.
  void startTypeSpace() { names.spaces.resize(NumSpaces); }
  /// Names a type of the space.
  void nameType(uint32_t i, std::string n) { names.spaces[STypes][i] = std::move(n); }
  /// Registers the next type index (null for a module type or an alias).
  void pushType(const SubType *st) { types.push_back(st); }
  /// Appends a type definition's body, `(func ...)`, `(sub ...)`, ...
  void printSubType(const SubType &st, uint32_t typeIndex) { subType(st, typeIndex); }
  /// Appends ` (func (type N))` & co. of an import or export declaration.
  void printImportDesc(const Import &imp) { importDesc(imp, nullptr); }
  /// The text appended so far (taken by the caller).
  std::string &text() { return o; }

private:
  void importDesc(const Import &imp, uint32_t *counters);
  void flushIfBig() {
    if (o.size() > (1 << 16)) {
      os << o;
      o.clear();
    }
  }
  /// Indents a new line; like wasm-tools, never deeper than 50 levels, which
  /// also keeps deeply nested input from making the output quadratic.
  void line(unsigned extra, uint64_t offset = NoOffset) {
    if (opts.printOffsets)
      appendOffset(o, offset);
    o.append(std::min(baseIndent + extra, MaxIndent), ' ');
  }
  /// The offset of entry `i` of section `sec` (recorded when printing offsets).
  uint64_t itemOffset(uint8_t sec, size_t i) const {
    if (sec >= m.itemOffsets.size() || i >= m.itemOffsets[sec].size())
      return NoOffset;
    return m.itemOffsets[sec][i];
  }
  void defName(Space s, uint32_t i) {
    auto it = names.spaces[s].find(i);
    if (it != names.spaces[s].end()) {
      o += ' ';
      appendDefId(o, it->second);
    } else if (opts.nameUnnamed) {
      o += ' ';
      madeName(s, i);
    }
    o += " (;";
    o += std::to_string(i);
    o += ";)";
  }
  void ref(Space s, uint32_t i) {
    auto it = names.spaces[s].find(i);
    if (it != names.spaces[s].end())
      appendId(o, it->second);
    else if (opts.nameUnnamed)
      madeName(s, i);
    else
      o += std::to_string(i);
  }
  /// `$#func3`: --name-unnamed's name of item `i` of space `s`.
  void madeName(Space s, uint32_t i) {
    static const char *descs[NumSpaces] = {"type",   "func", "table", "memory",
                                           "global", "tag",  "elem",  "data"};
    o += "$#";
    o += descs[s];
    o += std::to_string(i);
  }
  void heapType(const HeapType &h);
  /// The reference type of a cast instruction (ref.test, ref.cast,
  /// br_on_cast): abbreviated where wasm-tools abbreviates it.
  void castType(bool nullable, const HeapType &h);
  /// A struct field of `type`: its name when it has one, else its index.
  void fieldRef(uint32_t type, uint32_t field);
  void valType(const ValType &t);
  void refTypeOf(bool nullable, const HeapType &h);
  void funcSig(const CompositeType &c, const llvm::DenseMap<uint32_t, std::string> *paramNames);
  void subType(const SubType &st, uint32_t typeIndex);
  void typeUse(uint32_t typeIndex, bool withSig,
               const llvm::DenseMap<uint32_t, std::string> *paramNames = nullptr);
  /// The local names of function `funcIndex`; with --name-unnamed, its
  /// first `count` locals made up where unnamed (in madeLocals).
  const llvm::DenseMap<uint32_t, std::string> *localsOf(uint32_t funcIndex, uint32_t count);
  /// Prints a `dylink.0` custom section as `(@dylink.0 ...)` (true), or
  /// false to print it raw after the comment saying why it does not decode.
  bool dylinkAt(const binary::CustomSection &c, uint64_t off);
  /// The names `map` holds for `index` (type or tag parameters), or null.
  static const llvm::DenseMap<uint32_t, std::string> *
  namesOf(const llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> &map,
          uint32_t index);
  /// Makes up `$#localN` names for locals [from, to) (in madeLocals).
  void nameLocals(uint32_t from, uint32_t to);
  void limits(const Limits &l);
  void tableType(const TableType &t);
  void globalType(const GlobalType &g);
  void constExpr(const Expr &x);
  void offsetExpr(const Expr &x);
  void instr(const Operator &op, const ImmPool &pool);
  // instr()'s larger immediates (print_instr.cpp).
  void blockImm(const Operator &op, const ImmPool &pool, bool tryTable);
  void resumeImm(const Operator &op, const ImmPool &pool, bool resumeThrow);
  void memArgImm(const Operator &op, bool lane);
  void floatImm(uint64_t bits, bool f32);
  void bulkImm(const Operator &op, ImmKind imm);
  void vectorImm(const Operator &op, ImmKind imm);
  void localImm(uint32_t index);
  void blockType(const Operator &op);
  void label(uint32_t depth);
  void func(uint32_t defIndex);
  /// func()'s local declarations of decoded body `b` (read from `body`).
  void localDecls(const FunctionBody &body, const FunctionBody &b, uint32_t numParams);
  /// func()'s instructions one a line (not --fold), with branch hints and
  /// operand stacks.
  void flatBody(const Expr &x, uint32_t defIndex, llvm::function_ref<uint64_t(size_t)> opOffset,
                const std::vector<std::string> *stacks);
  // print_hints.cpp
  /// Decodes a branch-hint section printable as annotations (hintCustom).
  void findBranchHints();
  /// Prints the annotation due before instruction `opIndex`, if any.
  void branchHint(uint32_t defIndex, size_t opIndex, size_t &next, unsigned extra);
  // print_fold.cpp
  class Folder;
  bool arity(const Operator &op, unsigned &pops, unsigned &pushes) const;
  /// Prints a body folded; `stacks` (or null) is the operand stack after
  /// each instruction, shown as `(; [i32] ;)` after it (--print-operand-stack).
  void foldedBody(const Expr &x, unsigned funcResults,
                  llvm::function_ref<uint64_t(size_t)> opOffset,
                  const std::vector<std::string> *stacks);
  void data(uint32_t i);
  void elem(uint32_t i);
  // print()'s sections (print_module.cpp).
  /// Custom section `nextCustom` (advanced past it), found after section
  /// `afterId`: as `@producers`/`@dylink.0` annotations, or `@custom`.
  void customSection(uint8_t afterId, uint64_t off, size_t &nextCustom);
  /// The type section, rec groups as wasm-tools places them.
  void typeSection();
  /// The import section (compact groups too); `counters` counts each space.
  void importSection(uint32_t *counters);
  /// The table, memory, tag, global or export section `id`.
  void definitions(uint8_t id, uint32_t *counters);

public:
  /// Where the module's bytes are (set by printModule): `--print-offsets`
  /// places its closing `)` at its end and custom sections by their bytes.
  const uint8_t *inputStart = nullptr;
  uint64_t inputBase = 0, endOffset = NoOffset;
  /// The first function body that could not be decoded (printed as a
  /// `;; malformed body` comment); printModule fails with it.
  std::optional<binary::ErrorReport> bodyError;

private:
  /// The absolute offset of a byte of the input.
  uint64_t absOf(const uint8_t *p) const {
    return inputStart ? inputBase + uint64_t(p - inputStart) : NoOffset;
  }
  /// Where the name `name` (a view into the input) is encoded: its length
  /// byte. A custom section is placed there, as wasm-tools places it.
  uint64_t nameOffset(llvm::StringRef name) const;

  llvm::raw_ostream &os;
  const Module &m;
  const PrintOptions &opts;
  unsigned baseIndent;
  std::string o;
  ModuleNames names;
  std::vector<const SubType *> types;
  std::vector<uint32_t> funcTypes;
  uint32_t imported[NumSpaces] = {};
  // Per-function state.
  const llvm::DenseMap<uint32_t, std::string> *localNames = nullptr;
  const llvm::DenseMap<uint32_t, std::string> *labelNames = nullptr;
  llvm::DenseMap<uint32_t, std::string> madeLocals; ///< --name-unnamed's local names
  struct Label {
    const std::string *name;
    std::string made; ///< --name-unnamed's `#labelN` when `name` is null
  };
  std::vector<Label> labels;
  uint32_t labelCounter = 0;
  /// Index in m.customs of the branch-hint section printed as annotations
  /// (~0: none), and its hints per defined function (instruction index, value).
  size_t hintCustom = ~size_t(0);
  std::vector<std::vector<BranchHint>> branchHints;
};

} // namespace wcomp::text::detail
