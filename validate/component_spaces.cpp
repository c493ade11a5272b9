#include "validate/component_spaces.h"

#include "binary/error.h"
#include "validate/component_names.h"

#include "llvm/ADT/StringMap.h"

#include <array>
#include <vector>

namespace wcomp::validate {

using namespace binary;

namespace {

/// Index spaces, one counter per sort.
enum Space : unsigned {
  SpCoreFunc, SpCoreTable, SpCoreMemory, SpCoreGlobal, SpCoreTag, SpCoreType, SpCoreModule, SpCoreInstance,
  SpFunc, SpValue, SpType, SpComponentSpace, SpInstanceSpace, SpNumSpaces
};

const char *spaceName(Space s) {
  static const char *names[] = {"core func", "core table", "core memory", "core global", "core tag",
                                "core type", "core module", "core instance", "func", "value", "type",
                                "component", "instance"};
  return names[s];
}

Space spaceOf(Sort s) {
  switch (s.kind) {
  case sortkind::Core:
    switch (s.core) {
    case coresort::Func: return SpCoreFunc;
    case coresort::Table: return SpCoreTable;
    case coresort::Memory: return SpCoreMemory;
    case coresort::Global: return SpCoreGlobal;
    case coresort::Tag: return SpCoreTag;
    case coresort::Type: return SpCoreType;
    case coresort::Module: return SpCoreModule;
    default: return SpCoreInstance;
    }
  case sortkind::Func: return SpFunc;
  case sortkind::Value: return SpValue;
  case sortkind::Type: return SpType;
  case sortkind::Component: return SpComponentSpace;
  default: return SpInstanceSpace;
  }
}

/// The space an import/export description adds to.
Space spaceOf(const ExternDesc &d) {
  switch (d.kind) {
  case 0x00: return SpCoreModule;
  case 0x01: return SpFunc;
  case 0x02: return SpValue;
  case 0x03: return SpType;
  case 0x04: return SpComponentSpace;
  default: return SpInstanceSpace;
  }
}

using Spaces = std::array<uint64_t, SpNumSpaces>;

/// What is known about a type index: its constructor byte (0 for a defined
/// value type, 0x40/0x43 func, 0x41 component, 0x42 instance, 0x3f/0x3e
/// resource), or UnknownKind (types from export aliases, whose kind needs the
/// instance types that issue-5 type checking brings).
constexpr uint8_t UnknownKind = 0xff;

/// The scope of one component: index space sizes and known type kinds.
struct Scope {
  Spaces spaces{};
  std::vector<uint8_t> typeKinds;    ///< per type index
  std::vector<uint8_t> coreIsModule; ///< per core type index: 1 module type, 0 other
};

/// Checks one list of labels: non-empty, kebab case, unique ignoring case.
llvm::Error checkLabels(llvm::ArrayRef<llvm::StringRef> labels, const char *what, const char *whatPlural,
                        uint64_t at) {
  llvm::StringMap<llvm::StringRef> seen;
  for (llvm::StringRef l : labels) {
    if (l.empty())
      return makeError(at, llvm::Twine(what) + " name cannot be empty");
    if (!isKebabLabel(l))
      return makeError(at, llvm::Twine(what) + " name `" + l + "` is not in kebab case");
    auto [it, inserted] = seen.try_emplace(l.lower(), l);
    if (!inserted)
      return makeError(at, llvm::Twine(what) + " name `" + l + "` conflicts with previous " + whatPlural +
                               " name `" + it->second + "`");
  }
  return llvm::Error::success();
}

class Checker {
public:
  llvm::Error component(const Component &c);

private:
  llvm::Error in(Space s, uint64_t idx, uint64_t at) const {
    if (idx < cur()[s])
      return llvm::Error::success();
    return makeError(at, llvm::Twine("unknown ") + spaceName(s) + " " + llvm::Twine(idx) +
                             ": " + spaceName(s) + " index out of bounds");
  }
  llvm::Error desc(const ExternDesc &d, uint64_t at) const {
    switch (d.kind) {
    case 0x00: {
      WCOMP_CHECK(in(SpCoreType, d.index, at));
      const auto &m = stack.back().coreIsModule;
      if (d.index < m.size() && !m[d.index])
        return makeError(at, "core type index " + llvm::Twine(d.index) + " is not a module type");
      return llvm::Error::success();
    }
    case 0x01: return typeOfKind(d.index, {0x40, 0x43}, "a function type", at);
    case 0x02: return d.bound == 0x00 ? in(SpValue, d.index, at) : typeRef(d.valtype, at);
    case 0x03: return d.bound == 0x00 ? in(SpType, d.index, at) : llvm::Error::success();
    case 0x04: return typeOfKind(d.index, {0x41}, "a component type", at);
    default: return typeOfKind(d.index, {0x42}, "an instance type", at);
    }
  }
  /// The kind an import or export description gives to a new type index.
  uint8_t importedTypeKind(const ExternDesc &d) const {
    if (d.bound == 0x01)
      return 0x3f; // (sub resource)
    return kindOf(d.index);
  }
  llvm::Error typeRef(const CValType &t, uint64_t at) const {
    return t.primitive ? llvm::Error::success() : typeOfKind(t.index, {0}, "a defined type", at);
  }
  llvm::Error opts(const std::vector<CanonOpt> &options, uint64_t at) const {
    for (const CanonOpt &o : options) {
      if (o.kind == 0x03)
        WCOMP_CHECK(in(SpCoreMemory, o.index, at));
      else if (o.kind == 0x04 || o.kind == 0x05 || o.kind == 0x07)
        WCOMP_CHECK(in(SpCoreFunc, o.index, at));
      else if (o.kind == 0x08)
        WCOMP_CHECK(in(SpCoreType, o.index, at));
    }
    return llvm::Error::success();
  }
  llvm::Error canon(const Canon &k, uint64_t at);
  llvm::Error alias(const Alias &a, uint64_t at);
  llvm::Error definedType(const TypeDef &t, uint64_t at) const;

  Spaces &cur() { return stack.back().spaces; }
  const Spaces &cur() const { return stack.back().spaces; }
  uint8_t kindOf(uint64_t typeIdx) const {
    const auto &k = stack.back().typeKinds;
    return typeIdx < k.size() ? k[typeIdx] : UnknownKind;
  }
  /// Appends a type index of kind `kind`.
  void addType(uint8_t kind) {
    stack.back().typeKinds.push_back(kind);
    ++cur()[SpType];
  }
  /// A type reference that must be to a kind in `allowed` (when known).
  llvm::Error typeOfKind(uint64_t idx, std::initializer_list<uint8_t> allowed, const char *what,
                         uint64_t at) const {
    WCOMP_CHECK(in(SpType, idx, at));
    uint8_t k = kindOf(idx);
    if (k == UnknownKind)
      return llvm::Error::success();
    for (uint8_t a : allowed)
      if (k == a)
        return llvm::Error::success();
    return makeError(at, "type index " + llvm::Twine(idx) + " is not " + what);
  }
  std::vector<Scope> stack; ///< innermost component last
};

llvm::Error Checker::definedType(const TypeDef &t, uint64_t at) const {
  // Only references into this component's type space; the declarations of
  // component and instance types have spaces of their own (issue 5 proper).
  if (t.kind == 0x40 || t.kind == 0x43) {
    llvm::SmallVector<llvm::StringRef, 8> names;
    for (const LabeledType &p : t.func.params)
      names.push_back(p.label);
    WCOMP_CHECK(checkLabels(names, "function parameter", "parameter", at));
    for (const LabeledType &p : t.func.params)
      WCOMP_CHECK(typeRef(p.type, at));
    if (t.func.result)
      WCOMP_CHECK(typeRef(*t.func.result, at));
    return llvm::Error::success();
  }
  if (t.kind != 0)
    return t.isResource() && t.resource.dtor ? in(SpCoreFunc, *t.resource.dtor, at) : llvm::Error::success();
  const DefinedType &d = t.defined;
  llvm::SmallVector<llvm::StringRef, 8> labels;
  switch (d.kind) {
  case dvt::Record:
    if (d.fields.empty())
      return makeError(at, "record type must have at least one field");
    for (const LabeledType &f : d.fields)
      labels.push_back(f.label);
    WCOMP_CHECK(checkLabels(labels, "record field", "field", at));
    break;
  case dvt::Variant:
    if (d.cases.empty())
      return makeError(at, "variant type must have at least one case");
    for (const VariantCase &c : d.cases)
      labels.push_back(c.label);
    WCOMP_CHECK(checkLabels(labels, "variant case", "case", at));
    break;
  case dvt::Tuple:
    if (d.types.empty())
      return makeError(at, "tuple type must have at least one type");
    break;
  case dvt::Flags:
    if (d.labels.empty())
      return makeError(at, "flags must have at least one entry");
    if (d.labels.size() > 32)
      return makeError(at, "cannot have more than 32 flags");
    WCOMP_CHECK(checkLabels(d.labels, "flag", "flag", at));
    break;
  case dvt::Enum:
    if (d.labels.empty())
      return makeError(at, "enum type must have at least one variant");
    WCOMP_CHECK(checkLabels(d.labels, "enum tag", "tag", at));
    break;
  default:
    break;
  }
  for (const LabeledType &f : d.fields)
    WCOMP_CHECK(typeRef(f.type, at));
  for (const VariantCase &c : d.cases)
    if (c.type)
      WCOMP_CHECK(typeRef(*c.type, at));
  for (const CValType &x : d.types)
    WCOMP_CHECK(typeRef(x, at));
  if (d.a)
    WCOMP_CHECK(typeRef(*d.a, at));
  if (d.b)
    WCOMP_CHECK(typeRef(*d.b, at));
  if (d.kind == dvt::Own || d.kind == dvt::Borrow)
    WCOMP_CHECK(typeOfKind(d.index, {0x3f, 0x3e}, "a resource type", at));
  return llvm::Error::success();
}

llvm::Error Checker::alias(const Alias &a, uint64_t at) {
  Space s = spaceOf(a.sort);
  uint8_t kind = UnknownKind;
  switch (a.target) {
  case aliastarget::Export:
    WCOMP_CHECK(in(SpInstanceSpace, a.instance, at));
    break;
  case aliastarget::CoreExport:
    WCOMP_CHECK(in(SpCoreInstance, a.instance, at));
    break;
  default: { // outer
    if (a.instance >= stack.size())
      return makeError(at, "invalid outer alias count of " + llvm::Twine(a.instance));
    const Scope &outer = stack[stack.size() - 1 - a.instance];
    if (a.index >= outer.spaces[s])
      return makeError(at, llvm::Twine("unknown ") + spaceName(s) + " " + llvm::Twine(a.index) +
                               ": " + spaceName(s) + " index out of bounds");
    if (s == SpType && a.index < outer.typeKinds.size())
      kind = outer.typeKinds[a.index];
    break;
  }
  }
  if (s == SpType)
    addType(kind);
  else
    ++cur()[s];
  return llvm::Error::success();
}

llvm::Error Checker::canon(const Canon &k, uint64_t at) {
  switch (canonInfo(k.opcode).shape) {
  case CanonShape::Lift:
    WCOMP_CHECK(in(SpCoreFunc, k.func, at));
    WCOMP_CHECK(opts(k.opts, at));
    WCOMP_CHECK(typeOfKind(k.type, {0x40, 0x43}, "a function type", at));
    ++cur()[SpFunc];
    return llvm::Error::success();
  case CanonShape::Lower:
    WCOMP_CHECK(in(SpFunc, k.func, at));
    WCOMP_CHECK(opts(k.opts, at));
    break;
  case CanonShape::Type: case CanonShape::TypeFlag:
    WCOMP_CHECK(in(SpType, k.type, at));
    break;
  case CanonShape::TypeOpts:
    WCOMP_CHECK(in(SpType, k.type, at));
    WCOMP_CHECK(opts(k.opts, at));
    break;
  case CanonShape::Opts: case CanonShape::ResultsOpts:
    WCOMP_CHECK(opts(k.opts, at));
    break;
  case CanonShape::FlagIndex:
    WCOMP_CHECK(in(SpCoreMemory, k.type, at));
    break;
  case CanonShape::TypeIndex:
    WCOMP_CHECK(in(SpCoreType, k.type, at));
    WCOMP_CHECK(in(SpCoreTable, k.index2, at));
    break;
  default:
    break;
  }
  ++cur()[SpCoreFunc];
  return llvm::Error::success();
}

llvm::Error Checker::component(const Component &c) {
  stack.push_back(Scope{});
  for (const ComponentSection &s : c.sections) {
    uint64_t at = s.offset;
    switch (s.id) {
    case compsec::CoreModule:
      ++cur()[SpCoreModule];
      break;
    case compsec::Component:
      WCOMP_CHECK(component(*s.component));
      ++cur()[SpComponentSpace];
      break;
    case compsec::CoreInstance:
      for (const CoreInstance &ci : s.coreInstances) {
        if (ci.kind == 0x00) {
          WCOMP_CHECK(in(SpCoreModule, ci.module, at));
          for (const auto &arg : ci.args)
            WCOMP_CHECK(in(SpCoreInstance, arg.index, at));
        } else {
          for (const auto &x : ci.exports)
            WCOMP_CHECK(in(spaceOf(Sort{sortkind::Core, x.sort}), x.index, at));
        }
        ++cur()[SpCoreInstance];
      }
      break;
    case compsec::CoreType:
      for (const CoreTypeDef &t : s.coreTypes) {
        stack.back().coreIsModule.push_back(t.isModule);
        ++cur()[SpCoreType];
      }
      break;
    case compsec::Instance:
      for (const Instance &in_ : s.instances) {
        if (in_.kind == 0x00) {
          WCOMP_CHECK(in(SpComponentSpace, in_.component, at));
          for (const auto &arg : in_.args)
            WCOMP_CHECK(in(spaceOf(arg.item.sort), arg.item.index, at));
        } else {
          for (const auto &x : in_.exports)
            WCOMP_CHECK(in(spaceOf(x.item.sort), x.item.index, at));
        }
        ++cur()[SpInstanceSpace];
      }
      break;
    case compsec::Alias:
      for (const Alias &a : s.aliases)
        WCOMP_CHECK(alias(a, at));
      break;
    case compsec::Type:
      for (const TypeDef &t : s.types) {
        WCOMP_CHECK(definedType(t, at));
        addType(t.kind);
      }
      break;
    case compsec::Canon:
      for (const Canon &k : s.canons)
        WCOMP_CHECK(canon(k, at));
      break;
    case compsec::Start:
      WCOMP_CHECK(in(SpFunc, s.start->func, at));
      for (uint32_t v : s.start->args)
        WCOMP_CHECK(in(SpValue, v, at));
      cur()[SpValue] += s.start->results;
      break;
    case compsec::Import:
      for (const ComponentImport &imp : s.imports) {
        WCOMP_CHECK(desc(imp.desc, at));
        if (imp.desc.kind == 0x03)
          addType(importedTypeKind(imp.desc));
        else
          ++cur()[spaceOf(imp.desc)];
      }
      break;
    case compsec::Export:
      for (const ComponentExport &x : s.exports) {
        WCOMP_CHECK(in(spaceOf(x.item.sort), x.item.index, at));
        if (x.desc)
          WCOMP_CHECK(desc(*x.desc, at));
        // An export is a new index in its sort's space, like an alias.
        if (x.item.sort.kind == sortkind::Type)
          addType(x.desc && x.desc->kind == 0x03 ? importedTypeKind(*x.desc) : kindOf(x.item.index));
        else
          ++cur()[spaceOf(x.item.sort)];
      }
      break;
    case compsec::Value:
      for (const ComponentValue &v : s.values) {
        WCOMP_CHECK(typeRef(v.type, at));
        ++cur()[SpValue];
      }
      break;
    }
  }
  stack.pop_back();
  return llvm::Error::success();
}

} // namespace

llvm::Error checkComponentIndices(const Component &c) {
  Checker checker;
  return checker.component(c);
}

} // namespace wcomp::validate
