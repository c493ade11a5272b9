//===- text/wat_encode.cpp - Core module text parser: encoding -------------===//
#include "text/wat_module.h"

namespace wcomp::text {

using namespace binary;

namespace {
using NameList = std::vector<std::pair<uint32_t, std::string>>;

using Annotations = llvm::StringMap<std::string>;

void nameMap(Encoder &e, const NameList &names, const Annotations &ann) {
  e.u32(uint32_t(names.size()));
  for (const auto &[idx, name] : names) {
    e.u32(idx);
    auto it = ann.find(name);
    e.name(it != ann.end() ? llvm::StringRef(it->second) : llvm::StringRef(name));
  }
}

void indirectMap(Encoder &e, std::vector<std::pair<uint32_t, NameList>> v,
                 const Annotations &ann) {
  std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
  e.u32(uint32_t(v.size()));
  for (auto &[idx, names] : v) {
    std::sort(names.begin(), names.end());
    e.u32(idx);
    nameMap(e, names, ann);
  }
}
} // namespace

void ModuleParser::encodeNames(Encoder &e) {
  auto sub = [&](uint8_t id, const Encoder &body) {
    e.u8(id);
    e.byteVec(body.bytes);
  };
  auto indirect = [&](uint8_t id, const auto &list) {
    Encoder b;
    indirectMap(b, list, nameAnnotations);
    sub(id, b);
  };
  if (!moduleName.empty()) {
    Encoder b;
    b.name(moduleName);
    sub(0, b);
  }
  if (!nameList[SFuncs].empty()) {
    Encoder b;
    nameMap(b, nameList[SFuncs], nameAnnotations);
    sub(1, b);
  }
  if (!localNames.empty()) {
    // Imported functions' parameter names come in with the imports; the
    // map is by function index.
    std::stable_sort(localNames.begin(), localNames.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    indirect(2, localNames);
  }
  if (!labelNames.empty())
    indirect(3, labelNames);
  const std::pair<Space, uint8_t> simple[] = {{STypes, 4}, {STables, 5}, {SMems, 6},
                                              {SGlobals, 7}, {SElems, 8}, {SDatas, 9}};
  for (auto [s, id] : simple) {
    if (!nameList[s].empty()) {
      Encoder b;
      nameMap(b, nameList[s], nameAnnotations);
      sub(id, b);
    }
  }
  // Field names (subsection 10), as wasm-tools 1.262 writes them.
  if (!fieldNameList.empty())
    indirect(10, fieldNameList);
  if (!nameList[STags].empty()) {
    Encoder b;
    nameMap(b, nameList[STags], nameAnnotations);
    sub(11, b);
  }
  // Parameter names of function types and tags (subsections 12 and 13),
  // as wasm-tools 1.262 writes them.
  if (!typeParamNameList.empty())
    indirect(12, typeParamNameList);
  if (!tagParamNameList.empty())
    indirect(13, tagParamNameList);
}

std::string ModuleParser::encodeBranchHints() const {
  // Each hint names its instruction by byte offset from the start of the
  // body (its local declarations included), so the body is encoded once up
  // to each hinted instruction.
  uint32_t imported = 0;
  for (const Import &imp : m.imports)
    imported += imp.kind == extkind::Func || imp.kind == extkind::ExactFunc;
  Encoder sec;
  sec.u32(uint32_t(branchHints.size()));
  for (const auto &[func, hints] : branchHints) {
    const FunctionBody &body = m.code[func - imported];
    Encoder b;
    b.u32(uint32_t(body.locals.size()));
    for (const LocalDecl &d : body.locals) {
      b.u32(d.count);
      writeValType(b, d.type);
    }
    sec.u32(func);
    sec.u32(uint32_t(hints.size()));
    size_t next = 0;
    for (size_t i = 0; i < body.code.ops.size() && next < hints.size(); ++i) {
      if (hints[next].first == i) {
        sec.u32(uint32_t(b.bytes.size()));
        sec.u8(1);
        sec.u8(hints[next].second);
        ++next;
      }
      writeOperator(b, body.code.ops[i], body.code.pool);
    }
  }
  return std::string(sec.bytes.begin(), sec.bytes.end());
}

void ModuleParser::encode(std::vector<uint8_t> &out) {
  if (sawDataIndexUse)
    m.dataCount = uint32_t(m.data.size());
  // Standard sections in order, custom sections at their anchors; the name
  // section goes last, after `(after last)` ones too, as wasm-tools 1.262 writes it.
  std::vector<uint8_t> std = defaultSectionOrder(m);
  while (!std.empty() && std.back() == coresec::Custom)
    std.pop_back();
  // A `name` section written out as `(@custom "name" ...)` replaces the one
  // the ids would make (wasm-tools writes only the given one).
  Encoder names;
  if (std::none_of(customs.begin(), customs.end(),
                   [](const Custom &c) { return c.name == "name"; }))
    encodeNames(names);
  std::vector<CustomSection> outCustoms;
  std::vector<uint8_t> order;
  auto emitCustoms = [&](auto pred) {
    for (const Custom &c : customs)
      if (pred(c)) {
        order.push_back(coresec::Custom);
        outCustoms.push_back({c.name, c.data});
      }
  };
  // Position of a section id in the canonical order (tag sits after memory,
  // datacount before code).
  auto rank = [](uint8_t id) {
    static const uint8_t r[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
    return id < 14 ? r[id] : 99;
  };
  // Where each anchored custom section goes: before the present standard
  // section `std[slot]` (slot == std.size(): after the last, before `name`).
  // `(before X)` goes before the first present section at or after X,
  // `(after X)` before the first one after X, whether X is present or not.
  auto slotOf = [&](const Custom &c) -> size_t {
    bool before = c.anchor & 0x80;
    uint8_t target = rank(c.anchor & 0x7f);
    for (size_t k = 0; k < std.size(); ++k)
      if (before ? rank(std[k]) >= target : rank(std[k]) > target)
        return k;
    return std.size();
  };
  for (size_t i = 0; i <= std.size(); ++i) {
    // `(before first)` ones ahead of everything; then those anchored here.
    if (i == 0)
      emitCustoms([](const Custom &c) { return !c.afterLast && c.anchor == 0; });
    emitCustoms([&](const Custom &c) { return !c.afterLast && c.anchor != 0 && slotOf(c) == i; });
    if (i == std.size()) {
      // `(after last)` (and unplaced) ones after the anchored ones.
      emitCustoms([](const Custom &c) { return c.afterLast; });
      break;
    }
    // Branch hints go right before the code section, as wasm-tools puts them.
    if (std[i] == coresec::Code && !branchHints.empty()) {
      blobs.push_back(encodeBranchHints());
      order.push_back(coresec::Custom);
      outCustoms.push_back({"metadata.code.branch_hint",
                            llvm::ArrayRef<uint8_t>(
                                reinterpret_cast<const uint8_t *>(blobs.back().data()),
                                blobs.back().size())});
    }
    order.push_back(std[i]);
  }
  std::string nameBytes(names.bytes.begin(), names.bytes.end());
  if (!names.bytes.empty()) {
    order.push_back(coresec::Custom);
    blobs.push_back(nameBytes);
    outCustoms.push_back({"name", llvm::ArrayRef<uint8_t>(
                                      reinterpret_cast<const uint8_t *>(blobs.back().data()),
                                      blobs.back().size())});
  }
  m.customs = std::move(outCustoms);
  m.sectionOrder = std::move(order);
  Encoder e;
  writeModule(e, m);
  out.assign(e.bytes.begin(), e.bytes.end());
}

} // namespace wcomp::text
