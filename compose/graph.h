//===- compose/graph.h - The composition graph ------------------*- C++ -*-===//
//
// A composition is a graph: component definitions (the input files),
// instances of them, what supplies each instance's imports (another
// instance's export, or an import of the composed component), and what the
// composed component exports. Front ends fill it in: plugging
// (compose/plug.h) from a root and plugs, the JSON configuration
// (compose/config.h), and WAC documents (compose/wac.h). resolve() types it
// and merges the composition's imports; encode() writes the component.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "validate/component_validator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace wcomp::compose {

/// A component the composition instantiates.
struct Definition {
  std::string name;               ///< for messages (the file's stem unless renamed)
  std::string path;               ///< where it was read from
  llvm::ArrayRef<uint8_t> bytes;  ///< the component; the caller keeps it alive
  validate::CTypeId type = validate::NoType;
  /// Non-empty: the composition imports the component by this name
  /// instead of embedding it (Graph::importDefinition).
  std::string importName;
  /// With importName: the import's `external-id` attribute (the dependency,
  /// `unlocked-dep=<ns:name>`); empty in the legacy form, where that is
  /// the name itself.
  std::string externalId;
};

/// `unlocked-dep=<NS:NAME>` (with `@{>=VERSION}` when a version is given)
/// for a dependency named `name` (made kebab-case).
std::string dependencyImportName(llvm::StringRef ns, llvm::StringRef name,
                                 llvm::StringRef version = {});

/// What supplies one import of an instance.
struct Source {
  /// Where the supplied item comes from.
  enum Kind : uint8_t {
    Unset,         ///< nothing yet: resolve() makes it an import of the composition
    Import,        ///< import `index` of the composition
    InstanceExport, ///< export `name` of instance `index`
    WholeInstance,  ///< instance `index` itself (WAC: `new a:b { x: other }`)
    ImportExport    ///< export `name` of import `index`, an instance (WAC: `i.f`)
  };
  Kind kind = Unset;
  uint32_t index = 0;
  std::string name;
  /// Export `name` of instance `instance`.
  static Source exportOf(uint32_t instance, std::string name) {
    return {InstanceExport, instance, std::move(name)};
  }
};

/// Why an import is supplied as it is, for `--explain`.
struct Decision {
  std::vector<std::string> rejected; ///< "plug `b`: exports `x@2.0.0`, not compatible with 1.0.0"
  std::string error;                 ///< set when the import cannot be supplied
  std::string note;                  ///< how the choice was made ("named in the configuration")
  /// When the error is a type that does not fit: where it differs.
  std::optional<validate::TypeMismatch> mismatch;
};

/// One import of an instance that resolve() could not supply.
struct ImportFailure {
  uint32_t instance = 0;  ///< index in Graph::instances
  uint32_t import = 0;    ///< index in the instance's definition's imports
  std::string name;       ///< "instance `a`, import `b`"
  std::string why;        ///< as Decision::error
  /// When the supplied item's type does not fit: where it differs.
  std::optional<validate::TypeMismatch> mismatch;
};

/// resolve()'s error, typed: the instances that use each other in a cycle,
/// or every import that could not be supplied. Rendered (log) one problem
/// a line, `instance `a`, import `b`: why`, at the edge (the CLI).
class ResolveError : public llvm::ErrorInfo<ResolveError> {
public:
  /// llvm::ErrorInfo's type id.
  static char ID;
  /// "cycle: `a` -> `b` -> `a` (...)", one per cycle found.
  std::vector<std::string> cycles;
  /// The imports that could not be supplied.
  std::vector<ImportFailure> failures;
  /// One line per cycle, then per failure.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code.
  std::error_code convertToErrorCode() const override;
};

/// One instantiation of a definition.
struct Instance {
  std::string name;
  uint32_t definition = 0;
  std::vector<Source> args;         ///< one per import of the definition, in its order
  std::vector<Decision> decisions;  ///< parallel to args
  /// Set when the instance's import of that name becomes an import of the
  /// composition under another name (configuration `{"import": NAME}`).
  std::vector<std::string> importAs;
};

/// An import of the composed component: one import of one instance whose
/// type it takes (the highest version of those merged into it).
struct Import {
  std::string name;
  uint32_t instance = 0, index = 0;
  std::vector<std::pair<uint32_t, uint32_t>> users; ///< (instance, import) merged into it
  /// resolve(): the type, in the composition's terms (its own resources);
  /// for instances, the union of the users' instance types.
  validate::CExtern type;
  bool typed = false;
  /// The type was given (a WAC `import` statement, or what such an import's
  /// types refer to), not taken from an instance: `instance`/`index` are
  /// unused, and importers are checked against it.
  bool declared = false;
  /// Declared by an `import` statement (the others are its dependencies):
  /// an implicit import of the same name is a conflict.
  bool explicitImport = false;
};

/// An export of the composed component.
struct Export {
  std::string name;
  Source source; ///< any kind but Unset
};

/// The graph. Instances are kept in the order they were added; resolve()
/// orders them so that each comes after the instances it uses.
struct Graph {
  /// An empty graph typing components under `features`.
  explicit Graph(const validate::Features &features = validate::Features::defaults())
      : typer(features) {
    typer.types().wholeTypesInMessages = true;
  }
  validate::ComponentTyper typer;
  std::vector<Definition> definitions;
  std::vector<Instance> instances;
  std::vector<Import> imports;
  std::vector<Export> exports;
  std::vector<uint32_t> order; ///< instantiation order (resolve)
  std::vector<validate::CTypeId> instanceTypes; ///< resolve: each instance's type
  std::vector<std::string> warnings;

  /// Types `bytes` as a component and adds it as a definition. The error
  /// is the reader's or validator's binary::WasmError (its offset kept)
  /// with the path as its context; a core module is refused by name.
  llvm::Expected<uint32_t> addDefinition(std::string name, std::string path,
                                         llvm::ArrayRef<uint8_t> bytes);
  /// Makes definition `def` an import of the composition, the dependency
  /// `ns:name` (`--import-dependencies`): by default a plain name
  /// (`ns-name`) with the dependency in its `external-id` attribute (the
  /// specification's form since 2026-07-08); with legacyDependencyNames the
  /// `unlocked-dep=<ns:name>` name of before, which wasm-tools 1.262 refuses.
  void importDefinition(uint32_t def, llvm::StringRef ns, llvm::StringRef name,
                        llvm::StringRef version = {});
  bool legacyDependencyNames = false;
  /// encode(): record `processed-by: wcomp <version>` (metadata show).
  bool processedBy = true;
  /// Adds an instance of definition `def` with every import unset.
  uint32_t addInstance(std::string name, uint32_t def);
  /// The imports and exports of a definition, with their types.
  const std::vector<std::pair<std::string, validate::CExtern>> &importsOf(uint32_t def) const;
  /// The exports of a definition, with their types.
  const std::vector<std::pair<std::string, validate::CExtern>> &exportsOf(uint32_t def) const;
  /// The arena all definitions are typed in.
  validate::CTypes &types() { return typer.types(); }
  /// The arena all definitions are typed in.
  const validate::CTypes &types() const { return const_cast<Graph *>(this)->typer.types(); }
};

/// The export of `list` that supplies a need named `name`: the same name,
/// or the same interface at a semver-compatible version (highest first).
std::optional<std::string>
matchingExport(const std::vector<std::pair<std::string, validate::CExtern>> &list,
               llvm::StringRef name);
/// Whether two import/export names match by the canonical interface name
/// rule (`a:b/c@0.2.1` matches `a:b/c@0.2.0`; plain names must be equal).
bool namesMatch(llvm::StringRef a, llvm::StringRef b);

/// Orders the instances, makes every unset import an import of the
/// composition (merging imports of one interface at compatible versions
/// into the highest) and type-checks every instantiation. Errors are
/// recorded in the decisions and returned together; the graph stays
/// readable for an explanation.
llvm::Error resolve(Graph &g);

/// A composed component as the pieces of its bytes, in order: nearly all
/// of it is the inputs' own bytes (embedded components and modules, not
/// copied), the rest is owned here. The inputs must outlive it.
struct Encoded {
  /// The number of bytes.
  uint64_t size() const;
  /// Writes the bytes.
  void writeTo(llvm::raw_ostream &os) const;
  /// The bytes in one buffer.
  std::vector<uint8_t> bytes() const;

  std::vector<llvm::ArrayRef<uint8_t>> pieces; ///< in order
  std::deque<std::vector<uint8_t>> owned;      ///< the pieces that are not the inputs'

};

/// encode()'s and checkComposed()'s error, typed by what went wrong.
class EncodeError : public llvm::ErrorInfo<EncodeError> {
public:
  /// llvm::ErrorInfo's type id.
  static char ID;
  /// What went wrong.
  enum Kind : uint8_t {
    SelfReferentialImport, ///< an import's types refer to themselves
    UnwritableType,        ///< a type import cannot declare (`detail` says why)
    Unsupplied,            ///< an item left unset after resolve() (a wcomp bug)
    InvalidOutput          ///< the written component does not validate (a wcomp bug)
  };
  /// Makes an error of `kind` about `subject` with `detail` (at `offset`
  /// in the written bytes, for InvalidOutput).
  EncodeError(Kind kind, std::string subject, std::string detail = {},
              uint64_t offset = ~uint64_t(0))
      : kind(kind), subject(std::move(subject)), detail(std::move(detail)), offset(offset) {}
  Kind kind;
  /// SelfReferentialImport: the import's name; UnwritableType: whose type
  /// ("import `a:b/c`", or an export's name within it).
  std::string subject;
  std::string detail; ///< UnwritableType: why; InvalidOutput: the validator's message
  uint64_t offset;    ///< InvalidOutput: where in the written bytes, or ~0
  /// The message, as the CLI prints it.
  void log(llvm::raw_ostream &os) const override;
  /// llvm::ErrorInfo: the generic code.
  std::error_code convertToErrorCode() const override;
};

/// Writes the composed component of a resolved graph. The same graph gives
/// the same bytes. Errors are EncodeErrors, or the reader's when an
/// embedded component cannot be read again for its shared modules.
llvm::Expected<Encoded> encode(Graph &g);

/// Checks a composed component (structure and types; the embedded
/// components' code is theirs, unchanged): an error here is a wcomp bug,
/// an EncodeError of kind InvalidOutput.
llvm::Error checkComposed(llvm::ArrayRef<uint8_t> bytes);

/// A table of every import of every instance: what supplies it, or why it
/// could not be supplied, with rejected candidates.
std::string explain(const Graph &g);
/// The same as JSON (schema in the README): `instances` (each import with
/// `supplied-by` or `error`, `note`, `rejected`), the composition's
/// `imports` with their users, `exports` with their sources, `warnings`.
nlohmann::ordered_json explainJson(const Graph &g);

} // namespace wcomp::compose
