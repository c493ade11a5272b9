//===- validate/component_spaces.cpp - Typed component checker: the walk ---===//
#include "binary/component.h"

#include "binary/error.h"
#include "validate/component_checker.h"

#include "binary/limits.h"
#include "validate/component_names.h"
#include "validate/instantiate.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <set>

namespace wcomp::validate {

using namespace binary;

namespace detail {

const char *spaceName(Space s) {
  static const char *names[] = {"core func", "core table", "core memory", "core global",
                                "core tag",  "core type",  "core module", "core instance",
                                "func",      "value",      "type",        "component",
                                "instance"};
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
  case sortkind::Component: return SpComponent;
  default: return SpInstance;
  }
}

Space spaceOf(const ExternDesc &d) {
  static const Space spaces[] = {SpCoreModule, SpFunc, SpValue, SpType, SpComponent, SpInstance};
  return d.kind <= 0x05 ? spaces[d.kind] : SpFunc;
}

size_t Scope::size(Space s) const {
  switch (s) {
  case SpCoreFunc: case SpCoreTable: case SpCoreMemory: case SpCoreGlobal: case SpCoreTag:
    return coreItems[s - SpCoreFunc].size();
  case SpCoreType: return coreTypes.size();
  case SpCoreModule: return coreModules.size();
  case SpCoreInstance: return coreInstances.size();
  case SpFunc: return funcs.size();
  case SpValue: return values.size();
  case SpType: return types.size();
  case SpComponent: return components.size();
  default: return instances.size();
  }
}

llvm::Error Checker::in(Space s, uint64_t idx, uint64_t at) const {
  if (idx < cur().size(s))
    return llvm::Error::success();
  return makeError(at, llvm::Twine("unknown ") + spaceName(s) + " " + llvm::Twine(idx) + ": " +
                           spaceName(s) + " index out of bounds");
}

llvm::Error Checker::need(Feature f, const llvm::Twine &message, uint64_t at) const {
  if (features.has(f))
    return llvm::Error::success();
  return makeError(at, message + " (enable it with `-f " + featureName(f) + "`)");
}

llvm::Error Checker::checkInstanceCount(uint64_t at) const {
  if (cur().instances.size() > limits::ComponentInstances)
    return makeError(at, "instances count exceeds limit of " +
                             llvm::Twine(limits::ComponentInstances));
  return llvm::Error::success();
}

llvm::Error Checker::addItem(const CExtern &e, uint64_t at) {
  Scope &sc = cur();
  switch (e.kind) {
  case externkind::CoreModule: sc.coreModules.push_back(e.type); break;
  case externkind::Func: sc.funcs.push_back(e.type); break;
  case externkind::Value: sc.values.push_back(e.val); break;
  case externkind::Type: pushType(e.type, e.name); break;
  case externkind::Component: sc.components.push_back(e.type); break;
  default: sc.instances.push_back(e.type); return checkInstanceCount(at);
  }
  return llvm::Error::success();
}

void Checker::pushType(CTypeId t, NameTag name) {
  cur().types.push_back(t);
  cur().typeNames.push_back(name);
}

void Checker::addCoreItem(uint8_t sort, const CoreExtern &e) {
  if (sort < 5)
    cur().coreItems[sort].push_back(e);
}

llvm::Expected<CExtern> Checker::itemType(SortIdx item, uint64_t at) const {
  Space s = spaceOf(item.sort);
  WCOMP_CHECK(in(s, item.index, at));
  CExtern e;
  const Scope &sc = cur();
  switch (s) {
  case SpCoreModule: e.kind = 0x00; e.type = sc.coreModules[item.index]; break;
  case SpFunc: e.kind = 0x01; e.type = sc.funcs[item.index]; break;
  case SpValue: e.kind = 0x02; e.val = sc.values[item.index]; break;
  case SpType:
    e.kind = 0x03;
    e.type = sc.types[item.index];
    e.name = sc.typeNames[item.index];
    break;
  case SpComponent: e.kind = 0x04; e.type = sc.components[item.index]; break;
  case SpInstance: e.kind = 0x05; e.type = sc.instances[item.index]; break;
  default:
    return makeError(at, llvm::Twine(spaceName(s)) + " items cannot be used here");
  }
  return e;
}

llvm::Expected<CoreExtern> Checker::coreItem(uint8_t sort, uint32_t idx, uint64_t at) const {
  Space s = spaceOf(Sort{sortkind::Core, sort});
  WCOMP_CHECK(in(s, idx, at));
  if (sort >= 5)
    return makeError(at, "core instances export only functions, tables, memories, globals and tags");
  return cur().coreItems[sort][idx];
}

bool Checker::containsResource(CTypeId t) const {
  if (t == NoType || t >= types.size())
    return false;
  const CTypeNode &n = types[t];
  auto val = [&](const CVal &v) { return !v.prim && containsResource(v.id); };
  switch (n.kind) {
  case CTypeNode::Resource: return true;
  case CTypeNode::Module: return false;
  case CTypeNode::Instance: case CTypeNode::Component:
    for (auto &x : n.imports)
      if (x.second.kind == externkind::Value ? val(x.second.val) : containsResource(x.second.type))
        return true;
    for (auto &x : n.exports)
      if (x.second.kind == externkind::Value ? val(x.second.val) : containsResource(x.second.type))
        return true;
    return false;
  default:
    for (auto &f : n.named)
      if (val(f.second))
        return true;
    for (auto &c : n.cases)
      if (c.second && val(*c.second))
        return true;
    for (const CVal &v : n.vals)
      if (val(v))
        return true;
    return (n.a && val(*n.a)) || (n.b && val(*n.b)) || n.resource != NoType;
  }
}


CExtern Checker::freshen(const CExtern &e) {
  // Each import of an instance type gets resources of its own for the
  // abstract resources the type declares.
  if (e.kind != externkind::Instance && e.kind != externkind::Component)
    return e;
  const std::vector<CTypeId> declared = types[e.type].definedResources;
  if (e.kind != externkind::Instance || declared.empty())
    return e;
  ResourceMap map;
  std::vector<CTypeId> fresh;
  for (CTypeId r : declared) {
    CTypeNode n;
    n.kind = CTypeNode::Resource;
    fresh.push_back(types.add(std::move(n)));
    map[r] = fresh.back();
  }
  CExtern out = e;
  out.type = types.substitute(e.type, map);
  if (out.type != e.type)
    types.mut(out.type).definedResources = fresh;
  return out;
}

//===----------------------------------------------------------------------===//
// Instances.
//===----------------------------------------------------------------------===//

llvm::Error Checker::coreInstance(const CoreInstance &ci, uint64_t at) {
  CoreExports exports;
  if (ci.kind == instancekind::Instantiate) {
    WCOMP_CHECK(in(SpCoreModule, ci.module, at));
    llvm::StringMap<uint32_t> args;
    for (const auto &arg : ci.args) {
      WCOMP_CHECK(in(SpCoreInstance, arg.index, at));
      if (!args.try_emplace(arg.name, arg.index).second)
        return makeError(at, "duplicate module instantiation argument named `" + arg.name + "`");
    }
    const CTypeNode &m = types[cur().coreModules[ci.module]];
    for (const auto &[name, need] : m.coreImports) {
      auto it = args.find(name.first);
      if (it == args.end())
        return makeError(at, "missing module instantiation argument named `" + name.first + "`");
      const CoreExports &inst = cur().coreInstances[it->second];
      const CoreExtern *have = nullptr;
      for (const auto &[n, e] : inst)
        if (n == name.second)
          have = &e;
      if (!have)
        return makeError(at, "module instantiation argument `" + name.first +
                                 "` does not export an item named `" + name.second + "`");
      if (auto msg = CTypes::coreMismatch(*have, need))
        return makeError(at, "type mismatch for export `" + name.second +
                                 "` of module instantiation argument `" + name.first + "`: " + msg->message());
    }
    exports = m.coreExports;
  } else {
    llvm::StringSet<> names;
    for (const auto &x : ci.exports) {
      if (!names.insert(x.name).second)
        return makeError(at, "export name `" + x.name + "` already defined");
      CoreExtern e;
      WCOMP_ASSIGN(e, coreItem(x.sort, x.index, at));
      exports.push_back({x.name.str(), e});
    }
  }
  cur().coreInstances.push_back(std::move(exports));
  return llvm::Error::success();
}

llvm::Error Checker::instance(const Instance &in_, uint64_t at) {
  CTypeNode n;
  n.kind = CTypeNode::Instance;
  if (in_.kind == instancekind::Instantiate) {
    WCOMP_CHECK(in(SpComponent, in_.component, at));
    llvm::StringMap<CExtern> args;
    for (const auto &arg : in_.args) {
      CExtern e;
      WCOMP_ASSIGN(e, itemType(arg.item, at));
      if (!args.try_emplace(arg.name, e).second)
        return makeError(at, "instantiation argument `" + arg.name +
                                 "` conflicts with previous argument `" + arg.name + "`");
    }
    // Each import is supplied by the argument of its name (instantiate.h).
    Instantiation inst(types, cur().components[in_.component]);
    const auto &imports = inst.component().imports;
    for (size_t i = 0; i < imports.size(); ++i) {
      const std::string &name = imports[i].first;
      auto it = args.find(name);
      if (it == args.end())
        return makeError(at, "missing import named `" + name + "`");
      if (auto msg = inst.check(i, it->second))
        return makeError(at, "type mismatch in import `" + name + "`: " + msg->message());
      inst.supply(i, it->second);
    }
    CTypeId id;
    WCOMP_ASSIGN(id, checkDepth(inst.finish(), at));
    cur().instances.push_back(id);
    return checkInstanceCount(at);
  } else {
    // A bag of exports. A type export keeps the name its index has (so the
    // bag's functions that use it use one of the bag's names); an unnamed
    // type gets a new one, which names it only through this instance. The
    // annotated function names among the exports resolve against them.
    llvm::DenseMap<NameTag, std::string> labels;
    for (const auto &x : in_.exports) {
      CExtern e;
      WCOMP_ASSIGN(e, itemType(x.item, at));
      if (e.kind == externkind::Type) {
        if (!e.name)
          e.name = freshName();
        if (types[e.type].kind == CTypeNode::Resource && isKebabLabel(x.name.name))
          labels[e.name] = x.name.name.str();
      }
      WCOMP_CHECK(checkAnnotated(x.name.name, e, false, labels, at));
      n.exports.push_back({x.name.name.str(), e});
    }
  }
  CTypeId id;
  WCOMP_ASSIGN(id, checkDepth(types.add(std::move(n)), at));
  cur().instances.push_back(id);
  return checkInstanceCount(at);
}

//===----------------------------------------------------------------------===//
// Aliases and canonical definitions.
//===----------------------------------------------------------------------===//

llvm::Error Checker::alias(const Alias &a, uint64_t at) {
  Space s = spaceOf(a.sort);
  switch (a.target) {
  case aliastarget::Export: {
    WCOMP_CHECK(in(SpInstance, a.instance, at));
    const CTypeNode &inst = types[cur().instances[a.instance]];
    for (const auto &[name, e] : inst.exports) {
      if (name != a.name)
        continue;
      static const Space want[] = {SpCoreModule, SpFunc, SpValue, SpType, SpComponent, SpInstance};
      if (e.kind > 0x05 || want[e.kind] != s)
        return makeError(at, "export `" + a.name + "` for instance " + llvm::Twine(a.instance) +
                                 " is not a " + spaceName(s));
      return addItem(e, at);
    }
    return makeError(at, "instance " + llvm::Twine(a.instance) + " has no export named `" +
                             a.name + "`");
  }
  case aliastarget::CoreExport: {
    WCOMP_CHECK(in(SpCoreInstance, a.instance, at));
    for (const auto &[name, e] : cur().coreInstances[a.instance]) {
      if (name != a.name)
        continue;
      if (a.sort.kind != sortkind::Core || a.sort.core != e.kind)
        return makeError(at, "export `" + a.name + "` for core instance " +
                                 llvm::Twine(a.instance) + " is not a " + spaceName(s));
      addCoreItem(e.kind, e);
      return llvm::Error::success();
    }
    return makeError(at, "core instance " + llvm::Twine(a.instance) + " has no export named `" +
                             a.name + "`");
  }
  default: { // outer
    if (a.instance >= stack.size())
      return makeError(at, "invalid outer alias count of " + llvm::Twine(a.instance));
    const Scope &outer = stack[stack.size() - 1 - a.instance];
    if (a.index >= outer.size(s))
      return makeError(at, llvm::Twine("unknown ") + spaceName(s) + " " + llvm::Twine(a.index) +
                               ": " + spaceName(s) + " index out of bounds");
    switch (s) {
    case SpType: {
      CTypeId t = outer.types[a.index];
      // Resources are generative: a nested component may not capture one
      // from an enclosing component.
      bool crossesComponent = false;
      for (uint32_t k = 0; k < a.instance; ++k)
        crossesComponent |= stack[stack.size() - 1 - k].kind == Scope::Component;
      if (crossesComponent && containsResource(t))
        return makeError(at, "type index " + llvm::Twine(a.index) +
                                 " is a resource type or transitively refers to resources");
      pushType(t, outer.typeNames[a.index]);
      break;
    }
    case SpCoreType: {
      // Its structure's type indices are the outer scope's: not followed.
      CoreTypeEntry e = outer.coreTypes[a.index];
      e.sub = nullptr;
      cur().coreTypes.push_back(e);
      break;
    }
    case SpCoreModule: cur().coreModules.push_back(outer.coreModules[a.index]); break;
    case SpComponent: cur().components.push_back(outer.components[a.index]); break;
    default:
      return makeError(at, "outer aliases may only refer to types, core types, core modules "
                           "or components");
    }
    return llvm::Error::success();
  }
  }
}

llvm::Error Checker::canon(const Canon &k, uint64_t at) {
  switch (canonInfo(k.opcode).shape) {
  case CanonShape::Lift: {
    CoreExtern core;
    WCOMP_ASSIGN(core, coreItem(coresort::Func, k.func, at));
    CTypeId f;
    WCOMP_ASSIGN(f, typeOfKind(k.type, CTypeNode::Func, "a function type", at));
    WCOMP_CHECK(checkLiftLower(k, f, &core, at, nullptr));
    cur().funcs.push_back(f);
    return llvm::Error::success();
  }
  case CanonShape::Lower: {
    WCOMP_CHECK(in(SpFunc, k.func, at));
    CoreExtern lowered;
    WCOMP_CHECK(checkLiftLower(k, cur().funcs[k.func], nullptr, at, &lowered));
    cur().coreItems[extkind::Func].push_back(lowered);
    return llvm::Error::success();
  }
  default: {
    CoreExtern f;
    WCOMP_ASSIGN(f, builtin(k, at));
    cur().coreItems[extkind::Func].push_back(std::move(f));
    return llvm::Error::success();
  }
  }
}

//===----------------------------------------------------------------------===//
// Sections.
//===----------------------------------------------------------------------===//

llvm::Error Checker::section(const ComponentSection &s) {
  uint64_t at = s.offset;
  switch (s.id) {
  case compsec::CoreModule: {
    cur().coreModules.push_back(s.module ? moduleType(*s.module) : NoType);
    if (!s.module)
      return makeError(at, "core module was not decoded");
    // Two-level names become one in a component's core instances, so a
    // repeated pair could not be told apart.
    const auto &imports = types[cur().coreModules.back()].coreImports;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto &[name, x] : imports)
      if (!seen.insert(name).second)
        return makeError(at, "duplicate import name `" + name.first + ":" + name.second + "`");
    break;
  }
  case compsec::Component: {
    CTypeId t;
    if (llvm::Error e = component(*s.component, &t))
      return addContext(std::move(e), "in component " + llvm::Twine(cur().components.size()));
    cur().components.push_back(t);
    break;
  }
  case compsec::CoreInstance:
    for (const CoreInstance &ci : s.coreInstances)
      WCOMP_CHECK(coreInstance(ci, at));
    break;
  case compsec::CoreType:
    for (const CoreTypeDef &t : s.coreTypes)
      WCOMP_CHECK(coreType(t, at, cur().coreTypes));
    break;
  case compsec::Instance:
    for (const Instance &in_ : s.instances)
      WCOMP_CHECK(instance(in_, at));
    break;
  case compsec::Alias:
    for (const Alias &a : s.aliases)
      WCOMP_CHECK(alias(a, at));
    break;
  case compsec::Type:
    for (const TypeDef &t : s.types) {
      CTypeId id;
      WCOMP_ASSIGN(id, typeDef(t, at));
      pushType(id, 0);
    }
    break;
  case compsec::Canon:
    for (const Canon &k : s.canons)
      WCOMP_CHECK(canon(k, at));
    break;
  case compsec::Start:
    WCOMP_CHECK(need(Feature::CmValues, "support for component model `value`s is not enabled", at));
    WCOMP_CHECK(in(SpFunc, s.start->func, at));
    for (uint32_t v : s.start->args)
      WCOMP_CHECK(in(SpValue, v, at));
    for (uint32_t i = 0; i < s.start->results; ++i)
      cur().values.push_back(CVal::primitive(0x7f));
    break;
  case compsec::Import:
    for (const ComponentImport &imp : s.imports) {
      CExtern e;
      WCOMP_ASSIGN(e, externDesc(imp.desc, at, true));
      e = freshen(e);
      WCOMP_CHECK(externItem(imp.name.name, e, true, at));
      cur().imports.push_back({imp.name.name.str(), e});
      noteImplements(imp.name, true);
      WCOMP_CHECK(addItem(e, at));
    }
    break;
  case compsec::Export:
    for (const ComponentExport &x : s.exports) {
      CExtern e;
      WCOMP_ASSIGN(e, itemType(x.item, at));
      if (x.desc && x.desc->kind == externkind::Type && x.desc->bound == typebound::SubResource) {
        // `(type (sub resource))`: the item must be a resource.
        if (e.kind != externkind::Type || types[e.type].kind != CTypeNode::Resource)
          return makeError(at, "ascribed type of export is not compatible with item's type: "
                               "expected resource, found " + types.describe(e));
        // The export is a resource of its own to the outside, new in each
        // instance.
        CTypeNode fresh;
        fresh.kind = CTypeNode::Resource;
        e.type = types.add(std::move(fresh));
        cur().definedResources.push_back(e.type);
      } else if (x.desc) {
        CExtern want;
        WCOMP_ASSIGN(want, externDesc(*x.desc, at, false));
        if (auto msg = types.mismatch(e, want))
          return makeError(at, "ascribed type of export is not compatible with item's type: " +
                                   msg->message());
        e = want;
      }
      if (e.kind == externkind::Type)
        e.name = freshName();
      WCOMP_CHECK(externItem(x.name.name, e, false, at));
      cur().exports.push_back({x.name.name.str(), e});
      noteImplements(x.name, false);
      // An export is a new index in its sort's space, like an alias.
      WCOMP_CHECK(addItem(e, at));
    }
    break;
  case compsec::Value:
    WCOMP_CHECK(need(Feature::CmValues, "support for component model `value`s is not enabled", at));
    for (const ComponentValue &v : s.values) {
      CVal t;
      WCOMP_ASSIGN(t, val(v.type, at));
      cur().values.push_back(t);
    }
    break;
  }
  return llvm::Error::success();
}

llvm::Error Checker::component(const Component &c, CTypeId *type) {
  stack.emplace_back();
  for (const ComponentSection &s : c.sections)
    if (llvm::Error e = section(s)) {
      stack.pop_back();
      return e;
    }
  CTypeNode n;
  n.kind = CTypeNode::Component;
  n.imports = std::move(cur().imports);
  n.exports = std::move(cur().exports);
  n.importImplements = std::move(cur().importImplements);
  n.exportImplements = std::move(cur().exportImplements);
  n.importExternalIds = std::move(cur().importExternalIds);
  n.exportExternalIds = std::move(cur().exportExternalIds);
  n.importedResources = std::move(cur().importedResources);
  n.definedResources = std::move(cur().definedResources);
  stack.pop_back();
  CTypeId id = types.add(std::move(n));
  if (type)
    *type = id;
  return llvm::Error::success();
}

} // namespace detail

} // namespace wcomp::validate
