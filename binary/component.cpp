#include "binary/component.h"

#include "binary/limits.h"

namespace wcomp::binary {

CanonInfo canonInfo(uint8_t opcode) {
  switch (opcode) {
#define WCOMP_CANON(byte, id, shape, name)                                                         \
  case byte:                                                                                       \
    return {CanonShape::shape, name};
#include "binary/canon_ops.def"
  default:
    return {CanonShape::Unknown, ""};
  }
}

namespace {

llvm::Error readCanonOpts(BinaryReader &r, std::vector<CanonOpt> &opts) {
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount("canonical options", limits::CanonOptions));
  opts.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    CanonOpt o;
    uint64_t at = r.offset();
    WCOMP_ASSIGN(o.kind, r.readU8());
    switch (o.kind) {
    case 0x00: case 0x01: case 0x02: case 0x06: case 0x09:
      break;
    case 0x03: case 0x04: case 0x05: case 0x07: case 0x08:
      WCOMP_ASSIGN(o.index, r.readU32());
      break;
    default:
      return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(o.kind) +
                               ") for canonical option");
    }
    opts.push_back(o);
  }
  return llvm::Error::success();
}

llvm::Error readFlag(BinaryReader &r, uint8_t &flag) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(flag, r.readU8());
  if (flag > 1)
    return makeError(at, "invalid boolean value");
  return llvm::Error::success();
}

llvm::Error readCanon(BinaryReader &r, Canon &c) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(c.opcode, r.readU8());
  CanonInfo info = canonInfo(c.opcode);
  switch (info.shape) {
  case CanonShape::Lift: case CanonShape::Lower: {
    uint64_t sat = r.offset();
    WCOMP_ASSIGN(c.sub, r.readU8());
    if (c.sub != 0x00)
      return makeError(sat, "invalid leading byte (0x" + llvm::Twine::utohexstr(c.sub) +
                                ") for canonical function " +
                                (info.shape == CanonShape::Lift ? "lift" : "lower"));
    WCOMP_ASSIGN(c.func, r.readU32());
    WCOMP_CHECK(readCanonOpts(r, c.opts));
    if (info.shape == CanonShape::Lift)
      WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  }
  case CanonShape::None:
    return llvm::Error::success();
  case CanonShape::Type:
    WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  case CanonShape::Flag:
    return readFlag(r, c.flag);
  case CanonShape::TypeOpts:
    WCOMP_ASSIGN(c.type, r.readU32());
    return readCanonOpts(r, c.opts);
  case CanonShape::TypeFlag:
    WCOMP_ASSIGN(c.type, r.readU32());
    return readFlag(r, c.flag);
  case CanonShape::Opts:
    return readCanonOpts(r, c.opts);
  case CanonShape::ResultsOpts:
    WCOMP_CHECK(readResultList(r, c.results));
    return readCanonOpts(r, c.opts);
  case CanonShape::ContextSlot:
    WCOMP_ASSIGN(c.coreType, readValType(r));
    WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  case CanonShape::FlagIndex:
    WCOMP_CHECK(readFlag(r, c.flag));
    WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  case CanonShape::TypeIndex:
    WCOMP_ASSIGN(c.type, r.readU32());
    WCOMP_ASSIGN(c.index2, r.readU32());
    return llvm::Error::success();
  case CanonShape::CoreType:
    WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  case CanonShape::Unknown:
    break;
  }
  return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(c.opcode) +
                           ") for canonical function");
}

llvm::Error readCoreInstance(BinaryReader &r, CoreInstance &ci) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(ci.kind, r.readU8());
  if (ci.kind == 0x00) {
    WCOMP_ASSIGN(ci.module, r.readU32());
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("core instantiation arguments", limits::InstantiateArgs));
    ci.args.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      CoreInstance::Arg a;
      WCOMP_ASSIGN(a.name, r.readName());
      uint64_t kat = r.offset();
      WCOMP_ASSIGN(a.kind, r.readU8());
      if (a.kind != coresort::Instance)
        return makeError(kat, "invalid leading byte (0x" + llvm::Twine::utohexstr(a.kind) +
                                  ") for core instantiation argument kind");
      WCOMP_ASSIGN(a.index, r.readU32());
      ci.args.push_back(a);
    }
    return llvm::Error::success();
  }
  if (ci.kind == 0x01) {
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("core instance exports", limits::Exports));
    ci.exports.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      CoreInstance::InlineExport x;
      WCOMP_ASSIGN(x.name, r.readName());
      uint64_t sat = r.offset();
      WCOMP_ASSIGN(x.sort, r.readU8());
      if (x.sort > coresort::Tag && (x.sort < coresort::Type || x.sort > coresort::Instance))
        return makeError(sat, "invalid leading byte (0x" + llvm::Twine::utohexstr(x.sort) +
                                  ") for core sort");
      WCOMP_ASSIGN(x.index, r.readU32());
      ci.exports.push_back(x);
    }
    return llvm::Error::success();
  }
  return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(ci.kind) +
                           ") for core instance");
}

llvm::Error readInstance(BinaryReader &r, Instance &in) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(in.kind, r.readU8());
  if (in.kind == 0x00) {
    WCOMP_ASSIGN(in.component, r.readU32());
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("instantiation arguments", limits::InstantiateArgs));
    in.args.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      Instance::Arg a;
      WCOMP_ASSIGN(a.name, r.readName());
      WCOMP_ASSIGN(a.item.sort, readSort(r));
      WCOMP_ASSIGN(a.item.index, r.readU32());
      in.args.push_back(a);
    }
    return llvm::Error::success();
  }
  if (in.kind == 0x01) {
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("instance exports", limits::Exports));
    in.exports.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      Instance::InlineExport x;
      WCOMP_ASSIGN(x.name, readExternName(r));
      WCOMP_ASSIGN(x.item.sort, readSort(r));
      WCOMP_ASSIGN(x.item.index, r.readU32());
      in.exports.push_back(std::move(x));
    }
    return llvm::Error::success();
  }
  return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(in.kind) +
                           ") for instance");
}

template <typename T, typename F>
llvm::Error readItems(const Payload &p, llvm::StringRef what, std::vector<T> &out, F &&read,
                      std::vector<uint64_t> *offsets) {
  return readVecSection(p.reader(), what, limits::ComponentItems,
                        [&](BinaryReader &r, uint32_t i, uint32_t n) -> llvm::Error {
                          if (i == 0)
                            out.reserve(n);
                          out.emplace_back();
                          return read(r, out.back());
                        }, offsets);
}

llvm::Error readSection(const Payload &p, ComponentSection &s, const ReadOptions &opts,
                        unsigned depth) {
  std::vector<uint64_t> *offs = opts.recordOffsets ? &s.itemOffsets : nullptr;
  switch (p.id) {
  case compsec::Custom:
    s.custom = {p.customName, p.data};
    return llvm::Error::success();
  case compsec::CoreModule: {
    s.nestedBytes = p.data;
    auto m = readModule(p.data, p.dataOffset, opts);
    if (!m)
      return m.takeError();
    s.module = std::make_unique<Module>(std::move(*m));
    return llvm::Error::success();
  }
  case compsec::Component: {
    s.nestedBytes = p.data;
    if (depth + 1 > limits::NestingDepth)
      return makeError(p.startOffset, "nesting too deep: more than " +
                                          llvm::Twine(limits::NestingDepth) +
                                          " nested components");
    auto c = readComponent(p.data, p.dataOffset, opts, depth + 1);
    if (!c)
      return c.takeError();
    s.component = std::make_unique<Component>(std::move(*c));
    return llvm::Error::success();
  }
  case compsec::CoreInstance:
    return readItems(p, "core instances", s.coreInstances, readCoreInstance, offs);
  case compsec::CoreType:
    return readItems(p, "core types", s.coreTypes, [&](BinaryReader &r, CoreTypeDef &t) {
      return readCoreTypeDef(r, t, depth);
    }, offs);
  case compsec::Instance:
    return readItems(p, "instances", s.instances, readInstance, offs);
  case compsec::Alias:
    return readItems(p, "aliases", s.aliases, readAlias, offs);
  case compsec::Type:
    return readItems(p, "types", s.types, [&](BinaryReader &r, TypeDef &t) {
      return readTypeDef(r, t, depth);
    }, offs);
  case compsec::Canon:
    return readItems(p, "canonical functions", s.canons, readCanon, offs);
  case compsec::Start: {
    BinaryReader r = p.reader();
    ComponentStart st;
    WCOMP_ASSIGN(st.func, r.readU32());
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("start arguments", limits::FunctionParams));
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t v;
      WCOMP_ASSIGN(v, r.readU32());
      st.args.push_back(v);
    }
    WCOMP_ASSIGN(st.results, r.readU32());
    if (!r.eof())
      return r.error("section size mismatch: unexpected data at the end of the section");
    s.start = std::move(st);
    return llvm::Error::success();
  }
  case compsec::Import:
    return readItems(p, "imports", s.imports, [](BinaryReader &r, ComponentImport &imp) -> llvm::Error {
      WCOMP_ASSIGN(imp.name, readExternName(r));
      WCOMP_ASSIGN(imp.desc, readExternDesc(r));
      return llvm::Error::success();
    }, offs);
  case compsec::Export:
    return readItems(p, "exports", s.exports, [](BinaryReader &r, ComponentExport &x) -> llvm::Error {
      WCOMP_ASSIGN(x.name, readExternName(r));
      WCOMP_ASSIGN(x.item.sort, readSort(r));
      WCOMP_ASSIGN(x.item.index, r.readU32());
      uint64_t at = r.offset();
      uint8_t b;
      WCOMP_ASSIGN(b, r.readU8());
      if (b == 0x01) {
        ExternDesc d;
        WCOMP_ASSIGN(d, readExternDesc(r));
        x.desc = d;
      } else if (b != 0x00) {
        return makeError(at, "invalid optional byte 0x" + llvm::Twine::utohexstr(b));
      }
      return llvm::Error::success();
    }, offs);
  case compsec::Value:
    return readItems(p, "values", s.values, [](BinaryReader &r, ComponentValue &v) -> llvm::Error {
      WCOMP_ASSIGN(v.type, readCValType(r));
      WCOMP_ASSIGN(v.bytes, r.readByteVec());
      return llvm::Error::success();
    }, offs);
  }
  return makeError(p.startOffset, "malformed section id: " + llvm::Twine(unsigned(p.id)));
}

} // namespace

llvm::Expected<Component> readComponent(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                                        const ReadOptions &opts, unsigned depth) {
  Component c;
  Parser parser(bytes, base);
  Payload p;
  for (;;) {
    bool more;
    WCOMP_ASSIGN(more, parser.next(p));
    if (!more)
      break;
    if (p.kind == Payload::ModuleHeader && p.depth == 0)
      return makeError(p.startOffset, "expected a component, found a core module");
    if (p.kind != Payload::Section)
      continue;
    // Nested modules and components are read recursively by readSection.
    if (p.id == compsec::CoreModule || p.id == compsec::Component)
      parser.skipNested();
    c.sections.emplace_back();
    ComponentSection &s = c.sections.back();
    s.id = p.id;
    s.offset = p.startOffset;
    if (llvm::Error err = readSection(p, s, opts, depth))
      return err;
  }
  return c;
}

} // namespace wcomp::binary
