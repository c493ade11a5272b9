//===- text/print_component.cpp - Component printer: structure -------------===//
#include "text/print_component.h"

#include "binary/error.h"
#include "binary/parser.h"
#include "binary/reader.h"
#include "text/print_module.h"
#include "text/producers.h"

namespace wcomp::text {

using namespace binary;

namespace detail {

//===----------------------------------------------------------------------===//
// Layout: groups that wrap when a line break happens inside them.
//===----------------------------------------------------------------------===//

void ComponentPrinter::start(llvm::StringRef keyword) {
  o += '(';
  o += keyword;
  groups.push_back(false);
  lineStart = false;
}

void ComponentPrinter::end() {
  bool broke = groups.back();
  groups.pop_back();
  if (broke) {
    // A nested module's printer ends its own last line.
    if (!lineStart)
      o += '\n';
    if (opts.printOffsets)
      appendOffset(o, NoOffset);
    o.append(std::min<size_t>(2 * groups.size(), MaxIndent), ' ');
  }
  o += ')';
  lineStart = false;
}

void ComponentPrinter::endAt(uint64_t offset) {
  if (!opts.printOffsets) {
    end();
    return;
  }
  groups.pop_back();
  if (!lineStart)
    o += '\n';
  appendOffset(o, offset);
  o.append(std::min<size_t>(2 * groups.size(), MaxIndent), ' ');
  o += ')';
  lineStart = false;
}

void ComponentPrinter::newline(uint64_t offset) {
  if (!lineStart)
    o += '\n';
  if (opts.printOffsets)
    appendOffset(o, offset);
  o.append(std::min<size_t>(2 * groups.size(), MaxIndent), ' ');
  for (size_t i = 0; i < groups.size(); ++i)
    groups[i] = true;
  lineStart = false;
  if (o.size() > (1 << 16))
    flush();
}

void ComponentPrinter::defName(CSpace s) {
  Scope &sc = cur();
  uint32_t i = sc.count[s];
  auto it = sc.names[s].find(i);
  if (it != sc.names[s].end()) {
    o += ' ';
    appendDefId(o, it->second);
  } else if (opts.nameUnnamed) {
    o += ' ';
    madeName(s, i);
  }
  o += " (;";
  o += std::to_string(i);
  o += ";)";
  ++sc.count[s];
}

void ComponentPrinter::ref(CSpace s, uint32_t index) {
  auto it = cur().names[s].find(index);
  if (it != cur().names[s].end())
    appendId(o, it->second);
  else if (opts.nameUnnamed)
    madeName(s, index);
  else
    o += std::to_string(index);
}

void ComponentPrinter::madeName(CSpace s, uint32_t index) {
  // wasm-tools names core and component items alike by kind.
  static const char *descs[NumCSpaces] = {"func",     "table",    "memory", "global", "tag",
                                          "type",     "module",   "instance", "func", "value",
                                          "type",     "component", "instance"};
  o += "$#";
  o += descs[s];
  o += std::to_string(index);
}

void ComponentPrinter::pushScope(std::string name) {
  auto sc = std::make_unique<Scope>();
  sc->name = std::move(name);
  sc->core = std::make_unique<ModulePrinter>(os, sc->empty, opts, 0);
  sc->core->startTypeSpace();
  scopes.push_back(std::move(sc));
}

//===----------------------------------------------------------------------===//
// The component-name section.
//===----------------------------------------------------------------------===//

namespace {
/// Takes an Expected's value; false (and the error dropped) if it failed.
template <typename T> bool take(llvm::Expected<T> e, T &out) {
  if (!e) {
    llvm::consumeError(e.takeError()); // the printer shows what it can; validation reports errors
    return false;
  }
  out = *e;
  return true;
}
} // namespace

void ComponentPrinter::decodeNames(const Component &c) {
  // Names never change meaning, so a malformed section is ignored from the
  // point where it goes wrong, as wasm-tools does.
  Scope &sc = cur();
  for (const ComponentSection &s : c.sections) {
    if (s.id != compsec::Custom || s.custom.name != "component-name" || !opts.nameSection)
      continue;
    BinaryReader r(s.custom.data, 0);
    uint8_t id;
    uint32_t size;
    while (!r.eof() && take(r.readU8(), id) && take(r.readU32(), size) &&
           size <= r.remaining()) {
      BinaryReader sub(r.rest().take_front(size), 0);
      r.advanceUnchecked(size);
      llvm::StringRef name;
      if (id == 0x00) {
        if (take(sub.readName(), name))
          sc.name = name.str();
        continue;
      }
      Sort sort;
      uint32_t n;
      if (id != 0x01 || !take(readSort(sub), sort) || !take(sub.readU32(), n))
        continue;
      CSpace space = spaceOfSort(sort);
      uint32_t idx;
      for (uint32_t k = 0; k < n && take(sub.readU32(), idx) && take(sub.readName(), name); ++k)
        sc.names[space][idx] = name.str();
    }
  }
  static const char *groups[NumCSpaces] = {
      "core-func", "core-table", "core-memory", "core-global", "core-tag", "core-type",
      "core-module", "core-instance", "func", "value", "type", "component", "instance"};
  for (unsigned sp = 0; sp < NumCSpaces; ++sp)
    dedupeNames(sc.names[sp], groups[sp]);
  for (auto &[i, n] : sc.names[CCoreType])
    sc.core->nameType(i, n);
}

//===----------------------------------------------------------------------===//
// Items.
//===----------------------------------------------------------------------===//

void ComponentPrinter::sortRef(Sort s, uint32_t index, bool coreContext) {
  // In core instances the core sorts drop their `core` prefix.
  llvm::StringRef name = sortName(s);
  if (coreContext && s.kind == sortkind::Core)
    name = name.drop_front(5);
  start(name);
  o += ' ';
  ref(spaceOfSort(s), index);
  end();
}

void ComponentPrinter::externName(const ExternName &n) {
  str(n.name);
  static const char *optionNames[] = {"implements", "version-suffix", "external-id"};
  for (const ExternName::Option &opt : n.options) {
    o += ' ';
    start(opt.kind < 3 ? optionNames[opt.kind] : "implements");
    o += ' ';
    str(opt.value);
    end();
  }
}

void ComponentPrinter::externDesc(const ExternDesc &d, bool withIndex) {
  static const CSpace spaces[] = {CCoreModule, CFunc, CValue, CType, CComponent, CInstance};
  static const char *keywords[] = {"core module", "func", "value", "type", "component", "instance"};
  uint8_t k = d.kind <= 0x05 ? d.kind : 0x01;
  start(keywords[k]);
  if (withIndex)
    defName(spaces[k]);
  o += ' ';
  switch (k) {
  case 0x02:
    if (d.bound == 0x00) {
      start("eq ");
      ref(CValue, d.index);
      end();
    } else {
      valType(d.valtype);
    }
    break;
  case 0x03:
    if (d.bound == 0x00) {
      start("eq ");
      ref(CType, d.index);
      end();
    } else {
      o += "(sub resource)";
    }
    break;
  default:
    start("type ");
    ref(k == 0x00 ? CCoreType : CType, d.index);
    end();
  }
  end();
}

void ComponentPrinter::import(const ComponentImport &imp) {
  newline(itemOff);
  start("import ");
  externName(imp.name);
  o += ' ';
  externDesc(imp.desc, true);
  end();
}

void ComponentPrinter::exportItem(const ComponentExport &x) {
  newline(itemOff);
  start("export");
  defName(spaceOfSort(x.item.sort));
  o += ' ';
  externName(x.name);
  o += ' ';
  sortRef(x.item.sort, x.item.index, false);
  if (x.desc) {
    o += ' ';
    externDesc(*x.desc, false);
  }
  end();
}

void ComponentPrinter::start(const ComponentStart &st) {
  newline(itemOff);
  start("start ");
  ref(CFunc, st.func);
  for (uint32_t v : st.args) {
    o += " (value ";
    ref(CValue, v);
    o += ')';
  }
  for (uint32_t i = 0; i < st.results; ++i) {
    o += " (result (value";
    defName(CValue);
    o += "))";
  }
  end();
}

void ComponentPrinter::coreInstance(const CoreInstance &ci) {
  newline(itemOff);
  start("core instance");
  defName(CCoreInstance);
  if (ci.kind == 0x00) {
    o += ' ';
    start("instantiate ");
    ref(CCoreModule, ci.module);
    for (const CoreInstance::Arg &a : ci.args) {
      newline(itemOff);
      start("with ");
      str(a.name);
      o += ' ';
      sortRef({sortkind::Core, a.kind}, a.index, true);
      end();
    }
    end();
  } else {
    for (const CoreInstance::InlineExport &x : ci.exports) {
      newline(itemOff);
      start("export ");
      str(x.name);
      o += ' ';
      sortRef({sortkind::Core, x.sort}, x.index, true);
      end();
    }
  }
  end();
}

void ComponentPrinter::instance(const Instance &in) {
  newline(itemOff);
  start("instance");
  defName(CInstance);
  if (in.kind == 0x00) {
    o += ' ';
    start("instantiate ");
    ref(CComponent, in.component);
    for (const Instance::Arg &a : in.args) {
      newline(itemOff);
      start("with ");
      str(a.name);
      o += ' ';
      sortRef(a.item.sort, a.item.index, false);
      end();
    }
    end();
  } else {
    for (const Instance::InlineExport &x : in.exports) {
      newline(itemOff);
      start("export ");
      externName(x.name);
      o += ' ';
      sortRef(x.item.sort, x.item.index, false);
      end();
    }
  }
  end();
}

void ComponentPrinter::alias(const Alias &a) {
  newline(itemOff);
  CSpace s = spaceOfSort(a.sort);
  if (a.target == aliastarget::Outer) {
    start("alias outer ");
    size_t n = scopes.size();
    const Scope *outer = a.instance < n ? scopes[n - 1 - a.instance].get() : nullptr;
    if (outer && !outer->name.empty() && !outer->nameMade)
      appendId(o, outer->name);
    else
      o += std::to_string(a.instance);
    o += ' ';
    auto it = outer ? outer->names[s].find(a.index) : llvm::DenseMap<uint32_t, std::string>::const_iterator();
    if (outer && it != outer->names[s].end())
      appendId(o, it->second);
    else if (opts.nameUnnamed)
      madeName(s, a.index);
    else
      o += std::to_string(a.index);
  } else {
    bool core = a.target == aliastarget::CoreExport;
    start(core ? "alias core export " : "alias export ");
    ref(core ? CCoreInstance : CInstance, a.instance);
    o += ' ';
    str(a.name);
  }
  o += ' ';
  start(sortName(a.sort));
  if (s == CCoreType)
    cur().core->pushType(nullptr);
  defName(s);
  end();
  end();
}

llvm::Error ComponentPrinter::customSection(const ComponentSection &s) {
  if (s.custom.name == "component-name" && opts.nameSection)
    return llvm::Error::success();
  std::string why;
  auto entries = s.custom.name == "producers"
                     ? decodeProducers(s.custom.data, &why, absOf(s.custom.data.data()))
                     : std::nullopt;
  if (!why.empty()) // wasm-tools says why it prints the section raw
    for (const std::string &comment : customFailureLines("producers", why)) {
      newline(absOf(s.custom.data.data())); // (-p: at the contents, as wasm-tools)
      o += comment;
    }
  {
    // wasm-tools places a custom section at its contents (the name's
    // length byte), after the id and size.
    uint64_t at = absOf(reinterpret_cast<const uint8_t *>(s.custom.name.data()));
    for (uint64_t n = s.custom.name.size();; n >>= 7) {
      --at;
      if (n < 0x80)
        break;
    }
    newline(at);
  }
  if (entries) {
    start("@producers");
    for (const ProducerEntry &e : *entries) {
      newline(absOf(s.custom.data.data()) + e.offset);
      start(e.field + ' ');
      str(e.name);
      o += ' ';
      str(e.version);
      end();
    }
    end();
    return llvm::Error::success();
  }
  o += "(@custom ";
  str(s.custom.name);
  o += ' ';
  if (opts.skeleton)
    o += "...";
  else
    appendString(o, s.custom.data);
  o += ')';
  return llvm::Error::success();
}

llvm::Error ComponentPrinter::coreModuleSection(const ComponentSection &s) {
  // The module printer writes whole lines (offset comment included) at
  // the current indentation.
  if (!lineStart)
    o += '\n';
  for (size_t g = 0; g < groups.size(); ++g)
    groups[g] = true;
  flush();
  Scope &sc = cur();
  uint32_t i = sc.count[CCoreModule]++;
  auto it = sc.names[CCoreModule].find(i);
  std::string suffix = " (;" + std::to_string(i) + ";)";
  uint64_t base = rootBase + uint64_t(s.nestedBytes.data() - root.data());
  std::string made = opts.nameUnnamed ? "#module" + std::to_string(i) : std::string();
  if (llvm::Error e = printModule(os, s.nestedBytes, base, opts,
                                  unsigned(std::min<size_t>(2 * groups.size(), MaxIndent)),
                                  "(core module",
                                  it != sc.names[CCoreModule].end() ? it->second : made, suffix,
                                  base))
    return e;
  lineStart = true;
  return llvm::Error::success();
}

/// Prints each item of a vector section, each at its own offset.
template <typename T, typename Print>
void ComponentPrinter::items(const ComponentSection &s, const std::vector<T> &list, Print each) {
  for (size_t i = 0; i < list.size(); ++i) {
    itemOff = i < s.itemOffsets.size() ? s.itemOffsets[i] : NoOffset;
    each(list[i]);
  }
}

llvm::Error ComponentPrinter::section(const ComponentSection &s) {
  switch (s.id) {
  case compsec::Custom:
    return customSection(s);
  case compsec::CoreModule:
    return coreModuleSection(s);
  case compsec::Component: {
    uint64_t at = absOf(s.nestedBytes.data());
    newline(at);
    Scope &sc = cur();
    uint32_t i = sc.count[CComponent]++;
    auto it = sc.names[CComponent].find(i);
    std::string made = opts.nameUnnamed ? "#component" + std::to_string(i) : std::string();
    return print(*s.component, it != sc.names[CComponent].end() ? it->second : made,
                 " (;" + std::to_string(i) + ";)", at + s.nestedBytes.size());
  }
  case compsec::CoreInstance:
    items(s, s.coreInstances, [&](const auto &x) { coreInstance(x); });
    break;
  case compsec::CoreType:
    items(s, s.coreTypes, [&](const auto &x) { coreType(x); });
    break;
  case compsec::Instance:
    items(s, s.instances, [&](const auto &x) { instance(x); });
    break;
  case compsec::Alias:
    items(s, s.aliases, [&](const auto &x) { alias(x); });
    break;
  case compsec::Type:
    items(s, s.types, [&](const auto &x) { typeDef(x); });
    break;
  case compsec::Canon:
    items(s, s.canons, [&](const auto &x) { canon(x); });
    break;
  case compsec::Start:
    itemOff = s.offset;
    start(*s.start);
    break;
  case compsec::Import:
    items(s, s.imports, [&](const auto &x) { import(x); });
    break;
  case compsec::Export:
    items(s, s.exports, [&](const auto &x) { exportItem(x); });
    break;
  default:
    return makeError(s.offset, "the printer does not support " +
                                   sectionName(true, s.id).str() + " sections");
  }
  return llvm::Error::success();
}

llvm::Error ComponentPrinter::print(const Component &c, llvm::StringRef outerName,
                                    llvm::StringRef suffix, uint64_t endOffset) {
  pushScope("");
  decodeNames(c);
  // The enclosing component's name for this one wins over its own.
  if (!outerName.empty()) {
    cur().name = outerName.str();
    cur().nameMade = outerName.starts_with("#") && !outerName.contains(' ');
  }
  std::string head = "component";
  if (!cur().name.empty()) {
    head += ' ';
    appendId(head, cur().name);
  }
  head += suffix;
  start(head);
  for (const ComponentSection &s : c.sections)
    if (llvm::Error e = section(s))
      return e;
  endAt(endOffset);
  popScope();
  return llvm::Error::success();
}

} // namespace detail

llvm::Error printComponent(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                           const PrintOptions &opts) {
  ReadOptions ro;
  ro.decodeBodies = false;
  ro.recordOffsets = opts.printOffsets;
  auto c = readComponent(bytes, base, ro);
  if (!c)
    return c.takeError();
  detail::ComponentPrinter p(os, bytes, base, opts);
  if (llvm::Error e = p.print(*c, "", "", base + bytes.size()))
    return e;
  p.flush();
  os << '\n';
  return llvm::Error::success();
}

} // namespace wcomp::text
