//===- compose/wac_reader.h - Reading a WAC document (internal) -*- C++ -*-===//
//
// fromWac() in two parts: wac_types.cpp finds packages and types the
// document's declarations and explicit imports (through wit/),
// wac_eval.cpp evaluates `let` and `export` statements into the graph.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "compose/wac.h"
#include "compose/wac_syntax.h"
#include "wit/ast.h"

#include "llvm/ADT/StringMap.h"

#include <deque>
#include <map>
#include <optional>
#include <set>

namespace wcomp::compose::detail {

/// What a local name of the document is bound to.
struct WacValue {
  enum Kind : uint8_t {
    Import,       ///< import `index` of the composition
    Instance,     ///< instance `index` of the graph (`new`)
    Export,       ///< export `name` of instance `index`
    ImportExport  ///< export `name` of import `index`
  } kind = Import;
  uint32_t index = 0;
  std::string name;
  /// Import: the name an `export` without `as` gives it (an interface
  /// declared in the document is exported by its interface name).
  std::string exportName;
};

/// Names (an instance's exports, a component's imports) indexed for WAC's
/// lookups: by name, and by the last segment of an interface path (`x.api`
/// finds `a:b/api@1.0.0`), so that each lookup is constant time.
struct NameIndex {
  std::vector<std::string> names;
  llvm::StringMap<uint32_t> position;
  /// Last segment -> the one path with it, or UINT32_MAX when several have it.
  llvm::StringMap<uint32_t> bySegment;
  explicit NameIndex(std::vector<std::string> list);
  std::optional<uint32_t> find(llvm::StringRef name) const;
  /// The one path ending in `/id` (`a:b/id@v`), if exactly one does.
  std::optional<std::string> onlyPathEndingIn(llvm::StringRef id) const;
};

/// An import of the composition that the document's declarations type:
/// an explicit `import` statement, or what its types use.
struct PendingImport {
  std::string name; ///< the world's name for it
  validate::CExtern type;
  const wac::Statement *statement = nullptr; ///< null: a dependency
  bool added = false;
  std::string interfaceName; ///< an import of a declared interface: its name
};

/// declarations()'s work in progress: the WIT parsed from the document's
/// declarations, the world the composition's declared imports go into,
/// and the explicit `import` statements.
struct WacDeclared {
  std::deque<wit::ast::PackageItem> items; ///< declared interfaces and worlds
  wit::ast::World imports;                 ///< the declared imports' world
  /// `type f = func(...)`: where its function type is written.
  std::map<std::string, std::pair<uint32_t, uint32_t>> funcAliases;
  std::map<std::string, bool> interfaces; ///< declared interfaces (true) and worlds
  /// An explicit import and how the world names its item.
  struct Explicit {
    const wac::Statement *st;
    std::string worldName;
  };
  std::vector<Explicit> explicits;
};

/// The state of one document being read.
class WacReader {
public:
  WacReader(Graph &g, WacSession &s, const WacOptions &opts, const LoadFile &load)
      : g(g), s(s), opts(opts), load(load) {}

  llvm::Error run(const std::string &path, std::string text);

private:
  // wac_types.cpp
  /// The file of package `p` (`--dep`, then the dependencies folder).
  llvm::Expected<std::string> locate(const wac::PackagePath &p);
  /// Reads WIT package `p` into the Resolve (once).
  llvm::Expected<wit::PackageId> witPackage(const wac::PackagePath &p);
  /// The component `new p` instantiates, as a definition (once).
  llvm::Expected<uint32_t> component(const wac::PackagePath &p);
  /// Parses the declarations, resolves them with the packages they name
  /// and makes the explicit imports imports of the composition.
  llvm::Error declarations();
  /// The document's text from `begin` to `end` (offsets into the sources)
  /// parsed as WIT between `prefix` and `suffix`, offsets kept.
  llvm::Expected<wit::ast::File> parseAt(uint32_t begin, uint32_t end, const std::string &prefix,
                                         const std::string &suffix);
  /// Moves the world items of a parsed `world w{...}` into d.imports.
  llvm::Error addWorldItems(WacDeclared &d, llvm::Expected<wit::ast::File> f);
  /// A `type`, `interface` or `world` declaration.
  llvm::Error declareType(const wac::Statement &st, WacDeclared &d);
  /// An explicit `import` statement, as a world item.
  llvm::Error declareImport(const wac::Statement &st, WacDeclared &d);
  /// Reads the packages a parsed item names (a reference without a version
  /// takes the version of the package read).
  llvm::Error readForeign(wit::ast::PackageItem &it);
  /// The imports of the declared imports' world, typed as `world`, made
  /// pending: each explicit one at its statement, the rest dependencies.
  void pendImports(const WacDeclared &d, validate::CTypeId world);
  llvm::Error targets();

  // wac_eval.cpp
  llvm::Error statements();
  llvm::Expected<WacValue> eval(const wac::Expr &x, const std::string &bindAs);
  llvm::Expected<WacValue> instantiate(const wac::Expr &x, const std::string &bindAs);
  llvm::Error bind(uint32_t instance, uint32_t k, const WacValue &v, uint32_t offset);
  /// What supplies an argument or an export bound to `v`.
  Source sourceOf(const WacValue &v) const;
  /// The export names of an instance-like value (cached); an error for others.
  llvm::Expected<const NameIndex *> exportNames(const WacValue &v, uint32_t offset);
  llvm::Expected<WacValue> access(const WacValue &v, const wac::Access &a);
  /// The item kind (extern description kind) of a value.
  uint8_t kindOf(const WacValue &v) const;
  llvm::Error exportStatement(const wac::Statement &st);
  llvm::Error importStatement(const wac::Statement &st);
  /// Adds pending import `p` (a dependency, or an explicit one named `name`).
  llvm::Error addDeclared(uint32_t p, const std::string &name, uint32_t offset);
  /// An argument `...` leaves to the composition: shared by name with an
  /// earlier import (the highest version names it), a conflict with an
  /// explicit one.
  llvm::Error implicitImport(uint32_t instance, uint32_t k, const std::string &name,
                             uint32_t offset);

  Graph &g;
  WacSession &s;
  const WacOptions &opts;
  const LoadFile &load;
  wac::Document doc;
  std::string text;  ///< the document
  uint32_t base = 0; ///< its offset in s.sources
  std::map<std::string, uint32_t> components;      ///< package key -> definition
  std::map<std::string, wit::PackageId> witPackages; ///< package key -> package
  std::map<std::string, WacValue> locals;
  std::map<std::string, uint32_t> localOffsets; ///< where each local was bound
  llvm::StringMap<bool> exported;
  std::vector<PendingImport> pending;
  std::map<const wac::Statement *, uint32_t> explicitAt; ///< statement -> pending
  std::map<std::string, uint32_t> importByKey; ///< canonical name -> import
  uint32_t depCursor = 0; ///< pending dependencies before it are added
  std::map<uint32_t, NameIndex> definitionExports, definitionImports, importExports;
  std::set<std::string> instanceNames;
};

} // namespace wcomp::compose::detail
