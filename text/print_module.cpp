//===- text/print_module.cpp - Core module printer: module items -----------===//
#include "text/module_printer.h"

#include "text/dylink.h"
#include "text/producers.h"

#include "llvm/ADT/StringExtras.h"

namespace wcomp::text {

namespace detail {

void ModulePrinter::subType(const SubType &st, uint32_t typeIndex) {
  unsigned closes = 0;
  if (st.form != 0) {
    o += st.form == typecode::SubFinal ? "(sub final" : "(sub";
    for (uint32_t s : st.supertypes) {
      o += ' ';
      ref(STypes, s);
    }
    o += ' ';
    ++closes;
  }
  if (st.describes) {
    o += "(describes ";
    ref(STypes, *st.describes);
    o += ") ";
  }
  if (st.descriptor) {
    o += "(descriptor ";
    ref(STypes, *st.descriptor);
    o += ") ";
  }
  const CompositeType &c = st.composite;
  if (c.shared) {
    o += "(shared ";
    ++closes;
  }
  switch (c.kind) {
  case typecode::FuncType:
    o += "(func";
    funcSig(c, namesOf(names.typeParams, typeIndex));
    o += ')';
    break;
  case typecode::StructType: {
    o += "(struct";
    auto fit = names.fields.find(typeIndex);
    for (uint32_t i = 0; i < c.fields.size(); ++i) {
      o += " (field ";
      bool named = false;
      if (fit != names.fields.end()) {
        auto nit = fit->second.find(i);
        if (nit != fit->second.end()) {
          appendDefId(o, nit->second);
          o += ' ';
          named = true;
        }
      }
      if (!named && opts.nameUnnamed)
        o += "$#field" + std::to_string(i) + ' ';
      const FieldType &f = c.fields[i];
      if (f.mut) {
        o += "(mut ";
        valType(f.storage);
        o += ')';
      } else {
        valType(f.storage);
      }
      o += ')';
    }
    o += ')';
    break;
  }
  case typecode::ArrayType: {
    o += "(array ";
    const FieldType &f = c.fields.at(0);
    if (f.mut) {
      o += "(mut ";
      valType(f.storage);
      o += ')';
    } else {
      valType(f.storage);
    }
    o += ')';
    break;
  }
  case typecode::ContType:
    o += "(cont ";
    ref(STypes, c.contType);
    o += ')';
    break;
  }
  o.append(closes, ')');
}

const llvm::DenseMap<uint32_t, std::string> *
ModulePrinter::namesOf(const llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> &map,
                       uint32_t index) {
  auto it = map.find(index);
  return it == map.end() ? nullptr : &it->second;
}

void ModulePrinter::typeUse(uint32_t typeIndex, bool withSig,
                            const llvm::DenseMap<uint32_t, std::string> *paramNames) {
  o += "(type ";
  ref(STypes, typeIndex);
  o += ')';
  // A shared function type's signature is not repeated inline (the inline
  // form cannot say `shared`), as wasm-tools prints it.
  if (withSig && typeIndex < types.size() && types[typeIndex] &&
      types[typeIndex]->composite.kind == typecode::FuncType && !types[typeIndex]->composite.shared)
    funcSig(types[typeIndex]->composite, paramNames);
}

void ModulePrinter::importDesc(const Import &imp, uint32_t *counters) {
  // `counters` null: no index comments (declarations in module types).
  auto def = [&](Space s) {
    if (counters)
      defName(s, counters[s]++);
  };
  switch (imp.kind) {
  case extkind::Func:
  case extkind::ExactFunc:
    o += " (func";
    def(SFuncs);
    o += imp.kind == extkind::ExactFunc ? " (exact " : " ";
    if (imp.index < types.size() && types[imp.index] &&
        types[imp.index]->composite.kind == typecode::FuncType)
      // (In a module type, `counters` is null: no names but made-up ones.)
      typeUse(imp.index, true,
              localsOf(counters ? counters[SFuncs] - 1 : ~0u,
                       uint32_t(types[imp.index]->composite.params.size())));
    else
      typeUse(imp.index, true);
    if (imp.kind == extkind::ExactFunc)
      o += ')';
    break;
  case extkind::Table:
    o += " (table";
    def(STables);
    o += ' ';
    tableType(imp.table);
    break;
  case extkind::Memory:
    o += " (memory";
    def(SMems);
    o += ' ';
    limits(imp.memory);
    break;
  case extkind::Global:
    o += " (global";
    def(SGlobals);
    o += ' ';
    globalType(imp.global);
    break;
  case extkind::Tag: {
    // (In a module type, `counters` is null: no names.)
    uint32_t tagIndex = counters ? counters[STags] : ~0u;
    o += " (tag";
    def(STags);
    o += ' ';
    typeUse(imp.tag.typeIndex, true, namesOf(names.tagParams, tagIndex));
    break;
  }
  }
}

void ModulePrinter::limits(const Limits &l) {
  if (l.is64())
    o += "i64 ";
  o += std::to_string(l.min);
  if (l.hasMax()) {
    o += ' ';
    o += std::to_string(l.max);
  }
  if (l.shared())
    o += " shared";
  if (l.hasPageSize()) {
    o += " (pagesize ";
    o += "0x" + llvm::utohexstr(uint64_t(1) << l.pageSizeLog2, /*LowerCase=*/true); // as wasm-tools
    o += ')';
  }
}

void ModulePrinter::tableType(const TableType &t) {
  // A shared table says so first (`shared? i64? limits reftype`).
  Limits l = t.limits;
  if (l.shared())
    o += "shared ";
  l.flags &= ~2;
  limits(l);
  o += ' ';
  valType(t.elem);
}

void ModulePrinter::globalType(const GlobalType &g) {
  if (g.mut()) {
    o += (g.flags & 2) ? "(shared mut " : "(mut ";
    valType(g.type);
    o += ')';
  } else if (g.flags & 2) {
    o += "(shared ";
    valType(g.type);
    o += ')';
  } else {
    valType(g.type);
  }
}

void ModulePrinter::constExpr(const Expr &x) {
  // Flat, on one line, without the final `end`.
  labels.clear();
  labelCounter = 0;
  for (size_t i = 0; i + 1 < x.ops.size(); ++i) {
    o += ' ';
    instr(x.ops[i], x.pool);
  }
}

void ModulePrinter::offsetExpr(const Expr &x) {
  if (x.ops.size() == 2) {
    o += " (";
    labels.clear();
    instr(x.ops[0], x.pool);
    o += ')';
    return;
  }
  o += " (offset";
  constExpr(x);
  o += ')';
}


uint64_t ModulePrinter::nameOffset(llvm::StringRef name) const {
  uint64_t at = absOf(reinterpret_cast<const uint8_t *>(name.data()));
  if (at == NoOffset)
    return NoOffset;
  for (uint64_t n = name.size();; n >>= 7) { // the length's LEB bytes
    --at;
    if (n < 0x80)
      break;
  }
  return at;
}

void ModulePrinter::elem(uint32_t i) {
  const ElementSegment &seg = m.elements[i];
  line(2, itemOffset(coresec::Element, i));
  o += "(elem";
  defName(SElems, i);
  if (seg.declarative())
    o += " declare";
  else if (!seg.passive()) {
    if (seg.flags & 2) {
      o += " (table ";
      ref(STables, seg.table);
      o += ')';
    }
    offsetExpr(seg.offset);
  }
  if (opts.skeleton) {
    o += " ...)\n";
    return;
  }
  if (seg.usesExprs()) {
    o += ' ';
    if (seg.flags == 4)
      o += "funcref";
    else
      valType(seg.type);
    for (const Expr &x : seg.exprs) {
      if (x.ops.size() == 2) {
        o += " (";
        labels.clear();
        instr(x.ops[0], x.pool);
        o += ')';
      } else {
        o += " (item";
        constExpr(x);
        o += ')';
      }
    }
  } else {
    o += " func";
    for (uint32_t f : seg.funcs) {
      o += ' ';
      ref(SFuncs, f);
    }
  }
  o += ")\n";
}

void ModulePrinter::data(uint32_t i) {
  const DataSegment &seg = m.data[i];
  line(2, itemOffset(coresec::Data, i));
  o += "(data";
  defName(SDatas, i);
  if (seg.flags != 1) {
    if (seg.flags == 2) {
      o += " (memory ";
      ref(SMems, seg.memory);
      o += ')';
    }
    offsetExpr(seg.offset);
  }
  if (opts.skeleton) {
    o += " ...)\n";
    return;
  }
  o += ' ';
  appendString(o, seg.data);
  o += ")\n";
}

bool ModulePrinter::dylinkAt(const CustomSection &c, uint64_t off) {
  std::string why;
  auto lines = decodeDylink(c.data, &why, absOf(c.data.data()));
  if (!why.empty()) { // wasm-tools says why it prints the section raw
    for (const std::string &comment : customFailureLines("dylink.0", why)) {
      line(2, opts.printOffsets ? absOf(c.data.data()) : NoOffset);
      o += comment;
      o += '\n';
    }
    return false;
  }
  if (!lines)
    return false;
  line(2, off);
  o += "(@dylink.0";
  if (lines->empty()) {
    o += ")\n";
    return true;
  }
  o += '\n';
  for (const DylinkLine &l : *lines) {
    line(4, opts.printOffsets ? l.offset : NoOffset);
    o += '(' + l.text + ")\n";
  }
  line(2);
  o += ")\n";
  return true;
}

void ModulePrinter::customSection(uint8_t afterId, uint64_t off, size_t &nextCustom) {
  const CustomSection &c = m.customs[nextCustom];
  if ((c.name == "name" && opts.nameSection) || nextCustom == hintCustom) {
    ++nextCustom;
    return;
  }
  // `(@producers ...)` and `(@dylink.0 ...)` print wherever the section
  // is, as wasm-tools prints them (they read back at the end and at the
  // start).
  if (opts.printOffsets)
    off = nameOffset(c.name);
  if (c.name == "dylink.0" && dylinkAt(c, off)) {
    ++nextCustom;
    return;
  }
  std::string why;
  auto entries = c.name == "producers" ? decodeProducers(c.data, &why, absOf(c.data.data()))
                                       : std::nullopt;
  if (!why.empty()) // wasm-tools says why it prints the section raw
    for (const std::string &comment : customFailureLines("producers", why)) {
      // (-p: each line at the section's contents, as wasm-tools)
      line(2, opts.printOffsets ? absOf(c.data.data()) : NoOffset);
      o += comment;
      o += '\n';
    }
  {
    if (entries) {
      line(2, off);
      o += "(@producers\n";
      for (const ProducerEntry &e : *entries) {
        line(4, opts.printOffsets ? absOf(c.data.data()) + e.offset : NoOffset);
        o += '(' + e.field + ' ';
        appendName(o, e.name);
        o += ' ';
        appendName(o, e.version);
        o += ")\n";
      }
      line(2);
      o += ")\n";
      ++nextCustom;
      return;
    }
  }
  line(2, off);
  o += "(@custom ";
  appendName(o, c.name);
  static const char *secNames[] = {"first", "type", "import", "func", "table", "memory",
                                   "global", "export", "start", "elem", "code", "data",
                                   "datacount", "tag"};
  // wasm-tools names the standard section a custom section follows, also
  // when the `name` section comes between them (text puts `name` last).
    if (afterId == 0)
    o += " (before first)";
  else if (afterId < 14) {
    o += " (after ";
    o += secNames[afterId];
    o += ')';
  }
  o += ' ';
  if (opts.skeleton)
    o += "...";
  else
    appendString(o, c.data);
  o += ")\n";
  ++nextCustom;
}

void ModulePrinter::typeSection() {
  uint32_t ti = 0;
  for (size_t gi = 0; gi < m.types.size(); ++gi) {
    const RecGroup &g = m.types[gi];
    if (g.explicitRec && g.types.empty()) {
      line(2, itemOffset(coresec::Type, gi));
      o += "(rec)\n";
      continue;
    }
    if (g.explicitRec) {
      line(2, itemOffset(coresec::Type, gi));
      o += "(rec\n";
    }
    // wasm-tools places every type of a rec group at the group's first
    // type (after `0x4e` and the count).
    uint64_t at = itemOffset(coresec::Type, gi);
    if (g.explicitRec && at != NoOffset) {
      ++at;
      for (uint64_t n = g.types.size();; n >>= 7) {
        ++at;
        if (n < 0x80)
          break;
      }
    }
    for (const SubType &st : g.types) {
      line(g.explicitRec ? 4 : 2, at);
      o += "(type";
      defName(STypes, ti);
      o += ' ';
      subType(st, ti);
      o += ")\n";
      ++ti;
    }
    if (g.explicitRec) {
      line(2);
      o += ")\n";
    }
  }
}

void ModulePrinter::importSection(uint32_t *counters) {
  for (size_t k = 0; k < m.imports.size();) {
    const Import &imp = m.imports[k];
    // A compact group's line stands at its entry (the module name); its
    // items at their own names.
    line(2, imp.compact && opts.printOffsets ? nameOffset(imp.module)
                                             : itemOffset(coresec::Import, k));
    o += "(import ";
    appendName(o, imp.module);
    if (imp.compact) {
      // One compact group (compact-imports), an item a line as
      // wasm-tools prints it.
      size_t end = k + 1;
      while (end < m.imports.size() && m.imports[end].compact == imp.compact &&
             !m.imports[end].groupStart && m.imports[end].module == imp.module)
        ++end;
      for (size_t i = k; i < end; ++i) {
        o += '\n';
        line(4, itemOffset(coresec::Import, i));
        o += "(item ";
        appendName(o, m.imports[i].name);
        if (imp.compact == 0x7F) {
          importDesc(m.imports[i], counters);
          o += ')';
        }
        o += ')';
      }
      if (imp.compact == 0x7E) {
        // The shared type binds no name: the text form allows none.
        // wasm-tools places it at the group's entry too.
        o += '\n';
        line(4, opts.printOffsets ? nameOffset(imp.module) : NoOffset);
        size_t at = o.size();
        importDesc(imp, nullptr);
        o.erase(at, 1); // importDesc starts with a space
        o += ')';
        Space s = imp.kind == extkind::Table    ? STables
                  : imp.kind == extkind::Memory ? SMems
                  : imp.kind == extkind::Global ? SGlobals
                  : imp.kind == extkind::Tag    ? STags
                                                : SFuncs;
        counters[s] += uint32_t(end - k);
      }
      o += '\n';
      line(2);
      o += ")\n";
      k = end;
      continue;
    }
    o += ' ';
    appendName(o, imp.name);
    importDesc(imp, counters);
    o += "))\n";
    ++k;
  }
}

void ModulePrinter::definitions(uint8_t id, uint32_t *counters) {
  switch (id) {
  case coresec::Table:
    for (size_t k = 0; const Table &t : m.tables) {
      line(2, itemOffset(coresec::Table, k++));
      o += "(table";
      defName(STables, counters[STables]++);
      o += ' ';
      tableType(t.type);
      if (t.init)
        constExpr(*t.init);
      o += ")\n";
    }
    break;
  case coresec::Memory:
    for (size_t k = 0; const Limits &l : m.memories) {
      line(2, itemOffset(coresec::Memory, k++));
      o += "(memory";
      defName(SMems, counters[SMems]++);
      o += ' ';
      limits(l);
      o += ")\n";
    }
    break;
  case coresec::Tag:
    for (size_t k = 0; const TagType &t : m.tags) {
      line(2, itemOffset(coresec::Tag, k++));
      o += "(tag";
      uint32_t tagIndex = counters[STags]++;
      defName(STags, tagIndex);
      o += ' ';
      typeUse(t.typeIndex, true, namesOf(names.tagParams, tagIndex));
      o += ")\n";
    }
    break;
  case coresec::Global:
    for (size_t k = 0; const Global &g : m.globals) {
      line(2, itemOffset(coresec::Global, k++));
      o += "(global";
      defName(SGlobals, counters[SGlobals]++);
      o += ' ';
      globalType(g.type);
      constExpr(g.init);
      o += ")\n";
    }
    break;
  case coresec::Export:
    for (size_t xi = 0; const Export &x : m.exports) {
      line(2, itemOffset(coresec::Export, xi++));
      o += "(export ";
      appendName(o, x.name);
      static const char *kinds[] = {"func", "table", "memory", "global", "tag"};
      static const Space spaces[] = {SFuncs, STables, SMems, SGlobals, STags};
      uint8_t k = x.kind < 5 ? x.kind : 0;
      o += " (";
      o += kinds[k];
      o += ' ';
      if (spaces[k] == STags)
        o += std::to_string(x.index); // wasm-tools 1.262 writes a tag export by index
      else
        ref(spaces[k], x.index);
      o += "))\n";
    }
    break;
  }
}

void ModulePrinter::print(llvm::StringRef header, llvm::StringRef outerName,
                          llvm::StringRef suffix, uint64_t headerOffset) {
  names.spaces.resize(NumSpaces);
  for (const CustomSection &c : m.customs)
    if (c.name == "name" && opts.nameSection) {
      names = decodeNames(c.data);
      break;
    }
  static const char *groups[NumSpaces] = {"type",   "func", "table", "memory",
                                          "global", "tag",  "elem",  "data"};
  for (unsigned s = 0; s < NumSpaces; ++s)
    dedupeNames(names.spaces[s], groups[s]);
  for (auto &[k, v] : names.locals)
    dedupeNames(v, "local");
  for (auto &[k, v] : names.fields)
    dedupeNames(v, "field");
  for (auto *params : {&names.typeParams, &names.tagParams})
    for (auto &[k, v] : *params)
      dedupeNames(v, "local");
  for (const RecGroup &g : m.types)
    for (const SubType &st : g.types)
      types.push_back(&st);
  for (const Import &imp : m.imports) {
    switch (imp.kind) {
    case extkind::Func:
    case extkind::ExactFunc:
      ++imported[SFuncs];
      funcTypes.push_back(imp.index);
      break;
    case extkind::Table: ++imported[STables]; break;
    case extkind::Memory: ++imported[SMems]; break;
    case extkind::Global: ++imported[SGlobals]; break;
    case extkind::Tag: ++imported[STags]; break;
    }
  }
  funcTypes.insert(funcTypes.end(), m.functions.begin(), m.functions.end());
  findBranchHints();
  // A top-level module's first line has no offset comment (nothing precedes it).
  if (baseIndent > 0)
    line(0, headerOffset);
  o += header;
  // Inside a component, the component's name for the module wins.
  llvm::StringRef name = !outerName.empty() ? outerName : llvm::StringRef(names.module);
  if (!name.empty()) {
    o += ' ';
    appendId(o, name);
  }
  o += suffix;
  o += '\n';
  // An empty module prints as `(module)`: nothing after the header line
  // (flushIfBig only flushes once something was printed, so the size tells).
  const size_t bodyStart = o.size();
  size_t nextCustom = 0;
  uint32_t counters[NumSpaces] = {};
  uint8_t lastId = 0;
  bool sawName = false;
  for (size_t si = 0; si < m.sectionOrder.size(); ++si) {
    uint8_t id = m.sectionOrder[si];
    uint64_t secOff = si < m.sectionOffsets.size() ? m.sectionOffsets[si] : NoOffset;
    switch (id) {
    case coresec::Custom:
      if (nextCustom < m.customs.size()) {
        bool isName = m.customs[nextCustom].name == "name" && opts.nameSection;
        customSection(lastId, secOff, nextCustom);
        sawName |= isName;
      }
      continue;
    case coresec::Type:
      typeSection();
      break;
    case coresec::Import:
      importSection(counters);
      break;
    case coresec::Table: case coresec::Memory: case coresec::Tag: case coresec::Global:
    case coresec::Export:
      definitions(id, counters);
      break;
    case coresec::Start:
      line(2, opts.printOffsets && secOff != NoOffset && inputStart
                  ? [&] { // wasm-tools places it at the section's contents
                      const uint8_t *q = inputStart + (secOff - inputBase) + 1;
                      while (*q++ & 0x80)
                        ;
                      return absOf(q);
                    }()
                  : secOff);
      o += "(start ";
      ref(SFuncs, m.start.value_or(0));
      o += ")\n";
      break;
    case coresec::Element:
      for (uint32_t i = 0; i < m.elements.size(); ++i)
        elem(i);
      break;
    case coresec::Code:
      for (uint32_t i = 0; i < m.code.size(); ++i)
        func(i);
      break;
    case coresec::Data:
      for (uint32_t i = 0; i < m.data.size(); ++i)
        data(i);
      break;
    default: break;
    }
    lastId = id;
    flushIfBig();
  }
  if (o.size() == bodyStart && !o.empty() && o.back() == '\n' && !opts.printOffsets) {
    o.pop_back();
    o += ")\n";
  } else {
    line(0, endOffset);
    o += ")\n";
  }
  os << o;
  o.clear();
}


} // namespace detail

llvm::Error printModule(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                        const PrintOptions &opts, unsigned indent, llvm::StringRef header,
                        llvm::StringRef outerName, llvm::StringRef suffix,
                        uint64_t headerOffset) {
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  ro.recordOffsets = opts.printOffsets;
  auto m = binary::readModule(bytes, base, ro);
  if (!m)
    return m.takeError();
  detail::ModulePrinter p(os, *m, opts, indent);
  p.inputStart = bytes.data();
  p.inputBase = base;
  p.endOffset = base + bytes.size();
  p.print(header, outerName, suffix, headerOffset);
  if (p.bodyError)
    return llvm::createStringError(p.bodyError->text); // the text names the offset
  return llvm::Error::success();
}

} // namespace wcomp::text
