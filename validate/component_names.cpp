#include "validate/component_names.h"

#include "llvm/ADT/SmallVector.h"

namespace wcomp::validate {

namespace externkind = binary::externkind;
namespace nameopt = binary::nameopt;

namespace {
std::string lowered(llvm::StringRef s) {
  std::string out = s.str();
  for (char &c : out)
    if (c >= 'A' && c <= 'Z')
      c = char(c - 'A' + 'a');
  return out;
}

/// `ns:pkg/iface@version`; with nested names (🪺) `ns:ns2:pkg/iface/sub`.
bool isInterfaceName(llvm::StringRef s, bool nested) {
  auto [path, version] = s.split('@');
  if (s.contains('@') && !isValidSemver(version))
    return false;
  if (nested) {
    auto [pkgPath, projections] = path.split('/');
    llvm::SmallVector<llvm::StringRef, 4> parts;
    pkgPath.split(parts, ':', -1, true);
    if (parts.size() < 2 || !path.contains('/'))
      return false;
    for (llvm::StringRef p : parts)
      if (!binary::isKebabWords(p))
        return false;
    llvm::SmallVector<llvm::StringRef, 4> labels;
    projections.split(labels, '/', -1, true);
    for (llvm::StringRef l : labels)
      if (!isKebabLabel(l))
        return false;
    return true;
  }
  auto [ns, rest] = path.split(':');
  auto [pkg, iface] = rest.split('/');
  return binary::isKebabWords(ns) && binary::isKebabWords(pkg) && rest.contains('/') &&
         isKebabLabel(iface);
}

/// Why `s` is not an interface name, in wasm-tools' words where it has them.
std::string interfaceNameProblem(llvm::StringRef s) {
  auto [path, version] = s.split('@');
  auto [ns, rest] = path.split(':');
  auto [pkg, iface] = rest.split('/');
  if (pkg.contains(':'))
    return "expected `/` after package name";
  if (rest.contains('/') && iface.contains('/'))
    return "trailing characters found: `" + iface.substr(iface.find('/')).str() + "`";
  return "is not a valid extern name";
}

/// `<ns:pkg@...>` contents of dependency names.
bool isPackagePath(llvm::StringRef s) {
  llvm::SmallVector<llvm::StringRef, 4> colon;
  s.split(colon, ':', -1, true);
  if (colon.size() < 2)
    return false;
  for (llvm::StringRef p : colon)
    if (!binary::isKebabWords(p.split('/').first))
      return false;
  return true;
}

bool isVersionRange(llvm::StringRef r) {
  if (r == "*")
    return true;
  if (!r.consume_front("{") || !r.consume_back("}"))
    return false;
  auto [lower, upper] = r.split(' ');
  if (lower.consume_front(">=")) {
    if (!isValidSemver(lower))
      return false;
    return upper.empty() || (upper.consume_front("<") && isValidSemver(upper));
  }
  return lower.consume_front("<") && isValidSemver(lower) && upper.empty();
}

/// `integrity=<...>`: accepts any non-empty metadata without angle brackets.
bool isHashName(llvm::StringRef s) {
  return s.consume_front("integrity=<") && s.consume_back(">") && !s.empty() &&
         !s.contains('<') && !s.contains('>');
}
} // namespace

NameRules NameRules::from(const Features &f) {
  NameRules r;
  r.nested = f.has(Feature::CmNestedNames);
  r.accessors = f.has(Feature::CmAccessors);
  r.implements = f.has(Feature::CmImplements);
  r.canonNames = f.has(Feature::CmCanonNames);
  return r;
}

llvm::Expected<ExternNameInfo> checkExternName(llvm::StringRef name, bool isImport,
                                               const NameRules &rules) {
  ExternNameInfo info;
  auto bad = [&](const llvm::Twine &why) -> llvm::Error {
    return llvm::createStringError(llvm::Twine("`") + name + "` " + why);
  };
  if (isImport) {
    llvm::StringRef rest = name;
    if (rest.consume_front("unlocked-dep=<")) {
      // The range itself may contain `>` (`@{>=1.0.0}`): the name ends with the bracket.
      if (!rest.consume_back(">"))
        return bad("is not a valid extern name");
      auto [path, range] = rest.split('@');
      if (!isPackagePath(path) || (rest.contains('@') && !isVersionRange(range)))
        return bad("is not a valid extern name");
      info.kind = ExternNameKind::UnlockedDep;
      info.uniquenessKey = name.str();
      return info;
    }
    if (rest.consume_front("locked-dep=<")) {
      auto [inner, tail] = rest.split('>');
      auto [path, version] = inner.split('@');
      if (!isPackagePath(path) || (inner.contains('@') && !isValidSemver(version)) ||
          (!tail.empty() && !(tail.consume_front(",") && isHashName(tail))))
        return bad("is not a valid extern name");
      info.kind = ExternNameKind::LockedDep;
      info.uniquenessKey = name.str();
      return info;
    }
    if (rest.consume_front("url=<")) {
      auto [url, tail] = rest.split('>');
      if (url.contains('<') || !rest.contains('>') ||
          (!tail.empty() && !(tail.consume_front(",") && isHashName(tail))))
        return bad("is not a valid extern name");
      info.kind = ExternNameKind::Url;
      info.uniquenessKey = name.str();
      return info;
    }
    if (name.starts_with("integrity=<")) {
      if (!isHashName(name))
        return bad("is not a valid extern name");
      info.kind = ExternNameKind::Hash;
      info.uniquenessKey = name.str();
      return info;
    }
  }
  if (name.contains(':')) {
    if (!isInterfaceName(name, rules.nested))
      return bad(interfaceNameProblem(name));
    info.kind = ExternNameKind::Interface;
    info.uniquenessKey = lowered(name);
    return info;
  }
  llvm::StringRef label = name;
  // `[constructor]`, `[method]` or `[static]`, then (cm-accessors) `[get]` or
  // `[set]`. The `[async]` forms left the specification with async function
  // types, and wasm-tools 1.262 refuses them as not kebab-case.
  for (llvm::StringRef kind : {"constructor", "method", "static"})
    if (label.consume_front(("[" + kind + "]").str())) {
      info.annotation = kind.str();
      break;
    }
  for (llvm::StringRef kind : {"get", "set"})
    if (label.consume_front(("[" + kind + "]").str())) {
      if (!rules.accessors)
        return bad("is not a valid extern name: `[get]` and `[set]` names require the "
                   "component model accessors feature");
      if (info.annotation == "constructor")
        return bad("is not a valid extern name: names with [constructor] cannot contain [get] "
                   "or [set]");
      info.accessor = kind.str();
      break;
    }
  if (!info.annotation.empty() || !info.accessor.empty()) {
    llvm::StringRef annotation = info.annotation;
    if (annotation.empty() || annotation == "constructor") {
      if (!isKebabLabel(label))
        return bad("is not in kebab case");
    } else if (annotation == "method" || annotation == "static") {
      auto [resource, field] = label.split('.');
      if (!label.contains('.'))
        return bad("failed to find `.` character");
      if (!isKebabLabel(resource) || !isKebabLabel(field))
        return bad("is not in kebab case");
    }
    info.uniquenessKey = binary::stronglyUniqueKey(name);
    return info;
  }
  if (!isKebabLabel(label))
    return bad("is not in kebab case");
  info.uniquenessKey = binary::stronglyUniqueKey(name);
  return info;
}

/// The canonical short form of a full semver (cm-canon-names): the
/// prerelease version in full; else the major version if not 0, else
/// `0.minor` if not 0, else `0.0.patch`.
std::string canonicalVersion(llvm::StringRef full) {
  llvm::StringRef core = full.split('+').first;
  if (core.contains('-'))
    return core.str();
  llvm::SmallVector<llvm::StringRef, 3> parts;
  core.split(parts, '.');
  if (parts.size() != 3)
    return core.str();
  if (parts[0] != "0")
    return parts[0].str();
  if (parts[1] != "0")
    return ("0." + parts[1]).str();
  return ("0.0." + parts[2]).str();
}

/// The attributes of a name (binary form 0x02): `implements` only on
/// instances with plain names, naming an interface; a version suffix only
/// after an interface name's version.
llvm::Error checkNameOptions(llvm::StringRef name, const ExternNameInfo &info, uint8_t kind,
                             llvm::ArrayRef<binary::ExternName::Option> options,
                             const NameRules &rules) {
  for (const binary::ExternName::Option &o : options) {
    if ((o.kind == nameopt::Implements || o.kind == nameopt::ExternalId) && !rules.implements)
      return llvm::createStringError("the `cm-implements` feature is not active");
    if (o.kind == nameopt::VersionSuffix && !rules.canonNames)
      return llvm::createStringError("the `cm-canon-names` feature is not active");
    if (o.kind == nameopt::Implements) {
      if (kind != externkind::Instance)
        return llvm::createStringError("only instances can have an `implements` attribute");
      if (info.kind != ExternNameKind::Plain || !info.annotation.empty())
        return llvm::createStringError("name `" + name.str() +
                                       "` is not valid with `implements`");
      // With a version suffix, the value names the completed version.
      std::string value = o.value.str();
      for (const binary::ExternName::Option &s : options)
        if (s.kind == externkind::Func && rules.canonNames && o.value.contains('@'))
          value += s.value.str();
      auto target = checkExternName(value, false, rules);
      if (!target)
        return llvm::createStringError("`implements` value " +
                                       toString(target.takeError()) +
                                       (o.value.empty() ? ": not a valid name" : ""));
      if (target->kind != ExternNameKind::Interface)
        return llvm::createStringError("`implements` value `" + o.value.str() +
                                       "` must be an interface name");
    } else if (o.kind == nameopt::VersionSuffix) {
      if (kind != externkind::Instance)
        return llvm::createStringError("only instances can have a `version-suffix` attribute");
      // The suffix completes the version of the interface name, or of the
      // `implements` value of a plain name.
      llvm::StringRef target = name;
      if (info.kind != ExternNameKind::Interface) {
        auto impl = llvm::find_if(options, [](const auto &x) { return x.kind == nameopt::Implements; });
        if (impl == options.end())
          return llvm::createStringError(
              "`version-suffix` requires an interface name or `implements`");
        target = impl->value;
      }
      if (!target.contains('@'))
        return llvm::createStringError("a version suffix requires the name to have a version");
      llvm::StringRef version = target.split('@').second;
      std::string full = (version + o.value).str();
      if (o.value.empty() || !isValidSemver(full))
        return llvm::createStringError("invalid interface version `" + full + "` of `" +
                                       target.str() + "` with version suffix `" +
                                       o.value.str() + "`");
      if (canonicalVersion(full) != version)
        return llvm::createStringError("`" + version.str() + "` in `" + target.str() +
                                       "` is not the canonical version of `" + full + "`");
    }
  }
  return llvm::Error::success();
}

llvm::Error NameScope::add(llvm::StringRef name, bool isImport, uint8_t kind,
                           llvm::ArrayRef<binary::ExternName::Option> options) {
  // An interface name with a version suffix (cm-canon-names) is checked as
  // the completed name; the short form's canonicity is checked below.
  std::string completed = name.str();
  for (const binary::ExternName::Option &o : options)
    if (o.kind == nameopt::VersionSuffix && rules.canonNames && name.contains('@') && name.contains(':'))
      completed += o.value.str();
  auto info = checkExternName(completed, isImport, rules);
  if (!info)
    return info.takeError();
  info->uniquenessKey = binary::stronglyUniqueKey(name);
  bool isFunc = kind == externkind::Func;
  if (llvm::Error e = checkNameOptions(name, *info, kind, options, rules))
    return e;
  if ((!info->annotation.empty() || !info->accessor.empty()) && !isFunc)
    return llvm::createStringError(llvm::Twine("`") + name +
                                   "` is not a valid name: only functions may have an annotated name");
  auto &prior = seen[info->uniquenessKey];
  // Names agreeing once canonicalized (stronglyUniqueKey) collide.
  for (const std::string &other : prior)
    return llvm::createStringError(std::string(isImport ? "import" : "export") + " name `" +
                                   completed + "` conflicts with previous name `" + other + "`");
  prior.push_back(completed);
  return llvm::Error::success();
}

} // namespace wcomp::validate
