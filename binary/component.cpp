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
  return r.readVector("canonical options", limits::CanonOptions, opts,
                      [&](CanonOpt &o) -> llvm::Error {
    uint64_t at = r.offset();
    WCOMP_ASSIGN(o.kind, r.readU8());
    switch (o.kind) {
    case canonopt::Utf8: case canonopt::Utf16: case canonopt::CompactUtf16: case canonopt::Async:
    case canonopt::Gc:
      return llvm::Error::success();
    case canonopt::Memory: case canonopt::Realloc: case canonopt::PostReturn:
    case canonopt::Callback: case canonopt::CoreType:
      WCOMP_ASSIGN(o.index, r.readU32());
      return llvm::Error::success();
    default:
      return invalidLeadingByte(at, o.kind, "canonical option");
    }
  });
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
      return invalidLeadingByte(sat, c.sub,
                                llvm::Twine("canonical function ") +
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
    WCOMP_ASSIGN(c.table, r.readU32());
    return llvm::Error::success();
  case CanonShape::CoreType:
    WCOMP_ASSIGN(c.type, r.readU32());
    return llvm::Error::success();
  case CanonShape::Unknown:
    break;
  }
  return invalidLeadingByte(at, c.opcode, "canonical function");
}

llvm::Error readCoreInstance(BinaryReader &r, CoreInstance &ci) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(ci.kind, r.readU8());
  if (ci.kind == instancekind::Instantiate) {
    WCOMP_ASSIGN(ci.module, r.readU32());
    return r.readVector("core instantiation arguments", limits::InstantiateArgs, ci.args,
                        [&](CoreInstance::Arg &a) -> llvm::Error {
      WCOMP_ASSIGN(a.name, r.readName());
      uint64_t kat = r.offset();
      WCOMP_ASSIGN(a.kind, r.readU8());
      if (a.kind != coresort::Instance)
        return invalidLeadingByte(kat, a.kind, "core instantiation argument kind");
      WCOMP_ASSIGN(a.index, r.readU32());
      return llvm::Error::success();
    });
  }
  if (ci.kind == instancekind::FromExports)
    return r.readVector("core instance exports", limits::Exports, ci.exports,
                        [&](CoreInstance::InlineExport &x) -> llvm::Error {
      WCOMP_ASSIGN(x.name, r.readName());
      uint64_t sat = r.offset();
      WCOMP_ASSIGN(x.sort, r.readU8());
      if (x.sort > coresort::Tag && (x.sort < coresort::Type || x.sort > coresort::Instance))
        return invalidLeadingByte(sat, x.sort, "core sort");
      WCOMP_ASSIGN(x.index, r.readU32());
      return llvm::Error::success();
    });
  return invalidLeadingByte(at, ci.kind, "core instance");
}

llvm::Error readInstance(BinaryReader &r, Instance &in) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(in.kind, r.readU8());
  if (in.kind == instancekind::Instantiate) {
    WCOMP_ASSIGN(in.component, r.readU32());
    return r.readVector("instantiation arguments", limits::InstantiateArgs, in.args,
                        [&](Instance::Arg &a) -> llvm::Error {
      WCOMP_ASSIGN(a.name, r.readName());
      WCOMP_ASSIGN(a.item.sort, readSort(r));
      WCOMP_ASSIGN(a.item.index, r.readU32());
      return llvm::Error::success();
    });
  }
  if (in.kind == instancekind::FromExports)
    return r.readVector("instance exports", limits::Exports, in.exports,
                        [&](Instance::InlineExport &x) -> llvm::Error {
      WCOMP_ASSIGN(x.name, readExternName(r));
      WCOMP_ASSIGN(x.item.sort, readSort(r));
      WCOMP_ASSIGN(x.item.index, r.readU32());
      return llvm::Error::success();
    });
  return invalidLeadingByte(at, in.kind, "instance");
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
    WCOMP_CHECK(r.readVector("start arguments", limits::FunctionParams, st.args,
                             [&](uint32_t &v) -> llvm::Error {
      WCOMP_ASSIGN(v, r.readU32());
      return llvm::Error::success();
    }));
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
