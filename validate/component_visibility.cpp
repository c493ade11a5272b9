//===- validate/component_visibility.cpp - Names of types in imports/exports ===//
//
// Two rules that look at which type *index* a type was referred to by,
// rather than at the type itself (the name tags of component_types.h):
// external visibility of types (Explainer.md) and the resource named by a
// `[constructor]`/`[method]`/`[static]` annotation (Binary.md).
//
//===----------------------------------------------------------------------===//
#include "binary/component.h"
#include "binary/error.h"
#include "validate/component_checker.h"
#include "validate/component_names.h"

namespace wcomp::validate::detail {

using namespace binary;

namespace {

bool isNameable(uint8_t code) {
  return code == dvt::Record || code == dvt::Variant || code == dvt::Enum || code == dvt::Flags;
}

/// One visibility check: the tags allowed are the scope's sets plus those
/// an instance type's own type exports introduce for the exports after them.
struct Visibility {
  const CTypes &types;
  const llvm::DenseSet<NameTag> *a, *b;
  llvm::DenseSet<NameTag> local;
  llvm::DenseSet<CTypeId> ok; ///< types already found fine (types are DAGs)

  bool has(NameTag t) const {
    return t && (a->count(t) || (b && b->count(t)) || local.count(t));
  }

  bool val(CVal v) {
    if (v.prim || v.id >= types.size())
      return true;
    const CTypeNode &n = types[v.id];
    if (n.kind == CTypeNode::Defined && isNameable(n.code))
      return has(v.name);
    return contents(v.id);
  }

  /// The types a type is made of (not the type itself).
  bool contents(CTypeId t) {
    if (t >= types.size() || ok.count(t))
      return true;
    const CTypeNode &n = types[t];
    bool fine = true;
    switch (n.kind) {
    case CTypeNode::Defined:
    case CTypeNode::Func:
      if (n.code == dvt::Own || n.code == dvt::Borrow)
        if (n.kind == CTypeNode::Defined && !has(n.resourceName))
          return false;
      for (auto &f : n.named) fine = fine && val(f.second);
      for (auto &c : n.cases) fine = fine && (!c.second || val(*c.second));
      for (CVal v : n.vals) fine = fine && val(v);
      fine = fine && (!n.a || val(*n.a)) && (!n.b || val(*n.b));
      break;
    case CTypeNode::Instance:
      for (auto &[name, e] : n.exports) {
        if (!ext(e))
          return false;
        addTags(e);
      }
      break;
    default:
      // Component types were checked when they were defined; modules and
      // resources refer to no component types.
      break;
    }
    if (fine)
      ok.insert(t);
    return fine;
  }

  bool ext(const CExtern &e) {
    switch (e.kind) {
    case externkind::Func:
      case externkind::Type: case externkind::Instance: return contents(e.type);
    case externkind::Value: return val(e.val);
    default: return true;
    }
  }

  void addTags(const CExtern &e) {
    if (e.kind == externkind::Type)
      local.insert(e.name);
    else if (e.kind == externkind::Instance && e.type < types.size())
      for (auto &[name, x] : types[e.type].exports)
        addTags(x);
  }
};

const char *kindWord(uint8_t kind) {
  static const char *words[] = {"module", "func", "value", "type", "component", "instance"};
  return kind <= 0x05 ? words[kind] : "item";
}

void insertTags(const CTypes &types, const CExtern &e, llvm::DenseSet<NameTag> &set) {
  if (e.kind == externkind::Type)
    set.insert(e.name);
  else if (e.kind == externkind::Instance && e.type < types.size())
    for (auto &[name, x] : types[e.type].exports)
      insertTags(types, x, set);
}

} // namespace

llvm::Error Checker::checkVisible(const CExtern &e, bool isImport, uint64_t at) const {
  const Scope &sc = cur();
  Visibility v{types, &sc.importedNames, isImport ? nullptr : &sc.exportedNames, {}, {}};
  // An import cannot name a type by the index an export introduced (the
  // type it exports may be named instead).
  bool viaExport = isImport && e.kind == externkind::Type && e.eqOf && sc.exportedNames.count(e.eqOf) &&
                   !sc.importedNames.count(e.eqOf);
  if (!viaExport && v.ext(e))
    return llvm::Error::success();
  return makeError(at, llvm::Twine(kindWord(e.kind)) + " not valid to be used as " +
                           (isImport ? "import" : "export"));
}

void Checker::registerNames(llvm::StringRef name, const CExtern &e, bool isImport) {
  Scope &sc = cur();
  insertTags(types, e, isImport ? sc.importedNames : sc.exportedNames);
  if (e.kind == externkind::Type && e.type < types.size() && types[e.type].kind == CTypeNode::Resource &&
      isKebabLabel(name))
    (isImport ? sc.importLabels : sc.exportLabels)[e.name] = name.str();
}

llvm::Error Checker::checkAnnotated(llvm::StringRef name, const CExtern &e, bool isImport,
                                    const llvm::DenseMap<NameTag, std::string> &labels,
                                    uint64_t at) const {
  // Malformed names and annotated non-functions are the name checks' to
  // report.
  auto info = checkExternName(name, isImport, NameRules::from(features));
  if (!info) {
    llvm::consumeError(info.takeError()); // the name checks report it (see above)
    return llvm::Error::success();
  }
  llvm::StringRef ann = info->annotation;
  if (ann.empty() || e.kind != externkind::Func || e.type >= types.size())
    return llvm::Error::success();
  llvm::StringRef rest = name.substr(name.find(']') + 1);
  if (!info->accessor.empty()) // `[method][get]r.f`
    rest = rest.substr(rest.find(']') + 1);
  llvm::StringRef resource = ann == "constructor" ? rest : rest.split('.').first;
  const CTypeNode &f = types[e.type];

  auto named = [&](NameTag tag) -> llvm::Error {
    auto it = labels.find(tag);
    if (!tag || it == labels.end())
      return makeError(at, "resource used in function does not have a name in this context");
    if (it->second != resource)
      return makeError(at, "function does not match expected resource name `" + it->second + "`");
    return llvm::Error::success();
  };
  auto defined = [&](const std::optional<CVal> &v, uint8_t code) -> const CTypeNode * {
    if (!v || v->prim || v->id >= types.size())
      return nullptr;
    const CTypeNode &n = types[v->id];
    return n.kind == CTypeNode::Defined && n.code == code ? &n : nullptr;
  };

  if (ann == "constructor") {
    // A constructor returns the resource it makes; it cannot wait.
    if (f.async)
      return makeError(at, "constructor function cannot be async");
    if (!f.a)
      return makeError(at, "function should return one value");
    const CTypeNode *own = defined(f.a, dvt::Own);
    if (const CTypeNode *r = defined(f.a, dvt::Result); !own && r)
      own = defined(r->a, dvt::Own);
    if (!own)
      return makeError(at, "function should return `(own $T)` or `(result (own $T))`");
    return named(own->resourceName);
  }
  if (ann.ends_with("method")) {
    if (f.named.empty())
      return makeError(at, "function should have at least one argument");
    if (f.named[0].first != "self")
      return makeError(at, "function should have a first argument called `self`");
    const CTypeNode *borrow = defined(f.named[0].second, dvt::Borrow);
    if (!borrow)
      return makeError(at, "function should take a first argument of `(borrow $T)`");
    return named(borrow->resourceName);
  }
  // static
  for (auto &[tag, label] : labels)
    if (label == resource)
      return llvm::Error::success();
  return makeError(at, "static resource name is not known in this context");
}

llvm::Error Checker::externItem(llvm::StringRef name, const CExtern &e, bool isImport,
                                uint64_t at) {
  Scope &sc = cur();
  WCOMP_CHECK(checkAnnotated(name, e, isImport, isImport ? sc.importLabels : sc.exportLabels, at));
  // Instance types defer the check to the import or export they describe.
  if (sc.kind != Scope::InstanceType)
    WCOMP_CHECK(checkVisible(e, isImport, at));
  registerNames(name, e, isImport);
  return llvm::Error::success();
}

} // namespace wcomp::validate::detail
