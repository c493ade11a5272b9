//===- compose/unbundle.cpp - Core modules out of a component -------------===//
//
// Three passes over the decoded component:
//   1. find the modules to take out, in file order at every depth;
//   2. shift every reference into the outer component's core module and
//      core type index spaces by the imports and types that will be put in
//      front of them (references from nested scopes are outer aliases whose
//      count reaches the outer component);
//   3. put a module type and an import per module in front, and an outer
//      alias of that import where each module was.
// Module types declare the module's own types (its whole type section, so
// the indices of its imports and exports stay as they are), then its
// imports and exports.
//
//===----------------------------------------------------------------------===//
#include "compose/unbundle.h"

#include "binary/component.h"
#include "binary/error.h"
#include "binary/parser.h"
#include "binary/raw_sections.h"
#include "binary/reader.h"
#include "binary/writer.h"

namespace wcomp::compose {

using namespace binary;

namespace {

/// A module to take out: where it is and how deep.
struct Found {
  Component *owner;
  size_t section;
  unsigned depth; ///< 0: the outer component
};

/// Pre-order walk for modules over the threshold. Recursion follows
/// component nesting, which readComponent capped (limits::NestingDepth).
void find(Component &c, unsigned depth, uint64_t threshold, std::vector<Found> &out) {
  for (size_t i = 0; i < c.sections.size(); ++i) {
    ComponentSection &s = c.sections[i];
    if (s.id == compsec::CoreModule && s.nestedBytes.size() > threshold)
      out.push_back({&c, i, depth});
    else if (s.id == compsec::Component && s.component)
      find(*s.component, depth + 1, threshold, out);
  }
}

/// The index shifts of the outer component's core module and core type
/// spaces, applied to references from any depth.
struct Shift {
  uint32_t modules = 0, types = 0;

  /// Shifts `index` of `sort` if that sort moves.
  void sortIdx(Sort sort, uint32_t &index) const {
    if (sort.kind != sortkind::Core)
      return;
    if (sort.core == coresort::Module)
      index += modules;
    else if (sort.core == coresort::Type)
      index += types;
  }

  void heap(HeapType &h) const {
    if (h.kind == HeapType::Index)
      h.value += types;
  }
  void val(ValType &v) const { heap(v.heap); }

  /// A core rec group defined in the outer component: its type indices are
  /// the outer component's.
  void rec(RecGroup &g) const {
    for (SubType &st : g.types) {
      for (uint32_t &s : st.supertypes)
        s += types;
      if (st.describes)
        *st.describes += types;
      if (st.descriptor)
        *st.descriptor += types;
      CompositeType &ct = st.composite;
      for (ValType &v : ct.params)
        val(v);
      for (ValType &v : ct.results)
        val(v);
      for (FieldType &f : ct.fields)
        val(f.storage);
      if (ct.kind == typecode::ContType)
        ct.contType += types;
    }
  }

  /// A core type defined at scope level `level` (0: the outer component).
  void coreType(CoreTypeDef &t, unsigned level) const {
    if (!t.isModule) {
      if (level == 0)
        rec(t.rec);
      return;
    }
    // Inside the module type (level + 1), `alias outer c` reaches the
    // outer component when c is that level.
    for (ModuleTypeDecl &d : t.decls)
      if (d.kind == declkind::Alias && d.aliasCount == level + 1)
        d.aliasIndex += types;
  }

  /// A component type defined at scope level `level`; its declarations are
  /// at level + 1. Recursion follows type nesting, capped by the reader.
  void typeDef(TypeDef &t, unsigned level) const {
    for (TypeDecl &d : t.decls) {
      if (d.kind == declkind::CoreType && d.coreType)
        coreType(*d.coreType, level + 1);
      else if (d.kind == declkind::Type && d.type)
        typeDef(*d.type, level + 1);
      else if (d.kind == declkind::Alias && d.alias.target == aliastarget::Outer &&
               d.alias.instance == level + 1)
        sortIdx(d.alias.sort, d.alias.index);
    }
  }

  void desc(ExternDesc &d) const {
    if (d.kind == declkind::CoreType)
      d.index += types;
  }

  /// Every reference in `c`, a component at scope level `level`.
  void component(Component &c, unsigned level) const {
    bool outer = level == 0;
    for (ComponentSection &s : c.sections) {
      switch (s.id) {
      case compsec::Component:
        if (s.component)
          component(*s.component, level + 1);
        break;
      case compsec::CoreInstance:
        if (!outer)
          break;
        for (CoreInstance &ci : s.coreInstances) {
          if (ci.kind == instancekind::Instantiate)
            ci.module += modules;
          for (CoreInstance::InlineExport &x : ci.exports)
            sortIdx({sortkind::Core, x.sort}, x.index);
        }
        break;
      case compsec::CoreType:
        for (CoreTypeDef &t : s.coreTypes)
          coreType(t, level);
        break;
      case compsec::Instance:
        if (!outer)
          break;
        for (Instance &in : s.instances) {
          for (Instance::Arg &a : in.args)
            sortIdx(a.item.sort, a.item.index);
          for (Instance::InlineExport &x : in.exports)
            sortIdx(x.item.sort, x.item.index);
        }
        break;
      case compsec::Alias:
        for (Alias &a : s.aliases)
          if (a.target == aliastarget::Outer && a.instance == level)
            sortIdx(a.sort, a.index);
        break;
      case compsec::Type:
        for (TypeDef &t : s.types)
          typeDef(t, level);
        break;
      case compsec::Canon:
        if (!outer)
          break;
        for (Canon &k : s.canons) {
          for (CanonOpt &o : k.opts)
            if (o.kind == canonopt::CoreType) // (core-type t)
              o.index += types;
          // thread.new-indirect, thread.spawn-ref, thread.spawn-indirect
          // name a core function type.
          if (k.opcode == canonop::ThreadNewIndirect || k.opcode == canonop::ThreadSpawnRef ||
              k.opcode == canonop::ThreadSpawnIndirect)
            k.type += types;
        }
        break;
      case compsec::Import:
        if (outer)
          for (ComponentImport &im : s.imports)
            desc(im.desc);
        break;
      case compsec::Export:
        if (!outer)
          break;
        for (ComponentExport &ex : s.exports) {
          sortIdx(ex.item.sort, ex.item.index);
          if (ex.desc)
            desc(*ex.desc);
        }
        break;
      default:
        break;
      }
    }
  }
};

/// The `component-name` section `data` with the outer component's core
/// module and core type names moved by `shift`, or the error where it is
/// malformed.
llvm::Expected<std::vector<uint8_t>> shiftNames(llvm::ArrayRef<uint8_t> data,
                                                const Shift &shift) {
  std::vector<uint8_t> out;
  llvm::Error err = forEachFrame(data, 0, [&](RawSection &s) -> llvm::Error {
    BinaryReader br(s.contents, s.offset);
    Sort sort;
    if (s.id == compsec::CoreModule)
      WCOMP_ASSIGN(sort, readSort(br));
    uint32_t probe = 0;
    if (s.id == compsec::CoreModule)
      shift.sortIdx(sort, probe);
    if (probe == 0) { // not a name map of a space that moves
      out.insert(out.end(), s.whole.begin(), s.whole.end());
      return llvm::Error::success();
    }
    Encoder sub;
    writeSort(sub, sort);
    uint32_t n;
    WCOMP_ASSIGN(n, br.readU32());
    sub.u32(n);
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t i;
      llvm::StringRef name;
      WCOMP_ASSIGN(i, br.readU32());
      WCOMP_ASSIGN(name, br.readName());
      shift.sortIdx(sort, i);
      sub.u32(i);
      sub.name(name);
    }
    if (!br.eof())
      return br.error("unexpected bytes at the end of a name subsection");
    appendFrame(out, s.id, sub.bytes);
    return llvm::Error::success();
  });
  if (err)
    return err; // implicitly moved (C++20)
  return out;
}

/// The type of `m`: its types, imports and exports.
CoreTypeDef moduleType(const Module &m) {
  CoreTypeDef t;
  t.isModule = true;
  for (const RecGroup &g : m.types) {
    ModuleTypeDecl &d = t.decls.emplace_back();
    d.kind = 0x01;
    d.type = std::make_unique<CoreTypeDef>();
    d.type->rec = g;
  }
  // The index spaces an export refers into: imports first.
  std::vector<uint32_t> funcs;
  std::vector<TableType> tables;
  std::vector<Limits> memories;
  std::vector<GlobalType> globals;
  std::vector<TagType> tags;
  for (const Import &im : m.imports) {
    ModuleTypeDecl &d = t.decls.emplace_back();
    d.kind = 0x00;
    d.import = im;
    d.import.compact = 0;
    d.import.groupStart = false;
    switch (im.kind) {
    case extkind::Func: case extkind::ExactFunc: funcs.push_back(im.index); break;
    case extkind::Table: tables.push_back(im.table); break;
    case extkind::Memory: memories.push_back(im.memory); break;
    case extkind::Global: globals.push_back(im.global); break;
    case extkind::Tag: tags.push_back(im.tag); break;
    default: break;
    }
  }
  funcs.insert(funcs.end(), m.functions.begin(), m.functions.end());
  for (const Table &x : m.tables)
    tables.push_back(x.type);
  memories.insert(memories.end(), m.memories.begin(), m.memories.end());
  for (const Global &g : m.globals)
    globals.push_back(g.type);
  tags.insert(tags.end(), m.tags.begin(), m.tags.end());
  for (const Export &ex : m.exports) {
    ModuleTypeDecl &d = t.decls.emplace_back();
    d.kind = 0x03;
    d.import.name = ex.name;
    d.import.kind = ex.kind;
    // readModule checked every export index against its space.
    switch (ex.kind) {
    case extkind::Func: d.import.index = funcs[ex.index]; break;
    case extkind::Table: d.import.table = tables[ex.index]; break;
    case extkind::Memory: d.import.memory = memories[ex.index]; break;
    case extkind::Global: d.import.global = globals[ex.index]; break;
    case extkind::Tag: d.import.tag = tags[ex.index]; break;
    default: break;
    }
  }
  return t;
}

/// True when every export of `m` names an item of its index space, so
/// moduleType can look it up (readModule reads exports without checking).
llvm::Error checkExports(const Module &m, uint64_t offset) {
  uint64_t counts[5] = {m.functions.size(), m.tables.size(), m.memories.size(),
                        m.globals.size(), m.tags.size()};
  for (const Import &im : m.imports)
    if (im.kind == extkind::ExactFunc)
      ++counts[0];
    else if (im.kind < 5)
      ++counts[im.kind];
  for (const Export &ex : m.exports)
    if (ex.kind >= 5 || ex.index >= counts[ex.kind])
      return makeError(offset, "module export `" + ex.name + "` refers to a missing item");
  return llvm::Error::success();
}

} // namespace

llvm::Expected<Unbundled> unbundle(llvm::ArrayRef<uint8_t> bytes, uint64_t threshold) {
  Unbundled out;
  if (bytes.size() < 8 || bytes[6] != binary::ComponentLayer) {
    out.component.assign(bytes.begin(), bytes.end());
    return out;
  }
  ReadOptions ro;
  ro.decodeBodies = false;
  ro.interfaceOnly = true;
  auto c = readComponent(bytes, 0, ro);
  if (!c)
    return c.takeError();
  std::vector<Found> found;
  find(*c, 0, threshold, found);

  std::vector<CoreTypeDef> types;
  for (const Found &f : found) {
    const ComponentSection &s = f.owner->sections[f.section];
    WCOMP_CHECK(checkExports(*s.module, s.offset));
    types.push_back(moduleType(*s.module));
    out.modules.push_back(s.nestedBytes);
  }
  Shift shift{uint32_t(found.size()), uint32_t(found.size())};
  std::vector<uint8_t> names; // the shifted component-name section
  if (!found.empty()) {
    shift.component(*c, 0);
    for (size_t i = 0; i < c->sections.size(); ++i) {
      ComponentSection &s = c->sections[i];
      if (s.id != compsec::Custom || s.custom.name != "component-name")
        continue;
      auto shifted = shiftNames(s.custom.data, shift);
      if (!shifted) {
        // Names never change meaning, and wrong ones would mislead: a
        // malformed section (which validation does not look into) is kept
        // emptied of names, so the sections after it keep their places.
        llvm::consumeError(shifted.takeError());
        s.custom.data = {};
        continue;
      }
      names = std::move(*shifted);
      s.custom.data = names;
    }
  }

  // Where each module was, an outer alias of its import (index k in the
  // outer component's core module space).
  for (size_t k = found.size(); k-- > 0;) {
    ComponentSection &s = found[k].owner->sections[found[k].section];
    ComponentSection alias;
    alias.id = compsec::Alias;
    alias.offset = s.offset;
    Alias &a = alias.aliases.emplace_back();
    a.sort = {sortkind::Core, coresort::Module};
    a.target = aliastarget::Outer;
    a.instance = found[k].depth;
    a.index = uint32_t(k);
    s = std::move(alias);
  }
  // Modules left in place are written from their bytes.
  std::vector<Component *> work{&*c};
  while (!work.empty()) {
    Component *w = work.back();
    work.pop_back();
    for (ComponentSection &s : w->sections) {
      if (s.id == compsec::CoreModule)
        s.module.reset();
      else if (s.id == compsec::Component && s.component)
        work.push_back(s.component.get());
    }
  }
  if (!found.empty()) {
    std::vector<ComponentSection> front(2);
    front[0].id = compsec::CoreType;
    front[0].coreTypes = std::move(types);
    front[1].id = compsec::Import;
    for (size_t k = 0; k < found.size(); ++k) {
      ComponentImport &im = front[1].imports.emplace_back();
      im.desc.kind = 0x00;
      im.desc.index = uint32_t(k);
      im.name.name = llvm::StringRef(); // set below: names need storage
    }
    std::vector<std::string> importNames;
    importNames.reserve(found.size());
    for (size_t k = 0; k < found.size(); ++k) {
      importNames.push_back("unbundled-module" + std::to_string(k));
      front[1].imports[k].name.name = importNames.back();
    }
    c->sections.insert(c->sections.begin(), std::make_move_iterator(front.begin()),
                       std::make_move_iterator(front.end()));
    Encoder e;
    writeComponent(e, *c);
    out.component.assign(e.bytes.begin(), e.bytes.end());
    return out;
  }
  Encoder e;
  writeComponent(e, *c);
  out.component.assign(e.bytes.begin(), e.bytes.end());
  return out;
}

} // namespace wcomp::compose
