//===- text/print_component.h - Component printer (internal) ---*- C++ -*-===//
#pragma once

#include "binary/component.h"
#include "text/component_space.h"
#include "text/module_printer.h"
#include "text/wat.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>
#include <vector>

namespace wcomp::text {

/// Prints a component (bytes start with its header, at absolute offset
/// `base`); nested modules and components included.
llvm::Error printComponent(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                           const PrintOptions &opts);

namespace detail {

/// Prints a decoded component the way wasm-tools does: one item per line,
/// `$name (;N;)` on every definition, groups that span lines closed on a line
/// of their own. Split over print_component.cpp (structure, instances,
/// aliases, imports, exports) and print_component_types.cpp (types, canon).
class ComponentPrinter {
public:
  ComponentPrinter(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> root, uint64_t rootBase,
                   const PrintOptions &opts)
      : os(os), root(root), rootBase(rootBase), opts(opts) {}

  /// Prints `c` (whose `(component` group opens at the current nesting):
  /// `outerName` is the enclosing component's name for it, `suffix` (an
  /// index comment) follows the name.
  llvm::Error print(const binary::Component &c, llvm::StringRef outerName,
                    llvm::StringRef suffix, uint64_t endOffset = NoOffset);
  /// Writes what is buffered.
  void flush() {
    os << o;
    o.clear();
  }

private:
  /// One scope of index spaces: a component, a component or instance type.
  struct Scope {
    uint32_t count[NumCSpaces] = {};
    llvm::DenseMap<uint32_t, std::string> names[NumCSpaces];
    std::string name;
    bool nameMade = false; ///< `name` is --name-unnamed's (outer aliases count instead)
    binary::Module empty; ///< the module the core type printer is bound to
    std::unique_ptr<detail::ModulePrinter> core;
  };
  Scope &cur() { return *scopes.back(); }
  void pushScope(std::string name);
  void popScope() { scopes.pop_back(); }

  // Layout.
  void start(llvm::StringRef keyword);
  void end();
  /// Ends a module or component group: with offsets, on a line of its own
  /// at `offset` (where its bytes end), as wasm-tools prints it.
  void endAt(uint64_t offset);
  void newline(uint64_t offset = NoOffset);
  /// The absolute offset of a byte of the input.
  uint64_t absOf(const uint8_t *p) const { return rootBase + uint64_t(p - root.data()); }
  void defName(CSpace s);
  /// `$#func3`: --name-unnamed's name of item `index` of space `s`.
  void madeName(CSpace s, uint32_t index);
  void ref(CSpace s, uint32_t index);
  void str(llvm::StringRef s) { binary::appendName(o, s); }

  // print_component.cpp
  llvm::Error section(const binary::ComponentSection &s);
  /// section()'s custom sections: `@producers` when it decodes, else `@custom`.
  llvm::Error customSection(const binary::ComponentSection &s);
  /// section()'s nested core module, printed by the module printer.
  llvm::Error coreModuleSection(const binary::ComponentSection &s);
  /// Prints each item of a vector section (`each(item)`), at its offset.
  template <typename T, typename Print>
  void items(const binary::ComponentSection &s, const std::vector<T> &list, Print each);
  void decodeNames(const binary::Component &c);
  void coreInstance(const binary::CoreInstance &ci);
  void instance(const binary::Instance &in);
  void alias(const binary::Alias &a);
  void sortRef(binary::Sort s, uint32_t index, bool coreContext);
  void externName(const binary::ExternName &n);
  void externDesc(const binary::ExternDesc &d, bool withIndex);
  void import(const binary::ComponentImport &imp);
  void exportItem(const binary::ComponentExport &x);
  void start(const binary::ComponentStart &st);

  // print_component_types.cpp
  void valType(const binary::CValType &t);
  void definedType(const binary::DefinedType &d);
  void funcType(const binary::FuncType &f);
  void typeDef(const binary::TypeDef &t);
  void decls(const std::vector<binary::TypeDecl> &ds, bool component);
  void coreType(const binary::CoreTypeDef &t);
  void canon(const binary::Canon &c);
  void canonOpts(const std::vector<binary::CanonOpt> &opts);

  llvm::raw_ostream &os;
  llvm::ArrayRef<uint8_t> root;
  uint64_t rootBase;
  const PrintOptions &opts;
  std::string o;
  std::vector<bool> groups; ///< open groups: did a line break happen inside?
  bool lineStart = true;
  uint64_t itemOff = NoOffset; ///< offset of the item being printed
  std::vector<std::unique_ptr<Scope>> scopes;
};

} // namespace detail
} // namespace wcomp::text
