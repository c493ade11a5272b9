//===- compose/wac_eval.cpp - A WAC document's statements into a graph ----===//
#include "compose/wac_reader.h"

#include "binary/error.h"
#include "binary/names.h"
#include "validate/component_names.h"

namespace wcomp::compose::detail {

namespace externkind = binary::externkind;

using validate::CExtern;

namespace {

/// `a:b/c@1.0.0` -> `c`; a plain name is itself.
llvm::StringRef lastSegment(llvm::StringRef name) {
  name = name.take_until([](char c) { return c == '@'; });
  size_t slash = name.rfind('/');
  return slash == llvm::StringRef::npos ? name : name.drop_front(slash + 1);
}

std::vector<std::string> namesOf(const std::vector<std::pair<std::string, CExtern>> &list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const auto &item : list)
    out.push_back(item.first);
  return out;
}

} // namespace

NameIndex::NameIndex(std::vector<std::string> list) : names(std::move(list)) {
  for (uint32_t k = 0; k < names.size(); ++k) {
    position.try_emplace(names[k], k);
    if (!llvm::StringRef(names[k]).contains('/'))
      continue;
    auto [it, fresh] = bySegment.try_emplace(lastSegment(names[k]), k);
    if (!fresh)
      it->second = UINT32_MAX;
  }
}

std::optional<uint32_t> NameIndex::find(llvm::StringRef name) const {
  auto it = position.find(name);
  if (it == position.end())
    return std::nullopt;
  return it->second;
}

std::optional<std::string> NameIndex::onlyPathEndingIn(llvm::StringRef id) const {
  auto it = bySegment.find(id);
  if (it == bySegment.end() || it->second == UINT32_MAX)
    return std::nullopt;
  return names[it->second];
}

uint8_t WacReader::kindOf(const WacValue &v) const {
  switch (v.kind) {
  case WacValue::Import:
    return g.imports[v.index].type.kind;
  case WacValue::Instance:
    return 0x05;
  case WacValue::Export:
    for (const auto &[n, e] : g.exportsOf(g.instances[v.index].definition))
      if (n == v.name)
        return e.kind;
    return 0x05;
  case WacValue::ImportExport: {
    const CExtern &t = g.imports[v.index].type;
    if (t.kind == externkind::Instance)
      for (const auto &[n, e] : g.types()[t.type].exports)
        if (n == v.name)
          return e.kind;
    return 0x05;
  }
  }
  return 0x05;
}

llvm::Expected<const NameIndex *> WacReader::exportNames(const WacValue &v, uint32_t offset) {
  if (v.kind == WacValue::Instance) {
    uint32_t def = g.instances[v.index].definition;
    auto it = definitionExports.find(def);
    if (it == definitionExports.end())
      it = definitionExports.emplace(def, NameIndex(namesOf(g.exportsOf(def)))).first;
    return &it->second;
  }
  if (v.kind == WacValue::Import && g.imports[v.index].type.kind == externkind::Instance) {
    auto it = importExports.find(v.index);
    if (it == importExports.end())
      it = importExports
               .emplace(v.index,
                        NameIndex(namesOf(g.types()[g.imports[v.index].type.type].exports)))
               .first;
    return &it->second;
  }
  if (kindOf(v) == externkind::Instance)
    return binary::makeError(offset, "an export of an instance's exported instance cannot be "
                                     "accessed yet: export that instance from its component");
  return binary::makeError(offset, "only an instance has exports; this is a " +
                                       std::string(kindOf(v) == externkind::Func   ? "function"
                                                   : kindOf(v) == externkind::Type ? "type"
                                                   : kindOf(v) == externkind::Component ? "component"
                                                                       : "value"));
}

llvm::Expected<WacValue> WacReader::access(const WacValue &v, const wac::Access &a) {
  auto names = exportNames(v, a.name.offset);
  if (!names)
    return names.takeError();
  std::string name = a.name.text;
  if (!a.name.quoted)
    if (auto path = (*names)->onlyPathEndingIn(name))
      name = *path;
  if (!(*names)->find(name)) {
    std::string what = v.kind == WacValue::Instance
                           ? "instance of `" + g.definitions[g.instances[v.index].definition].name +
                                 "`"
                           : "import `" + g.imports[v.index].name + "`";
    return binary::makeError(a.name.offset, "the " + what + " has no export named `" + name + "`");
  }
  WacValue out;
  out.kind = v.kind == WacValue::Instance ? WacValue::Export : WacValue::ImportExport;
  out.index = v.index;
  out.name = name;
  return out;
}

llvm::Expected<WacValue> WacReader::eval(const wac::Expr &x, const std::string &bindAs) {
  WacValue v;
  if (x.kind == wac::Expr::New) {
    auto made = instantiate(x, bindAs);
    if (!made)
      return made.takeError();
    v = *made;
  } else {
    auto it = locals.find(x.local.text);
    if (it == locals.end())
      return binary::makeError(x.local.offset, "`" + x.local.text + "` is not defined");
    v = it->second;
  }
  for (const wac::Access &a : x.accesses) {
    auto next = access(v, a);
    if (!next)
      return next.takeError();
    v = *next;
  }
  return v;
}

Source WacReader::sourceOf(const WacValue &v) const {
  switch (v.kind) {
  case WacValue::Import:
    return {Source::Import, v.index, ""};
  case WacValue::Instance:
    return {Source::WholeInstance, v.index, ""};
  case WacValue::Export:
    return Source::exportOf(v.index, v.name);
  case WacValue::ImportExport:
    return {Source::ImportExport, v.index, v.name};
  }
  return {};
}

llvm::Error WacReader::bind(uint32_t i, uint32_t k, const WacValue &v, uint32_t offset) {
  if (v.kind == WacValue::Import)
    g.imports[v.index].users.push_back({i, k});
  g.instances[i].args[k] = sourceOf(v);
  s.argOffsets[i][k] = offset;
  return llvm::Error::success();
}

llvm::Expected<WacValue> WacReader::instantiate(const wac::Expr &x, const std::string &bindAs) {
  auto def = component(x.package);
  if (!def)
    return def.takeError();
  // Indexed once per component (a copy of the names: evaluating arguments
  // may add definitions, and the arena moves).
  auto di = definitionImports.find(*def);
  if (di == definitionImports.end())
    di = definitionImports.emplace(*def, NameIndex(namesOf(g.importsOf(*def)))).first;
  const NameIndex &index = di->second;
  const std::vector<std::string> &imports = index.names;
  std::string name = bindAs;
  if (name.empty()) {
    name = x.package.package;
    std::string unique = name;
    for (unsigned n = 2; instanceNames.count(unique); ++n)
      unique = name + "-" + std::to_string(n);
    name = unique;
  }
  instanceNames.insert(name);
  uint32_t i = g.addInstance(name, *def);
  s.argOffsets.resize(g.instances.size());
  s.argOffsets[i].assign(imports.size(), x.package.offset);
  std::vector<bool> given(imports.size(), false);
  auto indexOf = [&](const std::string &n) { return index.find(n); };
  const std::string &pkg = x.package.package;
  auto give = [&](uint32_t k, const WacValue &v, const wac::Name &at) -> llvm::Error {
    if (given[k])
      return binary::makeError(at.offset, "duplicate instantiation argument `" + imports[k] + "`");
    given[k] = true;
    return bind(i, k, v, at.offset);
  };
  // Inferred and named arguments first, spreads after, in order.
  for (const wac::Arg &a : x.args) {
    if (a.kind == wac::Arg::Spread)
      continue;
    WacValue v;
    std::string argName;
    if (a.kind == wac::Arg::Named) {
      auto got = eval(*a.value, "");
      if (!got)
        return got.takeError();
      v = *got;
      argName = a.name.text;
      if (!a.name.quoted)
        if (auto path = index.onlyPathEndingIn(argName))
          argName = *path;
    } else {
      auto it = locals.find(a.name.text);
      if (it == locals.end())
        return binary::makeError(a.name.offset, "`" + a.name.text + "` is not defined");
      v = it->second;
      // The value's own name (an import's, an export's), then a path
      // ending in the local name, then the local name.
      std::string own = v.kind == WacValue::Import ? g.imports[v.index].name
                        : v.kind == WacValue::Instance ? std::string() : v.name;
      if (!own.empty() && indexOf(own))
        argName = own;
      else if (auto path = index.onlyPathEndingIn(a.name.text))
        argName = *path;
      else
        argName = a.name.text;
    }
    auto k = indexOf(argName);
    if (!k)
      return binary::makeError(a.name.offset,
                               "component `" + pkg + "` has no import named `" + argName + "`");
    if (llvm::Error e = give(*k, v, a.name))
      return e;
  }
  for (const wac::Arg &a : x.args) {
    if (a.kind != wac::Arg::Spread)
      continue;
    auto it = locals.find(a.name.text);
    if (it == locals.end())
      return binary::makeError(a.name.offset, "`" + a.name.text + "` is not defined");
    auto names = exportNames(it->second, a.name.offset);
    if (!names)
      return names.takeError();
    unsigned matched = 0;
    for (uint32_t k = 0; k < imports.size(); ++k) {
      if (given[k] || !(*names)->find(imports[k]))
        continue;
      wac::Access acc{{imports[k], a.name.offset, true}};
      auto v = access(it->second, acc);
      if (!v)
        return v.takeError();
      if (llvm::Error e = give(k, *v, a.name))
        return e;
      ++matched;
    }
    if (!matched)
      return binary::makeError(a.name.offset, "`" + a.name.text + "` has no export that is a "
                                              "missing argument of `" + pkg + "`");
  }
  for (uint32_t k = 0; k < imports.size(); ++k) {
    if (given[k])
      continue;
    if (!x.ellipsis)
      return binary::makeError(x.package.offset,
                               "missing instantiation argument `" + imports[k] +
                                   "` for package `" + pkg + "` (give it, or end the "
                                   "arguments with `...` to import it)");
    if (llvm::Error e = implicitImport(i, k, imports[k], x.package.offset))
      return e;
  }
  WacValue v;
  v.kind = WacValue::Instance;
  v.index = i;
  return v;
}

llvm::Error WacReader::exportStatement(const wac::Statement &st) {
  auto v = eval(*st.expr, "");
  if (!v)
    return v.takeError();
  auto addExport = [&](const std::string &name, const WacValue &val, uint32_t at) -> llvm::Error {
    // A name the component model refuses is refused here, where it is
    // written, not by the check of the encoded component.
    if (auto ok = validate::checkExternName(name, /*isImport=*/false, {}); !ok)
      return binary::makeError(at, "export name " + llvm::toString(ok.takeError()));
    if (!exported.try_emplace(name, true).second)
      return binary::makeError(at, "duplicate export `" + name + "`");
    g.exports.push_back({name, sourceOf(val)});
    return llvm::Error::success();
  };
  if (st.spread) {
    auto names = exportNames(*v, st.expr->offset);
    if (!names)
      return names.takeError();
    if ((*names)->names.empty())
      return binary::makeError(st.expr->offset, "the instance has no exports to spread");
    for (const std::string &n : (*names)->names) {
      if (exported.count(n))
        continue; // an earlier export statement chose this name
      wac::Access acc{{n, st.expr->offset, true}};
      auto item = access(*v, acc);
      if (!item)
        return item.takeError();
      if (llvm::Error e = addExport(n, *item, st.expr->offset))
        return e;
    }
    return llvm::Error::success();
  }
  std::string name;
  uint32_t at = st.expr->offset;
  if (st.exportAs) {
    name = st.exportAs->text;
    at = st.exportAs->offset;
  } else if (v->kind == WacValue::Import) {
    name = v->exportName.empty() ? g.imports[v->index].name : v->exportName;
  } else if (v->kind == WacValue::Instance) {
    return binary::makeError(st.expr->offset, "export statement requires an `as` clause as the "
                                              "export name cannot be inferred");
  } else {
    name = v->name;
  }
  return addExport(name, *v, at);
}

llvm::Error WacReader::statements() {
  for (const wac::Statement &st : doc.statements) {
    if (st.kind == wac::Statement::Let) {
      const wac::Name &n = st.letName;
      if (auto it = localOffsets.find(n.text); it != localOffsets.end())
        return binary::makeError(n.offset, "`" + n.text + "` is already defined");
      auto v = eval(*st.expr, st.expr->kind == wac::Expr::New && st.expr->accesses.empty()
                                  ? n.text
                                  : "");
      if (!v)
        return v.takeError();
      locals[n.text] = *v;
      localOffsets[n.text] = n.offset;
    } else if (st.kind == wac::Statement::Export) {
      if (llvm::Error e = exportStatement(st))
        return e;
    } else if (st.kind == wac::Statement::Import) {
      if (llvm::Error e = importStatement(st))
        return e;
    }
  }
  // What the types use and no import before needed (a type of the world).
  for (uint32_t p = 0; p < pending.size(); ++p)
    if (!pending[p].added && !pending[p].statement)
      if (llvm::Error e = addDeclared(p, pending[p].name, base))
        return e;
  return llvm::Error::success();
}

llvm::Error WacReader::addDeclared(uint32_t p, const std::string &name, uint32_t offset) {
  PendingImport &pi = pending[p];
  pi.added = true;
  std::string key = binary::canonicalInterfaceName(name);
  if (auto it = importByKey.find(key); it != importByKey.end()) {
    Import &have = g.imports[it->second];
    if (pi.statement || have.explicitImport)
      return binary::makeError(offset, "the composition already imports `" + have.name + "`");
    // An implicit import of what the types use: it takes the declared type,
    // which its importers are checked against.
    have.type = pi.type;
    have.typed = have.declared = true;
    return llvm::Error::success();
  }
  Import imp;
  imp.name = name;
  imp.type = pi.type;
  imp.typed = imp.declared = true;
  imp.explicitImport = pi.statement != nullptr;
  importByKey[key] = uint32_t(g.imports.size());
  g.imports.push_back(std::move(imp));
  return llvm::Error::success();
}

llvm::Error WacReader::importStatement(const wac::Statement &st) {
  auto at = explicitAt.find(&st);
  if (at == explicitAt.end())
    return binary::makeError(st.offset, "internal error: an import the world does not have");
  // The imports its types use first (the world lists them before it);
  // those before the cursor were added by an earlier statement.
  for (uint32_t p = depCursor; p < at->second; ++p)
    if (!pending[p].added && !pending[p].statement)
      if (llvm::Error e = addDeclared(p, pending[p].name, st.offset))
        return e;
  depCursor = std::max(depCursor, at->second);
  std::string name = st.as ? st.as->text
                     : st.importType == wac::Statement::ByPath ? st.path.str()
                                                                : st.local.text;
  uint32_t j = uint32_t(g.imports.size());
  uint32_t nameAt = st.as ? st.as->offset : st.local.offset;
  if (auto ok = validate::checkExternName(name, /*isImport=*/true, {}); !ok)
    return binary::makeError(nameAt, "import name " + llvm::toString(ok.takeError()));
  if (llvm::Error e = addDeclared(at->second, name, nameAt))
    return e;
  WacValue v{WacValue::Import, j, "", pending[at->second].interfaceName};
  locals[st.local.text] = v;
  return llvm::Error::success();
}

llvm::Error WacReader::implicitImport(uint32_t i, uint32_t k, const std::string &name,
                                      uint32_t offset) {
  std::string key = binary::canonicalInterfaceName(name);
  auto it = importByKey.find(key);
  if (it == importByKey.end()) {
    Import imp;
    imp.name = name;
    imp.instance = i;
    imp.index = k;
    importByKey[key] = uint32_t(g.imports.size());
    g.imports.push_back(std::move(imp));
    it = importByKey.find(key);
  }
  Import &imp = g.imports[it->second];
  if (imp.explicitImport)
    return binary::makeError(offset, "import `" + imp.name + "` conflicts with an item that was "
                                     "implicitly imported by an instantiation of `" +
                                     g.definitions[g.instances[i].definition].name + "`");
  WacValue v;
  v.kind = WacValue::Import;
  v.index = it->second;
  if (llvm::Error e = bind(i, k, v, offset))
    return e;
  // The highest compatible version names the import and types it first.
  auto version = [](llvm::StringRef n) {
    size_t a = n.rfind('@');
    return a == llvm::StringRef::npos ? llvm::StringRef() : n.drop_front(a + 1);
  };
  if (!imp.declared && !version(imp.name).empty() && !version(name).empty() &&
      binary::compareSemver(version(name), version(imp.name)) > 0) {
    imp.name = name;
    imp.instance = i;
    imp.index = k;
  }
  return llvm::Error::success();
}

} // namespace wcomp::compose::detail
