//===- text/component_parser.h - Component text parser (internal) -*- C++ -*-===//
#pragma once

#include "binary/component.h"
#include "text/component_space.h"
#include "text/parser_base.h"
#include "text/wat_module.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <deque>
#include <memory>
#include <vector>

namespace wcomp::text {

/// Parses a component's contents after `component` (and `definition`):
/// `$id? binary "..."*`, `$id? quote "..."*` or component fields, up to the
/// closing `)` (not consumed). `isText` reports whether it was written in text.
bool parseComponentBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText);

/// Parses the component text format (Explainer.md) in one pass: items are
/// numbered as they are met, and the sugar forms (inline type definitions,
/// inline aliases `(func $i "name")`, inline instances, inline exports,
/// `(func (canon lift ...))`) are expanded into separate definitions placed
/// before (or, for inline exports, after) the item that uses them, the way
/// wasm-tools expands them, so the same text gives the same binary.
class ComponentParser {
public:
  explicit ComponentParser(TokenStream &ts) : ts(ts) {}

  /// Parses the fields of a component after `component $id?` up to its `)`
  /// (not consumed) and encodes it.
  bool parse(llvm::StringRef id, std::vector<uint8_t> &out);

private:
  /// One scope of index spaces: a component or a component/instance type.
  struct Scope {
    enum Kind : uint8_t { Component, ComponentType, InstanceType } kind = Component;
    std::string id;
    llvm::StringMap<uint32_t> names[NumCSpaces];
    std::vector<std::pair<uint32_t, std::string>> nameList[NumCSpaces];
    uint32_t count[NumCSpaces] = {};
    binary::Component *comp = nullptr;           ///< component scopes
    std::vector<binary::TypeDecl> *decls = nullptr; ///< type scopes
    std::unique_ptr<ModuleParser> core;          ///< the core type space
    std::vector<binary::ComponentExport> deferredExports; ///< inline exports
  };
  Scope &cur() { return *scopes.back(); }

  // component_parser.cpp: scopes, names, emission, top-level fields.
  bool parseComponentFields();
  bool parseField();
  /// `$id? (export "n")*` of an item defined at component level.
  struct ItemHead {
    std::string id;
    uint32_t offset = 0;
    std::vector<binary::ExternName> exports;
  };
  bool parseItemHead(uint32_t at, const char *what, ItemHead &h);
  bool parseInlineImport(uint8_t kind);
  /// Numbers the item (and its name) and queues its inline exports.
  bool finishItem(CSpace s, ItemHead &h);
  bool parseNestedComponent(uint32_t at);
  bool parseCoreModule(uint32_t at);
  bool parseImport();
  bool parseExport();
  bool parseStart();
  bool parseInlineExports(std::vector<binary::ExternName> &names);
  bool atBareName(llvm::StringRef kw) const;
  bool atInlineImport() const { return atBareName("import"); }
  static bool isNameOption(llvm::StringRef kw) {
    return kw == "implements" || kw == "version-suffix" || kw == "external-id";
  }
  void emitInlineExports(std::vector<binary::ExternName> &names, CSpace s, uint32_t index);
  bool takeId(std::string &id, uint32_t &offset);
  bool define(CSpace s, llvm::StringRef id, uint32_t offset, uint32_t &index);
  bool parseIndex(CSpace s, uint32_t &index);
  std::optional<uint32_t> lookup(const Scope &sc, CSpace s, llvm::StringRef id) const;
  bool isIndex() const { return ts.is(Tok::Id) || ts.is(Tok::Atom); }
  bool parseString(llvm::StringRef &out);
  bool parseExternName(binary::ExternName &n);
  binary::ComponentSection &section(uint8_t id);
  void encodeNames(binary::Component &c, const Scope &s);
  bool finishComponent();

  // component_items.cpp: instances, aliases, canon, item references.
  bool parseCoreInstance(uint32_t at);
  bool parseInstance(uint32_t at);
  bool parseCoreInstanceExports(binary::CoreInstance &ci);
  bool parseInstanceExports(binary::Instance &in);
  bool parseAliasField();
  bool parseAliasTarget(binary::Alias &a);
  bool parseItemSugar(CSpace s, uint32_t at);
  bool parseCanonField();
  bool parseCanonBody(binary::Canon &c);
  bool emitCanon(const binary::Canon &c, llvm::StringRef id, uint32_t offset);
  bool parseCanonOpts(std::vector<binary::CanonOpt> &opts);
  bool parseSortKeyword(binary::Sort &s, bool coreContext);
  bool parseItemRef(CSpace s, uint32_t &index);
  bool parseSortRef(binary::SortIdx &item, bool coreContext);
  bool parseOptRef(CSpace s, uint32_t &index);
  bool emitAlias(const binary::Alias &a, uint32_t &index, llvm::StringRef id = {},
                 uint32_t offset = 0);

  // component_types.cpp: value types, type definitions, extern descriptions.
  bool parseValType(binary::CValType &t);
  bool parseDefValType(binary::DefinedType &d);
  /// parseDefValType's `(case $id? "label" T? (refines c)?)*` of a variant.
  bool parseVariantCases(binary::DefinedType &d);
  /// parseDefValType's `T? (error T)?` of a result.
  bool parseResultType(binary::DefinedType &d);
  bool parseFuncTypeBody(binary::FuncType &f);
  bool parseTypeField();
  bool parseModuleTypeBody(binary::CoreTypeDef &t);
  bool parseIndexIn(uint32_t count, CSpace s, uint32_t &index);
  /// `id`: the type's own `$id`, which names the scope of a component or
  /// instance type for `alias outer $id ...` inside it.
  bool parseTypeDef(binary::TypeDef &t, bool allowResource, llvm::StringRef id = "");
  bool parseDecls(binary::TypeDef &t, Scope::Kind kind, llvm::StringRef id);
  bool parseDecl();
  bool parseCoreTypeField();
  bool parseCoreTypeDef(binary::CoreTypeDef &t, std::string &id, uint32_t &off);
  bool parseExternDesc(binary::ExternDesc &d, std::string *id, uint32_t *idOffset);
  bool parseTypeUseOrInline(uint8_t kind, uint32_t &typeIndex);
  bool parseOuter(uint32_t &count, uint32_t &index, CSpace s);
  bool emitType(binary::TypeDef t, uint32_t &index, llvm::StringRef id = {}, uint32_t offset = 0);
  bool emitCoreType(binary::CoreTypeDef t, uint32_t &index, llvm::StringRef id = {},
                    uint32_t offset = 0);
  CSpace descSpace(const binary::ExternDesc &d) const;

  TokenStream &ts;
  std::vector<std::unique_ptr<Scope>> scopes;
  std::vector<std::unique_ptr<ModuleParser>> retired; ///< keep module-type strings alive
  llvm::BumpPtrAllocator alloc;
  llvm::StringSaver saver{alloc};
  std::deque<std::string> blobs; ///< nested binaries and custom section contents
  llvm::StringMap<std::string> nameAnnotations; ///< id -> `(@name ...)` text
  bool implicitOuterAliases = true; ///< off while resolving `outer` operands
  std::string displayName(llvm::StringRef id) const {
    auto it = nameAnnotations.find(id);
    return it != nameAnnotations.end() ? it->second : id.str();
  }
};

} // namespace wcomp::text
