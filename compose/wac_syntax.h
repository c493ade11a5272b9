//===- compose/wac_syntax.h - The WAC language's syntax tree ----*- C++ -*-===//
//
// WAC (wac 0.10's LANGUAGE.md) is WIT's type language plus statements that
// describe a composition: `import`, `let x = new ns:pkg { ... }`, `export`.
// The parser reads the statements; the type declarations (interfaces,
// worlds, records, ...) are kept as ranges of the source, which the front
// end (compose/wac.h) hands to wit/'s parser at their own offsets, so an
// error in them points into the `.wac` file like any other.
//
// Offsets are global (the file's base in a wit::SourceMap plus the byte
// position), so errors render as `app.wac:3:12` with a caret.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wcomp::compose::wac {

/// A name as written: a kebab-case identifier (`%` dropped) or a string.
struct Name {
  std::string text;
  uint32_t offset = 0;
  bool quoted = false; ///< written as a string: taken exactly, never inferred
};

/// `ns:name@version`, or with a path, `ns:name/iface@version`.
struct PackagePath {
  std::string package; ///< `ns:name` (more `:` segments allowed)
  std::string version; ///< empty when not written
  std::string item;    ///< `iface` (nested paths joined by `/`); empty for a package name
  uint32_t offset = 0;
  uint32_t end = 0;    ///< one past the last byte
  /// `ns:name@version`
  std::string key() const { return package + (version.empty() ? "" : "@" + version); }
  /// `ns:name/iface@version`
  std::string str() const {
    return package + (item.empty() ? "" : "/" + item) + (version.empty() ? "" : "@" + version);
  }
};

struct Expr;

/// One argument of a `new` expression.
struct Arg {
  /// How the argument is written.
  enum Kind : uint8_t {
    Inferred, ///< `{ c }`: the name is inferred from the value
    Named,    ///< `{ c: expr }` or `{ "c": expr }`
    Spread    ///< `{ ...c }`: c's exports fill what is still missing
  } kind = Inferred;
  Name name;                   ///< Named: the argument; Inferred, Spread: the local
  std::unique_ptr<Expr> value; ///< Named
  uint32_t offset = 0;
};

/// `.name` or `["name"]` after an expression.
struct Access {
  Name name; ///< quoted for `["name"]`
};

/// `primary postfix*`: a local name or a `new` expression (nested
/// parentheses are dropped), then accesses.
struct Expr {
  /// A name, or a `new` expression.
  enum Kind : uint8_t { Local, New } kind = Local;
  Name local;          ///< Local
  PackagePath package; ///< New: the component to instantiate
  std::vector<Arg> args;
  bool ellipsis = false; ///< New: `...` last: import what is missing
  uint32_t newEnd = 0;   ///< New: one past `}`
  std::vector<Access> accesses;
  uint32_t offset = 0;
};

/// One statement of a document.
struct Statement {
  /// Which statement.
  enum Kind : uint8_t {
    Import, ///< `import id (as name)? : type;`
    Type,   ///< an interface, world or type declaration
    Let,    ///< `let id = expr;`
    Export  ///< `export expr (... | as name)?;`
  } kind = Import;
  uint32_t offset = 0; ///< where the statement starts
  uint32_t end = 0;    ///< one past its last byte

  // Import
  Name local;
  std::optional<Name> as;
  /// What an import is declared as: a package path, a function, an interface, a local type.
  enum ImportType : uint8_t { ByPath, ByFunc, ByInterface, ByLocal } importType = ByPath;
  PackagePath path;            ///< ByPath
  uint32_t typeBegin = 0, typeEnd = 0; ///< ByFunc, ByInterface: the type's text
  Name typeName;               ///< ByLocal: an interface or a `type x = func` declared before

  // Type: `interface x {..}`, `world x {..}`, `record x {..}`, `type x = ..;`
  std::string declKind; ///< the keyword
  Name declName;
  bool funcAlias = false; ///< `type x = func(..)`: typeBegin/typeEnd hold the func type

  // Let
  Name letName;
  std::unique_ptr<Expr> expr; ///< Let, Export

  // Export
  bool spread = false;        ///< `export x...;`
  std::optional<Name> exportAs;
};

/// A parsed document.
struct Document {
  PackagePath package;               ///< `package ns:name@v` (no item)
  std::optional<PackagePath> targets; ///< `targets ns:pkg/world`
  std::vector<Statement> statements;
};

/// Parses WAC `text` whose first byte has global offset `base`. Errors are
/// binary::WasmError with the global offset of the offending token.
llvm::Expected<Document> parse(llvm::StringRef text, uint32_t base);

/// Whether `s` is a kebab-case identifier (`%` already dropped).
bool isKebab(llvm::StringRef s);

} // namespace wcomp::compose::wac
