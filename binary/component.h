//===- binary/component.h - Component model: model, reader, writer -*- C++ -*-===//
#pragma once

#include "binary/component_kinds.h"
#include "binary/module.h"

#include <memory>
#include <optional>
#include <vector>

namespace wcomp::binary {


/// A sort; `core` is the core sort when `kind` is sortkind::Core.
struct Sort {
  uint8_t kind = sortkind::Func;
  uint8_t core = 0;
  bool operator==(const Sort &) const = default;
};

/// A sort and an index into that sort's index space.
struct SortIdx {
  Sort sort;
  uint32_t index = 0;
};

/// The printable name of a sort ("func", "core module", ...).
llvm::StringRef sortName(Sort s);

/// An import or export name. `form` is the leading byte: 0x00 (plain), 0x01
/// (legacy, same meaning) or 0x02 (followed by options such as `implements`
/// a version suffix or an external id).
struct ExternName {
  /// An option of a 0x02-form name (nameopt) and its string.
  struct Option {
    uint8_t kind = 0; ///< 0x00 implements, 0x01 version suffix, 0x02 external id
    llvm::StringRef value;
  };
  uint8_t form = 0;
  llvm::StringRef name;
  std::vector<Option> options;
};

/// A component value type: a primitive (by its code byte) or a type index.
struct CValType {
  bool primitive = true;
  uint8_t code = 0x7f; ///< primitive code: 0x7f bool ... 0x73 string, 0x64 error-context
  uint32_t index = 0;
  /// A primitive type by its primtype byte.
  static CValType prim(uint8_t c) { return {true, c, 0}; }
  /// A type index.
  static CValType type(uint32_t i) { return {false, 0, i}; }
  bool operator==(const CValType &) const = default;
};

/// The name of a primitive value type code ("u32", "string", ...), or "" if unknown.
llvm::StringRef primValTypeName(uint8_t code);

/// A named value type (record field, parameter, named result).
struct LabeledType {
  llvm::StringRef label;
  CValType type;
};

/// A variant case.
struct VariantCase {
  llvm::StringRef label;
  std::optional<CValType> type;
  std::optional<uint32_t> refines; ///< legacy `0x01 i` form
};


/// A defined value type; `kind` selects the meaningful fields.
struct DefinedType {
  uint8_t kind = 0x7f;
  std::vector<LabeledType> fields;   ///< record
  std::vector<VariantCase> cases;    ///< variant
  std::vector<CValType> types;       ///< tuple
  std::vector<llvm::StringRef> labels; ///< flags, enum
  /// The first value type it holds (Binary.md's `t`): the list, option or
  /// fixed-list element, the stream or future payload, the result's ok type,
  /// the map key.
  std::optional<CValType> first;
  /// The second (`u`): the result's error type, the map value.
  std::optional<CValType> second;
  uint32_t index = 0;                ///< own/borrow resource; fixed-list length
};

/// A component function type; `async` for the 0x43 form.
struct FuncType {
  bool async = false;
  std::vector<LabeledType> params;
  /// resultform::Single (in `result`) or resultform::None.
  uint8_t resultForm = resultform::None;
  std::optional<CValType> result;
};

/// `(resource (rep i32) (dtor f)?)`; kind 0x3e is the async-destructor form.
struct ResourceType {
  uint8_t kind = typekind::Resource; ///< or typekind::ResourceAsyncDtor
  uint8_t rep = 0x7f; ///< the core representation type (i32; i64 under the 64-bit proposal)
  std::optional<uint32_t> dtor;
  std::optional<uint32_t> callback;
};

/// What an import or export is: `(func (type i))`, `(type (eq i))`, ...
struct ExternDesc {
  uint8_t kind = externkind::Func; ///< externkind
  uint8_t bound = typebound::Eq;   ///< value/type: typebound (a value's 0x01 is a valtype)
  uint32_t index = 0;
  CValType valtype;    ///< value with bound 0x01
};

struct Alias;
struct TypeDef;
struct CoreTypeDef;


/// `(alias export i "n" (sort))`, `(alias core export i "n" (sort))` or `(alias outer ct i (sort))`.
struct Alias {
  Sort sort;
  uint8_t target = aliastarget::Export;
  uint32_t instance = 0; ///< export targets; outer: the count of enclosing scopes
  llvm::StringRef name;
  uint32_t index = 0;    ///< outer
};

/// A declaration inside a component type (0x41) or instance type (0x42).
/// Kinds: 0x00 core type, 0x01 type, 0x02 alias, 0x03 import, 0x04 export.
struct TypeDecl {
  uint8_t kind = declkind::Type; ///< declkind
  std::unique_ptr<CoreTypeDef> coreType;
  std::unique_ptr<TypeDef> type;
  Alias alias;
  ExternName name;
  ExternDesc desc;
};

/// A component type definition: a defined value type, func, component,
/// instance or resource type. `kind` is the leading byte.
struct TypeDef {
  uint8_t kind = typekind::Func; ///< typekind, or a dvt/primtype byte for a defined value type
  DefinedType defined;
  FuncType func;
  std::vector<TypeDecl> decls; ///< component/instance types
  ResourceType resource;
  /// A function type, sync or async.
  bool isFunc() const { return kind == typekind::Func || kind == typekind::AsyncFunc; }
  /// A resource type, with or without an async destructor.
  bool isResource() const {
    return kind == typekind::Resource || kind == typekind::ResourceAsyncDtor;
  }
};

/// A declaration inside a core module type. Kinds: 0x00 import, 0x01 type,
/// 0x02 alias (outer), 0x03 export.
struct ModuleTypeDecl {
  uint8_t kind = moduledecl::Import; ///< moduledecl
  Import import;                      ///< import, and export (name/kind/type)
  std::unique_ptr<CoreTypeDef> type;  ///< type
  uint8_t aliasSort = coresort::Type; ///< alias
  uint32_t aliasCount = 0, aliasIndex = 0;
};

/// A core type in a component: a module type (0x50) or a core rec group.
struct CoreTypeDef {
  bool isModule = false;
  bool zeroPrefix = false; ///< the `0x00` prefix that marks a non-module core type
  RecGroup rec;
  std::vector<ModuleTypeDecl> decls;
};

/// A core instance: instantiate a module with named instance arguments, or a
/// bag of inline exports.
struct CoreInstance {
  uint8_t kind = instancekind::Instantiate; ///< instancekind
  uint32_t module = 0;
  /// `(with "name" (instance i))`: a core instance given for an import.
  struct Arg {
    llvm::StringRef name;
    uint8_t kind = coresort::Instance;
    uint32_t index = 0;
  };
  std::vector<Arg> args;
  /// An export of a bag of core exports.
  struct InlineExport {
    llvm::StringRef name;
    uint8_t sort = coresort::Func;
    uint32_t index = 0;
  };
  std::vector<InlineExport> exports;
};

/// A component instance: instantiate a component, or a bag of inline exports.
struct Instance {
  uint8_t kind = instancekind::Instantiate; ///< instancekind
  uint32_t component = 0;
  /// `(with "name" item)`: an item given for an import.
  struct Arg {
    llvm::StringRef name;
    SortIdx item;
  };
  std::vector<Arg> args;
  /// An export of a bag of exports.
  struct InlineExport {
    ExternName name;
    SortIdx item;
  };
  std::vector<InlineExport> exports;
};

/// A canonical option; `index` is used by memory, realloc, post-return,
/// callback and core-type.
struct CanonOpt {
  uint8_t kind = canonopt::Utf8; ///< canonopt
  uint32_t index = 0;
};

/// How a canon definition's immediates are laid out after its opcode.
enum class CanonShape : uint8_t {
  Lift,          ///< 0x00 f opts ft
  Lower,         ///< 0x00 f opts
  None,          ///< nothing
  Type,          ///< u32
  Flag,          ///< async?/cancel?/shared? byte
  TypeOpts,      ///< u32 opts
  TypeFlag,      ///< u32 flag
  Opts,          ///< opts
  ResultsOpts,   ///< resultlist opts
  ContextSlot,   ///< core valtype, u32
  FlagIndex,     ///< flag u32
  TypeIndex,     ///< u32 u32
  CoreType,      ///< u32, a core type
  Unknown
};

/// The layout and text name of a canon opcode (Unknown for unsupported ones).
struct CanonInfo {
  CanonShape shape;
  const char *name;
};
/// Looks up a canon opcode.
CanonInfo canonInfo(uint8_t opcode);

/// A canonical definition (`canon lift`, `canon lower`, `canon resource.new`...).
/// Fields by shape: `func`, `type` (or the single u32), `table` (the core
/// table of thread.new-indirect and thread.spawn-indirect), `flag`,
/// `coreType`, `opts`, `results` (task.return).
struct Canon {
  uint8_t opcode = 0;
  uint8_t sub = 0; ///< the sort byte after lift/lower
  uint32_t func = 0;
  uint32_t type = 0;
  uint32_t table = 0; ///< CanonShape::TypeIndex: the core table index
  uint8_t flag = 0;
  ValType coreType;
  std::vector<CanonOpt> opts;
  FuncType results; ///< task.return: resultForm/result/results only
};

/// `(start f (value a)* (result (value))*)`.
struct ComponentStart {
  uint32_t func = 0;
  std::vector<uint32_t> args;
  uint32_t results = 0;
};

/// A component import.
struct ComponentImport {
  ExternName name;
  ExternDesc desc;
};

/// A component export, with an optional type ascription.
struct ComponentExport {
  ExternName name;
  SortIdx item;
  std::optional<ExternDesc> desc;
};

/// A value definition: its type and the encoded value bytes.
struct ComponentValue {
  CValType type;
  llvm::ArrayRef<uint8_t> bytes;
};

struct Component;

/// One section of a component, in file order. `id` decides which member is used.
struct ComponentSection {
  uint8_t id = 0;
  uint64_t offset = 0; ///< absolute offset of the section id byte
  std::vector<uint64_t> itemOffsets; ///< ReadOptions::recordOffsets: each entry's offset
  CustomSection custom;
  std::unique_ptr<Module> module;
  std::unique_ptr<Component> component;
  llvm::ArrayRef<uint8_t> nestedBytes; ///< module/component: the raw bytes
  std::vector<CoreInstance> coreInstances;
  std::vector<CoreTypeDef> coreTypes;
  std::vector<Instance> instances;
  std::vector<Alias> aliases;
  std::vector<TypeDef> types;
  std::vector<Canon> canons;
  std::optional<ComponentStart> start;
  std::vector<ComponentImport> imports;
  std::vector<ComponentExport> exports;
  std::vector<ComponentValue> values;
};

/// A decoded component: its sections in order. Names and bytes point into the
/// input buffer, which must outlive the model.
struct Component {
  std::vector<ComponentSection> sections;
};

/// Reads a component from `bytes` (starting with its header) at absolute
/// offset `base`. `depth` is the nesting depth (bounded by limits::NestingDepth).
llvm::Expected<Component> readComponent(llvm::ArrayRef<uint8_t> bytes, uint64_t base = 0,
                                        const ReadOptions &opts = {}, unsigned depth = 0);

/// Encodes a component; a component read from canonical bytes encodes to the same bytes.
void writeComponent(Encoder &e, const Component &c);

// Item readers and writers shared by the section code (component_types.cpp).
/// Reads a value type: a primitive byte or a type index (s33).
llvm::Expected<CValType> readCValType(BinaryReader &r);
/// Writes a value type.
void writeCValType(Encoder &e, const CValType &t);
/// Reads an import or export name in any of its three forms.
llvm::Expected<ExternName> readExternName(BinaryReader &r);
/// Writes a name in its own form (options included).
void writeExternName(Encoder &e, const ExternName &n);
/// Reads a sort (core sorts with their second byte).
llvm::Expected<Sort> readSort(BinaryReader &r);
/// Writes a sort.
void writeSort(Encoder &e, const Sort &s);
/// Reads an extern descriptor (`externdesc`).
llvm::Expected<ExternDesc> readExternDesc(BinaryReader &r);
/// Writes an extern descriptor.
void writeExternDesc(Encoder &e, const ExternDesc &d);
/// Reads an alias into `a`.
llvm::Error readAlias(BinaryReader &r, Alias &a);
/// Writes an alias.
void writeAlias(Encoder &e, const Alias &a);
/// Reads a type definition; `depth` bounds nested component and instance types.
llvm::Error readTypeDef(BinaryReader &r, TypeDef &t, unsigned depth);
/// Writes a type definition.
void writeTypeDef(Encoder &e, const TypeDef &t);
/// Reads a core type (a module type or a rec group); `depth` as readTypeDef.
llvm::Error readCoreTypeDef(BinaryReader &r, CoreTypeDef &t, unsigned depth);
/// Writes a core type.
void writeCoreTypeDef(Encoder &e, const CoreTypeDef &t);
/// Reads a function's results (one unnamed type, or none) into `f`.
llvm::Error readResultList(BinaryReader &r, FuncType &f);
/// Writes a function's results.
void writeResultList(Encoder &e, const FuncType &f);

} // namespace wcomp::binary
