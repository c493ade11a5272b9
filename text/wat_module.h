//===- text/wat_module.h - Core module text parser (internal) --*- C++ -*-===//
#pragma once

#include <optional>

#include "binary/module.h"
#include "binary/name_section.h"
#include "text/parser_base.h"

#include "binary/component.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <deque>
#include <vector>

namespace wcomp::text {

/// Index spaces of a core module's text.
enum Space : uint8_t { STypes, SFuncs, STables, SMems, SGlobals, STags, SElems, SDatas, NumSpaces };
static_assert(STypes == binary::namespace_::Types && SFuncs == binary::namespace_::Funcs &&
                  SGlobals == binary::namespace_::Globals && STags == binary::namespace_::Tags &&
                  NumSpaces == binary::namespace_::Count,
              "the name section decoder fills spaces in this order");

/// The index space of an import or item keyword (`func`, `table`,
/// `memory`, `global`, `tag`); false for any other word.
bool kindSpace(llvm::StringRef kw, Space &s);

/// An `iN` literal (N = 8, 16, 32, 64; signed or unsigned range) into its
/// two's-complement bits, consuming the token (wat_data.cpp).
bool intLiteral(TokenStream &ts, unsigned bits, uint64_t &v);
/// An f32 literal (decimal, hex, `inf`, `nan:0x..`) into its bits.
bool f32Literal(TokenStream &ts, uint32_t &bits);
/// An f64 literal into its bits.
bool f64Literal(TokenStream &ts, uint64_t &bits);

/// Parses the fields of a core module (the stream stands just after
/// `module` and its optional `$id`) into a binary module, resolving symbolic
/// names, type uses and inline imports/exports/segments. Two passes: the
/// first numbers every named item (imports before definitions), the second
/// builds the model, explicit types first so implicit type uses can reuse
/// them.
class ModuleParser {
public:
  ModuleParser(TokenStream &ts, llvm::StringRef moduleName) : ts(ts), moduleName(moduleName) {}

  /// Parses up to (not including) the closing `)` and encodes the module.
  bool parse(std::vector<uint8_t> &out);

  // Shared with the instruction parser.
  struct LocalCtx {
    llvm::StringMap<uint32_t> localNames;
    std::vector<std::pair<uint32_t, std::string>> localNameList;
    std::vector<std::pair<uint32_t, std::string>> labelNameList;
    llvm::SmallVector<llvm::StringRef, 16> labels; ///< open blocks, innermost last ("" unnamed)
    llvm::SmallVector<uint8_t, 16> labelKinds;     ///< opcode byte of each open block
    uint32_t labelCount = 0;                       ///< structured instructions so far
    uint32_t numLocals = 0;
    /// A `(@metadata.code.branch_hint "\0N")` waiting for its instruction.
    std::optional<uint8_t> pendingHint;
    /// Branch hints of the body: instruction index in the Expr, value.
    std::vector<std::pair<uint32_t, uint8_t>> hints;
  };
  /// Branch hints per function (absolute function index), encoded as the
  /// `metadata.code.branch_hint` section before the code section.
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, uint8_t>>>> branchHints;
  bool parseBranchHint(LocalCtx &ctx);
  /// The contents of the `metadata.code.branch_hint` section.
  std::string encodeBranchHints() const;

  bool parseExprUntilParen(binary::Expr &x, LocalCtx &ctx);
  bool parseConstExpr(binary::Expr &x);
  bool parseFoldedOrPlain(binary::Expr &x, LocalCtx &ctx);
  bool parsePlainInstr(binary::Expr &x, LocalCtx &ctx);
  bool parseFolded(binary::Expr &x, LocalCtx &ctx);
  /// A folded instruction itself, after its operands, with the branch
  /// hint given before it.
  void pushFolded(binary::Expr &x, LocalCtx &ctx, const binary::Operator &op,
                  std::optional<uint8_t> hint);
  /// parseFolded's `(if label? blocktype cond* (then ...) (else ...)?)`.
  bool parseFoldedIf(binary::Operator &op, binary::Expr &x, LocalCtx &ctx,
                     std::optional<uint8_t> hint);
  /// parseFolded's legacy `(try (do ...) (catch ...)* (delegate l)?)`.
  bool parseFoldedTry(binary::Operator &op, binary::Expr &x, LocalCtx &ctx,
                      std::optional<uint8_t> hint);
  bool parseImmediates(binary::Operator &op, binary::Expr &x, LocalCtx &ctx, uint32_t opOffset);
  bool parseBlockType(binary::Operator &op, LocalCtx &ctx);
  // parseImmediates' larger immediates (wat_instr.cpp).
  /// br_table's labels (the last is the default).
  bool parseBrTable(binary::Operator &op, binary::Expr &x, LocalCtx &ctx);
  /// A local, by name or index.
  bool parseLocalRef(binary::Operator &op, LocalCtx &ctx);
  /// A shared-everything atomic access: the ordering, then what is accessed.
  bool parseAtomicAccess(binary::Operator &op);
  /// resume and resume_throw: the type, the tag thrown, the `(on ...)` handlers.
  bool parseResume(binary::Operator &op, binary::Expr &x, LocalCtx &ctx);
  /// A lane access: an optional memory, the memory argument, the lane.
  bool parseMemArgLane(binary::Operator &op);
  /// ref.null's heap type, or a cast's reference type.
  bool parseHeapTypeImm(binary::Operator &op);
  /// `select (result t*)*`: the typed select.
  bool parseSelectResults(binary::Operator &op, binary::Expr &x);
  bool parseLabelRef(uint32_t &depth, LocalCtx &ctx);
  bool parseMemArg(binary::Operator &op, unsigned naturalAlign, bool allowMemIndex);
  bool parseBlockStart(binary::Operator &op, binary::Expr &x, LocalCtx &ctx);
  bool parseCatches(binary::Operator &op, binary::Expr &x, LocalCtx &ctx);
  bool closeLabel(LocalCtx &ctx, bool checkLabel);

  bool parseIndex(Space s, uint32_t &idx);
  bool peekIndex() const;
  bool parseU32(uint32_t &v);
  bool parseU64(uint64_t &v);
  bool parseValType(binary::ValType &t, bool allowPacked = false);
  bool parseRefType(binary::ValType &t);
  /// Value types up to the next `)`.
  bool parseValTypes(std::vector<binary::ValType> &out);
  bool parseHeapType(binary::HeapType &h);
  bool isValTypeStart() const;
  /// Parses `(type x)? (param ...)* (result ...)*`; `paramNames` (when not
  /// null) receives the names of inline params.
  bool parseTypeUse(uint32_t &typeIndex, std::vector<std::string> *paramNames,
                    bool allowNames, uint32_t *numParams = nullptr);
  /// An optional `(type x)`.
  bool parseTypeRef(std::optional<uint32_t> &idx);
  uint32_t internFuncType(std::vector<binary::ValType> params, std::vector<binary::ValType> results);
  const binary::SubType *typeAt(uint32_t idx) const;
  llvm::StringRef save(llvm::StringRef s) { return saver.save(s); }

  // Core type spaces outside a module: the component parser keeps one
  // ModuleParser per scope to name and parse its core types with the rules
  // (and GC type syntax) of modules.
  /// Parses `$id? subtype )` (after `type`) or `(type ...)* )` (after
  /// `rec`), registers the names and returns the new rec group.
  bool parseLooseTypes(bool rec, binary::RecGroup &out);
  /// Names an existing type for lookups only (not in the name section).
  bool addTypeName(llvm::StringRef name, uint32_t index) {
    names[STypes].try_emplace(name, index);
    return true;
  }
  /// Allocates a core type index defined elsewhere (a module type, an alias).
  bool addOpaqueType(llvm::StringRef name, uint32_t offset);
  /// The named types, in definition order.
  const std::vector<std::pair<uint32_t, std::string>> &typeNames() const { return nameList[STypes]; }
  /// The index of a named type, if any.
  std::optional<uint32_t> findType(llvm::StringRef name) const {
    auto it = names[STypes].find(name);
    if (it == names[STypes].end())
      return std::nullopt;
    return it->second;
  }
  /// The number of core types so far.
  uint32_t typeCount() const { return uint32_t(typeLoc.size()); }
  /// Resolves `outer` alias operands `ct idx` to a scope count and index.
  using OuterResolver = llvm::function_ref<bool(uint32_t &count, uint32_t &index)>;
  /// Parses the declarations of a `(module ...)` core type up to its `)`
  /// (not consumed): types, imports, exports and outer type aliases; inline
  /// function types become type declarations placed before their use.
  bool parseModuleTypeDecls(std::vector<binary::ModuleTypeDecl> &decls, OuterResolver outer);

private:
  struct PendingItem {
    std::string name;
    uint32_t offset;
    bool imported;
  };
  bool scanFields();
  bool checkImportOrder(uint32_t offset);
  bool scanItem(Space s, llvm::StringRef kw);
  bool assignIndices();
  bool addName(Space s, uint32_t index, llvm::StringRef name, uint32_t offset);
  bool takeId(std::string &id, uint32_t &offset);

  bool parseTypes();
  bool parseTypeField(binary::RecGroup &g, bool inRec);
  /// parseSubType's `(func (param ...)* (result ...)*)` contents (names
  /// of parameters recorded for type `typeIndex`).
  bool parseFuncTypeBody(binary::CompositeType &c, uint32_t typeIndex);
  /// parseSubType's `(struct (field ...)*)` contents (field names recorded).
  bool parseStructTypeBody(binary::CompositeType &c, uint32_t typeIndex);
  bool parseSubType(binary::SubType &st, uint32_t typeIndex);
  bool parseFieldType(binary::FieldType &f);
  bool parseFields();
  bool parseInlineExports(uint8_t kind, uint32_t index);
  bool parseImportField();
  /// The description of an import after its kind keyword (and id); a
  /// function's parameter names, where it names them, go to the local names
  /// of function `funcIndex`, as wasm-tools records them.
  bool parseImportDesc(binary::Import &imp, llvm::StringRef kw, uint32_t funcIndex = ~0u);
  /// Records `names` (one per parameter, "" for unnamed) as an indirect
  /// name-map entry of `index` in `list`, when any is named.
  static void addParamNames(
      std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> &list,
      uint32_t index, const std::vector<std::string> &names);
  /// The compact import forms (compact-imports), after the module name.
  bool parseCompactImport(const std::string &mod);
  /// Pass 1 of the compact import forms: numbers their items.
  bool scanCompactImport(uint32_t at);
  bool parseItemHead(Space s, uint8_t kind, llvm::StringRef kw, uint32_t &index, bool &done);
  bool parseFunc();
  bool parseTable();
  bool parseMemory();
  bool parseGlobal();
  bool parseTag();
  bool parseExport();
  bool parseStart();
  bool parseElem();
  bool parseData();
  bool parseCustom();
  bool parseLimits(binary::Limits &l, bool is64);
  bool parseMemoryType(binary::Limits &l);
  bool parseTableType(binary::TableType &t);
  bool parseGlobalType(binary::GlobalType &g);
  bool parseOffsetExpr(binary::Expr &x);
  bool parseElemList(binary::ElementSegment &seg, bool legacyFuncs);
  bool parseDataStrings(std::string &out);
  /// A data segment's contents: strings and numeric values, `(i8 1 2)`,
  /// `(i16 ...)`, `(i32 ...)`, `(i64 ...)`, `(f32 ...)`, `(f64 ...)`,
  /// `(v128 i32x4 ...)`, little-endian (wasm-tools' numeric-values syntax).
  bool parseDataValues(std::string &out);
  /// The shape and lanes of a v128 literal into 16 bytes.
  bool parseV128Lanes(uint8_t *out);
  bool parseBody(binary::FunctionBody &body, uint32_t typeIndex,
                 std::vector<std::string> &paramNames, uint32_t funcIndex);
  void encode(std::vector<uint8_t> &out);
  void encodeNames(binary::Encoder &e);

  TokenStream &ts;
  std::string moduleName;
  uint32_t fieldsStart = 0;
  llvm::BumpPtrAllocator alloc;
  llvm::StringSaver saver{alloc};
  std::deque<std::string> blobs; ///< owned data segment bytes and custom contents

  std::vector<PendingItem> pending[NumSpaces];
  llvm::StringMap<uint32_t> names[NumSpaces];
  std::vector<std::pair<uint32_t, std::string>> nameList[NumSpaces];
  uint8_t firstDefinition = NumSpaces; ///< kind of the first definition seen
  uint32_t importCount[NumSpaces] = {};
  uint32_t nextImport[NumSpaces] = {};
  uint32_t nextDef[NumSpaces] = {};
  std::vector<llvm::StringMap<uint32_t>> fieldNames; ///< per type index
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> fieldNameList;
  /// Parameter names of function types (name subsection 12) and of defined
  /// tags (subsection 13).
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> typeParamNameList,
      tagParamNameList;
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> localNames;
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> labelNames;
  std::vector<std::pair<uint32_t, uint32_t>> typeLoc; ///< type index -> (group, position)
  /// typeLoc group of a type defined outside this space (see addOpaqueType).
  static constexpr uint32_t OpaqueType = ~0u;
  uint32_t explicitTypes = 0;
  /// internFuncType's signature -> type index map and how many types of
  /// typeLoc it has looked at.
  llvm::StringMap<uint32_t> funcTypeByKey;
  uint32_t keyedTypes = 0;
  bool sawDataIndexUse = false;
  bool inFunctionBody = false; ///< parsing a function's instructions
  struct Custom {
    llvm::StringRef name;
    uint8_t anchor; ///< section id it follows (0 = before everything)
    bool afterLast; ///< `(after last)` or unplaced: after the anchored ones
    llvm::ArrayRef<uint8_t> data;
  };
  std::vector<Custom> customs;
  binary::Module m;
  llvm::StringMap<std::string> nameAnnotations; ///< id -> `(@name ...)` text

public:
  /// Mark that an instruction referenced a data segment (needs DataCount).
  /// Only function bodies count, as in wasm-tools: a data index in a
  /// constant expression (`array.new_data` in a global) adds no DataCount.
  void noteDataUse() { sawDataIndexUse |= inFunctionBody; }
  /// Field-name lookup for struct.get & co.
  bool parseFieldIndex(uint32_t typeIndex, uint32_t &idx);
};

} // namespace wcomp::text
