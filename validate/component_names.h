//===- validate/component_names.h - Import/export name grammar -*- C++ -*-===//
#pragma once

#include "binary/component.h"
#include "binary/names.h"
#include "validate/features.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace wcomp::validate {

/// The kinds of component import/export names (Explainer.md, "Import and
/// Export Definitions").
enum class ExternNameKind { Plain, Interface, UnlockedDep, LockedDep, Url, Hash };

/// The name forms that component-model features switch on, wasm-tools 1.262's
/// defaults unless set from a feature set.
struct NameRules {
  bool nested = false;     ///< `a:b:c/d/e` (cm-nested-names)
  bool accessors = false;  ///< `[get]x`, `[method][set]r.x` (cm-accessors)
  bool implements = true;  ///< the `implements` and external-id attributes (cm-implements)
  bool canonNames = false; ///< the version-suffix attribute (cm-canon-names)
  /// The rules of a feature set.
  static NameRules from(const Features &f);
};

/// A checked import or export name.
struct ExternNameInfo {
  ExternNameKind kind = ExternNameKind::Plain;
  /// For plain names: the annotation without brackets ("", "constructor",
  /// "method", "static").
  std::string annotation;
  /// "get" or "set" for accessor names (cm-accessors), else empty.
  std::string accessor;
  /// The name with annotations stripped and acronyms lower-cased: two names
  /// with equal keys collide unless they are `l` and `[constructor]l`.
  std::string uniquenessKey;
};

using binary::isKebabLabel;
using binary::isValidSemver;

/// Parses an import name (`isImport`) or export name against the grammar.
/// The error text names the offending name; the caller adds the offset.
llvm::Expected<ExternNameInfo> checkExternName(llvm::StringRef name, bool isImport,
                                               const NameRules &rules = {});

/// The import or export names of one scope (a component, component type or
/// instance type): checks each against the grammar, that annotated names are
/// functions, and strong uniqueness against the names before it.
class NameScope {
public:
  /// Checks names against `rules` (the features in force).
  explicit NameScope(const NameRules &rules = {}) : rules(rules) {}
  /// `kind` is the extern description byte of what is named (0x01 func,
  /// 0x05 instance, ...); `options` are the name's attributes (0x02 form).
  llvm::Error add(llvm::StringRef name, bool isImport, uint8_t kind,
                  llvm::ArrayRef<binary::ExternName::Option> options = {});

private:
  NameRules rules;
  llvm::StringMap<llvm::SmallVector<std::string, 1>> seen;
};

} // namespace wcomp::validate
