#include "validate/component_spaces.h"

#include "binary/error.h"

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
    case 0x00: return in(SpCoreType, d.index, at);
    case 0x02: return d.bound == 0x00 ? in(SpValue, d.index, at) : typeRef(d.valtype, at);
    case 0x03: return d.bound == 0x00 ? in(SpType, d.index, at) : llvm::Error::success();
    default: return in(SpType, d.index, at);
    }
  }
  llvm::Error typeRef(const CValType &t, uint64_t at) const {
    return t.primitive ? llvm::Error::success() : in(SpType, t.index, at);
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

  Spaces &cur() { return stack.back(); }
  const Spaces &cur() const { return stack.back(); }
  std::vector<Spaces> stack; ///< innermost component last
};

llvm::Error Checker::definedType(const TypeDef &t, uint64_t at) const {
  // Only references into this component's type space; the declarations of
  // component and instance types have spaces of their own (issue 5 proper).
  if (t.kind == 0x40 || t.kind == 0x43) {
    for (const LabeledType &p : t.func.params)
      WCOMP_CHECK(typeRef(p.type, at));
    if (t.func.result)
      WCOMP_CHECK(typeRef(*t.func.result, at));
    return llvm::Error::success();
  }
  if (t.kind != 0)
    return t.isResource() && t.resource.dtor ? in(SpCoreFunc, *t.resource.dtor, at) : llvm::Error::success();
  const DefinedType &d = t.defined;
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
    WCOMP_CHECK(in(SpType, d.index, at));
  return llvm::Error::success();
}

llvm::Error Checker::alias(const Alias &a, uint64_t at) {
  Space s = spaceOf(a.sort);
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
    const Spaces &outer = stack[stack.size() - 1 - a.instance];
    if (a.index >= outer[s])
      return makeError(at, llvm::Twine("unknown ") + spaceName(s) + " " + llvm::Twine(a.index) +
                               ": " + spaceName(s) + " index out of bounds");
    break;
  }
  }
  ++cur()[s];
  return llvm::Error::success();
}

llvm::Error Checker::canon(const Canon &k, uint64_t at) {
  switch (canonInfo(k.opcode).shape) {
  case CanonShape::Lift:
    WCOMP_CHECK(in(SpCoreFunc, k.func, at));
    WCOMP_CHECK(opts(k.opts, at));
    WCOMP_CHECK(in(SpType, k.type, at));
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
  stack.push_back(Spaces{});
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
      cur()[SpCoreType] += s.coreTypes.size();
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
        ++cur()[SpType];
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
        ++cur()[spaceOf(imp.desc)];
      }
      break;
    case compsec::Export:
      for (const ComponentExport &x : s.exports) {
        WCOMP_CHECK(in(spaceOf(x.item.sort), x.item.index, at));
        if (x.desc)
          WCOMP_CHECK(desc(*x.desc, at));
        // An export is a new index in its sort's space, like an alias.
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
