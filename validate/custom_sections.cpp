//===- validate/custom_sections.cpp - Custom sections with defined contents -===//
//
// The `name` section (core specification, appendix "Custom Sections") and the
// branch hinting proposal's `metadata.code.branch_hint`, checked the way
// wasm-tools' `wast` runner checks them, with its messages. Counts are those
// of the sections seen before the custom section, as in a streaming
// validator; per-body checks (local and label indices, hint positions) run
// after the whole module, function by function.
#include "validate/custom_sections.h"

#include "binary/error.h"
#include "binary/module.h"
#include "binary/operators.h"
#include "binary/parser.h"

#include "llvm/ADT/StringExtras.h"

#include <optional>
#include <vector>

namespace wcomp::validate {

using namespace binary;

namespace {

/// The largest index a name map names and where that entry starts; an empty
/// map records only its position.
struct NameMax {
  bool present = false;
  std::optional<uint32_t> index;
  uint64_t at = 0;
};

/// One module's custom-section state, fed its sections in file order.
class ModuleCustoms {
public:
  explicit ModuleCustoms(const Module &m) : m(m) {
    for (const RecGroup &g : m.types)
      for (const SubType &s : g.types)
        types.push_back(&s);
    // Type indices of every function and tag, so lookups stay O(1).
    for (const Import &imp : m.imports) {
      if (imp.kind == extkind::Func || imp.kind == extkind::ExactFunc)
        funcTypes.push_back(imp.index);
      else if (imp.kind == extkind::Tag)
        tagTypes.push_back(imp.tag.typeIndex);
    }
    funcTypes.insert(funcTypes.end(), m.functions.begin(), m.functions.end());
    for (const TagType &t : m.tags)
      tagTypes.push_back(t.typeIndex);
  }

  llvm::Error section(const Payload &p);
  llvm::Error bodies();

private:
  const Module &m;
  std::vector<const SubType *> types;
  std::vector<uint32_t> funcTypes, tagTypes;
  // What the sections seen so far define.
  uint32_t nTypes = 0, nImportedFuncs = 0, nFuncs = 0, nTables = 0, nMemories = 0, nGlobals = 0,
           nTags = 0, nElems = 0, nDatas = 0;
  bool seenName = false, seenHints = false;
  std::vector<NameMax> localMax, labelMax;
  std::vector<std::vector<std::pair<uint32_t, uint64_t>>> hints; ///< per function: offset, entry

  void count(uint8_t id);
  llvm::Error names(BinaryReader r);
  llvm::Error branchHints(BinaryReader r);
  llvm::Expected<NameMax> nameMap(BinaryReader &s, uint32_t items, llvm::StringRef desc);
  llvm::Expected<std::vector<NameMax>> indirect(BinaryReader &s, uint32_t items,
                                                llvm::StringRef desc, llvm::StringRef itemDesc);
  const CompositeType *funcType(uint32_t func) const;
};

/// The composite type at a type index, if it exists.
const CompositeType *compositeAt(const std::vector<const SubType *> &types, uint32_t i) {
  return i < types.size() ? &types[i]->composite : nullptr;
}

/// Checks each recorded maximum against what its item has (`limit`).
template <typename Limit>
llvm::Error checkMaxima(const std::vector<NameMax> &max, size_t upTo, llvm::StringRef desc,
                        Limit limit) {
  for (size_t i = 0; i < upTo && i < max.size(); ++i) {
    if (!max[i].present)
      continue;
    llvm::Expected<uint32_t> n = limit(uint32_t(i), max[i].at);
    if (!n)
      return n.takeError();
    if (max[i].index && *max[i].index >= *n)
      return makeError(max[i].at, "invalid " + desc + " index " + llvm::Twine(*max[i].index));
  }
  return llvm::Error::success();
}

const CompositeType *ModuleCustoms::funcType(uint32_t func) const {
  return func < funcTypes.size() ? compositeAt(types, funcTypes[func]) : nullptr;
}

void ModuleCustoms::count(uint8_t id) {
  switch (id) {
  case coresec::Type: nTypes = uint32_t(types.size()); break;
  case coresec::Import:
    for (const Import &imp : m.imports) {
      switch (imp.kind) {
      case extkind::Func: case extkind::ExactFunc: ++nImportedFuncs; break;
      case extkind::Table: ++nTables; break;
      case extkind::Memory: ++nMemories; break;
      case extkind::Global: ++nGlobals; break;
      case extkind::Tag: ++nTags; break;
      }
    }
    nFuncs = nImportedFuncs;
    break;
  case coresec::Function: nFuncs = nImportedFuncs + uint32_t(m.functions.size()); break;
  case coresec::Table: nTables += uint32_t(m.tables.size()); break;
  case coresec::Memory: nMemories += uint32_t(m.memories.size()); break;
  case coresec::Global: nGlobals += uint32_t(m.globals.size()); break;
  case coresec::Tag: nTags += uint32_t(m.tags.size()); break;
  case coresec::Element: nElems = uint32_t(m.elements.size()); break;
  case coresec::Data: nDatas = uint32_t(m.data.size()); break;
  default: break;
  }
}

llvm::Error ModuleCustoms::section(const Payload &p) {
  if (p.id != coresec::Custom) {
    if (seenName)
      return makeError(p.dataOffset, "name section must come last");
    count(p.id);
    return llvm::Error::success();
  }
  if (p.customName == "name")
    return names(p.reader());
  if (p.customName == "metadata.code.branch_hint")
    return branchHints(p.reader());
  return llvm::Error::success();
}

llvm::Expected<NameMax> ModuleCustoms::nameMap(BinaryReader &s, uint32_t items,
                                               llvm::StringRef desc) {
  NameMax max;
  max.present = true;
  max.at = s.offset();
  uint32_t n;
  WCOMP_ASSIGN(n, s.readU32());
  std::optional<uint32_t> prev;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = s.offset();
    uint32_t idx;
    WCOMP_ASSIGN(idx, s.readU32());
    WCOMP_CHECK(s.readName().takeError());
    if (prev && idx <= *prev)
      return makeError(at, "names out of order");
    prev = idx;
    if (idx >= items)
      return makeError(at, "invalid " + desc + " naming index " + llvm::Twine(idx));
    max.index = idx;
    max.at = at;
  }
  if (!s.eof())
    return makeError(s.offset(), "section size mismatch: unexpected data at the end of the section");
  return max;
}

llvm::Expected<std::vector<NameMax>> ModuleCustoms::indirect(BinaryReader &s, uint32_t items,
                                                             llvm::StringRef desc,
                                                             llvm::StringRef itemDesc) {
  std::vector<NameMax> out;
  uint32_t n;
  WCOMP_ASSIGN(n, s.readU32());
  std::optional<uint32_t> prev;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = s.offset();
    uint32_t idx;
    WCOMP_ASSIGN(idx, s.readU32());
    // The inner map's extent: its count, then index and name pairs.
    uint64_t innerAt = s.offset();
    const uint8_t *innerStart = s.position();
    uint32_t inner;
    WCOMP_ASSIGN(inner, s.readU32());
    for (uint32_t k = 0; k < inner; ++k) {
      WCOMP_CHECK(s.readU32().takeError());
      WCOMP_CHECK(s.readByteVec().takeError());
    }
    if (prev && idx <= *prev)
      return makeError(at, "indirect names out of order");
    prev = idx;
    if (idx >= items)
      return makeError(at, "invalid " + desc + " naming index " + llvm::Twine(idx));
    BinaryReader innerReader(llvm::ArrayRef<uint8_t>(innerStart, s.position()), innerAt);
    NameMax max;
    WCOMP_ASSIGN(max, nameMap(innerReader, UINT32_MAX, itemDesc));
    if (!max.index)
      max.at = at; // an empty map is reported where its entry starts
    // Entries are strictly increasing, so the table is at most `items` long.
    if (out.size() <= idx)
      out.resize(size_t(idx) + 1);
    out[idx] = max;
  }
  if (!s.eof())
    return makeError(s.offset(), "section size mismatch: unexpected data at the end of the section");
  return out;
}

llvm::Error ModuleCustoms::names(BinaryReader r) {
  if (seenName)
    return makeError(r.offset(), "duplicate name section");
  seenName = true;
  std::optional<uint8_t> last;
  while (!r.eof()) {
    uint64_t at = r.offset();
    uint8_t id;
    WCOMP_ASSIGN(id, r.readU8());
    uint32_t size;
    WCOMP_ASSIGN(size, r.readU32());
    uint64_t bodyAt = r.offset();
    llvm::ArrayRef<uint8_t> body;
    WCOMP_ASSIGN(body, r.readBytes(size));
    if (last && id <= *last)
      return makeError(at, "name subsection out of order");
    last = id;
    BinaryReader s(body, bodyAt);
    auto simple = [&](uint32_t items, llvm::StringRef desc) {
      return nameMap(s, items, desc).takeError();
    };
    switch (id) {
    case 0:
      WCOMP_CHECK(s.readName().takeError());
      if (!s.eof())
        return makeError(s.offset(), "trailing data at the end of a name");
      break;
    case 1: WCOMP_CHECK(simple(nFuncs, "func")); break;
    case 2: {
      WCOMP_ASSIGN(localMax, indirect(s, nFuncs, "func", "local"));
      // Imported functions have only their parameters; defined ones are
      // checked with their bodies.
      WCOMP_CHECK(checkMaxima(localMax, nImportedFuncs, "local name",
                              [&](uint32_t f, uint64_t) -> llvm::Expected<uint32_t> {
                                const CompositeType *c = funcType(f);
                                return c ? uint32_t(c->params.size()) : 0;
                              }));
      break;
    }
    case 3:
      WCOMP_ASSIGN(labelMax, indirect(s, nFuncs, "func", "label"));
      WCOMP_CHECK(checkMaxima(labelMax, nImportedFuncs, "label name",
                              [](uint32_t, uint64_t) -> llvm::Expected<uint32_t> { return 0; }));
      break;
    case 4: WCOMP_CHECK(simple(nTypes, "type")); break;
    case 5: WCOMP_CHECK(simple(nTables, "table")); break;
    case 6: WCOMP_CHECK(simple(nMemories, "memory")); break;
    case 7: WCOMP_CHECK(simple(nGlobals, "global")); break;
    case 8: WCOMP_CHECK(simple(nElems, "element")); break;
    case 9: WCOMP_CHECK(simple(nDatas, "data")); break;
    case 10: case 12: {
      bool fields = id == 10;
      std::vector<NameMax> max;
      WCOMP_ASSIGN(max, indirect(s, nTypes, "type", fields ? "field" : "param"));
      WCOMP_CHECK(checkMaxima(
          max, max.size(), fields ? "field name" : "parameter name",
          [&](uint32_t t, uint64_t off) -> llvm::Expected<uint32_t> {
            const CompositeType *c = compositeAt(types, t);
            uint8_t want = fields ? typecode::StructType : typecode::FuncType;
            if (!c || c->kind != want)
              return makeError(off, fields ? "field name specified when type " + llvm::Twine(t) +
                                                 " is not a struct"
                                           : "parameter name specified when type " +
                                                 llvm::Twine(t) + " is not a func");
            return uint32_t(fields ? c->fields.size() : c->params.size());
          }));
      break;
    }
    case 11: WCOMP_CHECK(simple(nTags, "tag")); break;
    case 13: {
      std::vector<NameMax> max;
      WCOMP_ASSIGN(max, indirect(s, nTags, "tag", "param"));
      WCOMP_CHECK(checkMaxima(max, max.size(), "tag parameter name",
                              [&](uint32_t t, uint64_t off) -> llvm::Expected<uint32_t> {
                                const CompositeType *c =
                                    t < tagTypes.size() ? compositeAt(types, tagTypes[t]) : nullptr;
                                if (!c || c->kind != typecode::FuncType)
                                  return makeError(off, "tag " + llvm::Twine(t) +
                                                            " not typed as a func");
                                return uint32_t(c->params.size());
                              }));
      break;
    }
    default:
      return makeError(bodyAt, "unknown name subsection: " + llvm::Twine(unsigned(id)));
    }
  }
  return llvm::Error::success();
}

llvm::Error ModuleCustoms::branchHints(BinaryReader r) {
  if (seenHints)
    return makeError(r.offset(), "duplicate branch hint section");
  seenHints = true;
  uint32_t n;
  WCOMP_ASSIGN(n, r.readU32());
  std::optional<uint32_t> prevFunc;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = r.offset();
    uint32_t func, count;
    WCOMP_ASSIGN(func, r.readU32());
    WCOMP_ASSIGN(count, r.readU32());
    if (prevFunc && *prevFunc >= func)
      return makeError(at, "branch hints must be sorted by function index");
    prevFunc = func;
    if (func < nImportedFuncs || func >= nFuncs)
      return makeError(at, "invalid function index " + llvm::Twine(func) +
                               " in branch hint section");
    // Hints are kept for the body walk; `count` is checked against the bytes
    // by the reads, never reserved.
    if (hints.size() <= func)
      hints.resize(size_t(func) + 1);
    std::optional<uint32_t> prevOffset;
    for (uint32_t k = 0; k < count; ++k) {
      uint64_t hat = r.offset();
      uint32_t offset;
      uint8_t size, taken;
      WCOMP_ASSIGN(offset, r.readU32());
      uint64_t bat = r.offset();
      WCOMP_ASSIGN(size, r.readU8());
      if (size != 1)
        return makeError(bat, "invalid leading byte (0x" + llvm::utohexstr(size) +
                                  ") for invalid branch hint byte");
      WCOMP_ASSIGN(taken, r.readU8());
      if (taken > 1)
        return makeError(bat + 1, "invalid leading byte (0x" + llvm::utohexstr(taken) +
                                      ") for invalid branch hint taken byte");
      if (prevOffset && *prevOffset >= offset)
        return makeError(hat, "branch hints must be sorted by function offset");
      prevOffset = offset;
      hints[func].push_back({offset, hat});
    }
  }
  if (!r.eof())
    return makeError(r.offset(), "section size mismatch: unexpected data at the end of the section");
  return llvm::Error::success();
}

llvm::Error ModuleCustoms::bodies() {
  Operator op;
  ImmPool pool;
  for (size_t j = 0; j < m.code.size(); ++j) {
    uint32_t func = nImportedFuncs + uint32_t(j);
    const FunctionBody &body = m.code[j];
    BinaryReader r(body.bytes, 0);
    std::vector<LocalDecl> locals;
    WCOMP_CHECK(readLocalDecls(r, &locals));
    if (func < localMax.size() && localMax[func].present && localMax[func].index) {
      const CompositeType *c = funcType(func);
      uint64_t total = c ? c->params.size() : 0;
      for (const LocalDecl &d : locals)
        total += d.count;
      if (*localMax[func].index >= total)
        return makeError(localMax[func].at,
                         "invalid local index " + llvm::Twine(*localMax[func].index));
    }
    const std::vector<std::pair<uint32_t, uint64_t>> *fh =
        func < hints.size() ? &hints[func] : nullptr;
    size_t next = 0;
    uint32_t labels = 0;
    while (!r.eof()) {
      uint32_t pos = uint32_t(r.offset());
      std::optional<uint64_t> hintAt;
      if (fh && next < fh->size()) {
        auto [offset, at] = (*fh)[next];
        if (offset == pos) {
          hintAt = at;
          ++next;
        } else if (offset < pos) {
          return makeError(at, "branch hint for bytes between instructions");
        }
      }
      pool.clear();
      WCOMP_CHECK(readOperator(r, op, pool));
      switch (op.op) {
      case Opcode::If: case Opcode::Block: case Opcode::Loop: case Opcode::Try:
      case Opcode::TryTable:
        ++labels;
        break;
      default: break;
      }
      if (hintAt && op.op != Opcode::If && op.op != Opcode::BrIf)
        return makeError(*hintAt, "branch hint for instruction that isn't if or br_if");
    }
    if (fh && next < fh->size())
      return makeError((*fh)[next].second, "branch hint for nonexistent instruction");
    if (func < labelMax.size() && labelMax[func].present && labelMax[func].index &&
        *labelMax[func].index >= labels)
      return makeError(labelMax[func].at, "invalid label index " + llvm::Twine(*labelMax[func].index));
  }
  return llvm::Error::success();
}

/// Checks one core module given its bytes (from its header) and offset.
llvm::Error checkModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base) {
  ReadOptions ro;
  ro.decodeBodies = false;
  Module m;
  WCOMP_ASSIGN(m, readModule(bytes, base, ro));
  ModuleCustoms customs(m);
  Parser p(bytes, base);
  Payload pl;
  for (;;) {
    bool more;
    WCOMP_ASSIGN(more, p.next(pl));
    if (!more)
      break;
    if (pl.kind == Payload::Section)
      WCOMP_CHECK(customs.section(pl));
  }
  return customs.bodies();
}

} // namespace

llvm::Error checkCustomSections(llvm::ArrayRef<uint8_t> bytes) {
  Parser p(bytes, 0);
  Payload pl;
  for (;;) {
    bool more;
    WCOMP_ASSIGN(more, p.next(pl));
    if (!more)
      return llvm::Error::success();
    if (pl.kind == Payload::ModuleHeader && pl.depth == 0)
      return checkModule(bytes, 0);
    if (pl.kind != Payload::Section || !pl.inComponent)
      continue;
    if (pl.id == compsec::CoreModule) {
      WCOMP_CHECK(checkModule(pl.data, pl.dataOffset));
      p.skipNested();
    } else if (pl.id == compsec::Custom && pl.customName == "name") {
      return makeError(pl.dataOffset, "core module `name` section in a component");
    } else if (pl.id == compsec::Custom && pl.customName == "metadata.code.branch_hint") {
      return makeError(pl.dataOffset, "core module branch hint section in a component");
    }
  }
}

} // namespace wcomp::validate
