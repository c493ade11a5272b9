//===- validate/component_validator.cpp - Validating a component binary ---===//
#include "validate/component_validator.h"

#include "binary/component.h"
#include "binary/error.h"
#include "binary/io.h"
#include "validate/component_checker.h"
#include "validate/component_names.h"

namespace wcomp::validate {

using namespace binary;

namespace {

/// Checks the import/export names of component and instance type declarations.
llvm::Error checkTypeNames(const TypeDef &t, uint64_t at, const NameRules &rules) {
  if (t.kind != typekind::Component && t.kind != typekind::Instance)
    return llvm::Error::success();
  NameScope imports(rules), exports(rules);
  for (const TypeDecl &d : t.decls) {
    if (d.kind == declkind::Type && d.type)
      WCOMP_CHECK(checkTypeNames(*d.type, at, rules));
    if (d.kind != declkind::Import && d.kind != declkind::Export)
      continue;
    NameScope &scope = d.kind == declkind::Import ? imports : exports;
    if (llvm::Error err = scope.add(d.name.name, d.kind == declkind::Import, d.desc.kind, d.name.options))
      return makeError(at, toString(std::move(err)));
  }
  return llvm::Error::success();
}

/// The extern description byte of an item of sort `s`.
uint8_t externKind(Sort s) { return s.kind == sortkind::Core ? 0x00 : s.kind; }

/// Checks the names of every scope of `c`: its imports and exports, inline
/// instance exports, and the declarations of component and instance types.
llvm::Error checkComponentNames(const Component &c, const NameRules &rules) {
  NameScope imports(rules), exports(rules);
  for (const ComponentSection &s : c.sections) {
    auto add = [&](NameScope &scope, const ExternName &name, bool isImport,
                   uint8_t kind) -> llvm::Error {
      if (llvm::Error err = scope.add(name.name, isImport, kind, name.options))
        return makeError(s.offset, toString(std::move(err)));
      return llvm::Error::success();
    };
    switch (s.id) {
    case compsec::Import:
      for (const ComponentImport &imp : s.imports)
        WCOMP_CHECK(add(imports, imp.name, true, imp.desc.kind));
      break;
    case compsec::Export:
      for (const ComponentExport &x : s.exports)
        WCOMP_CHECK(add(exports, x.name, false, externKind(x.item.sort)));
      break;
    case compsec::Instance:
      for (const Instance &in : s.instances) {
        NameScope inline_(rules);
        for (const Instance::InlineExport &x : in.exports)
          WCOMP_CHECK(add(inline_, x.name, false, externKind(x.item.sort)));
      }
      break;
    case compsec::Type:
      for (const TypeDef &t : s.types)
        WCOMP_CHECK(checkTypeNames(t, s.offset, rules));
      break;
    case compsec::Component:
      WCOMP_CHECK(checkComponentNames(*s.component, rules));
      break;
    }
  }
  return llvm::Error::success();
}

/// Validates every core module nested in `c` (recursively) from the model
/// the component reader made of it (read once); `fileStart` turns the
/// nested byte ranges back into absolute offsets.
llvm::Error validateNested(const Component &c, const uint8_t *fileStart, const ValidateOptions &opts) {
  unsigned moduleIndex = 0, componentIndex = 0;
  for (const ComponentSection &s : c.sections) {
    if (s.id == compsec::CoreModule) {
      uint64_t base = uint64_t(s.nestedBytes.data() - fileStart);
      if (llvm::Error err = validateModule(*s.module, base, opts))
        return addContext(std::move(err), "core module " + llvm::Twine(moduleIndex));
      ++moduleIndex;
    } else if (s.id == compsec::Component) {
      if (llvm::Error err = validateNested(*s.component, fileStart, opts))
        return addContext(std::move(err), "component " + llvm::Twine(componentIndex));
      ++componentIndex;
    }
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<ComponentInfo> validateComponent(llvm::ArrayRef<uint8_t> bytes,
                                                const ValidateOptions &opts) {
  ReadOptions lazy;
  lazy.decodeBodies = false;
  auto c = readComponent(bytes, 0, lazy);
  if (!c)
    return c.takeError();
  detail::Checker checker;
  checker.features = opts.features;
  ComponentInfo info;
  WCOMP_CHECK(checker.component(*c, &info.component));
  WCOMP_CHECK(checkComponentNames(*c, NameRules::from(opts.features)));
  WCOMP_CHECK(validateNested(*c, bytes.data(), opts));
  info.types = std::move(checker.types);
  return info;
}

ComponentTyper::ComponentTyper(const Features &features)
    : checker(std::make_unique<detail::Checker>()) {
  checker->features = features;
}

ComponentTyper::~ComponentTyper() = default;

CTypes &ComponentTyper::types() { return checker->types; }

llvm::Expected<CTypeId> ComponentTyper::add(llvm::ArrayRef<uint8_t> bytes) {
  ReadOptions lazy;
  lazy.decodeBodies = false;
  lazy.interfaceOnly = true;
  auto c = readComponent(bytes, 0, lazy);
  if (!c)
    return c.takeError();
  CTypeId id = NoType;
  WCOMP_CHECK(checker->component(*c, &id));
  WCOMP_CHECK(checkComponentNames(*c, NameRules::from(checker->features)));
  return id;
}

} // namespace wcomp::validate
