#include "binary/component_builder.h"
#include "binary/parser.h"

namespace wcomp::binary {

namespace {

void writeCanonOpts(Encoder &e, const std::vector<CanonOpt> &opts) {
  e.vec(opts, [&](const CanonOpt &o) {
    e.u8(o.kind);
    switch (o.kind) {
    case canonopt::Memory: case canonopt::Realloc: case canonopt::PostReturn:
    case canonopt::Callback: case canonopt::CoreType:
      e.u32(o.index);
      break;
    default: break;
    }
  });
}

} // namespace

void writeCanon(Encoder &e, const Canon &c) {
  e.u8(c.opcode);
  switch (canonInfo(c.opcode).shape) {
  case CanonShape::Lift: case CanonShape::Lower:
    e.u8(c.sub);
    e.u32(c.func);
    writeCanonOpts(e, c.opts);
    if (canonInfo(c.opcode).shape == CanonShape::Lift)
      e.u32(c.type);
    break;
  case CanonShape::None: case CanonShape::Unknown: break;
  case CanonShape::Type: case CanonShape::CoreType: e.u32(c.type); break;
  case CanonShape::Flag: e.u8(c.flag); break;
  case CanonShape::TypeOpts:
    e.u32(c.type);
    writeCanonOpts(e, c.opts);
    break;
  case CanonShape::TypeFlag:
    e.u32(c.type);
    e.u8(c.flag);
    break;
  case CanonShape::Opts: writeCanonOpts(e, c.opts); break;
  case CanonShape::ResultsOpts:
    writeResultList(e, c.results);
    writeCanonOpts(e, c.opts);
    break;
  case CanonShape::ContextSlot:
    writeValType(e, c.coreType);
    e.u32(c.type);
    break;
  case CanonShape::FlagIndex:
    e.u8(c.flag);
    e.u32(c.type);
    break;
  case CanonShape::TypeIndex:
    e.u32(c.type);
    e.u32(c.table);
    break;
  }
}

void writeCoreInstance(Encoder &e, const CoreInstance &ci) {
  e.u8(ci.kind);
  if (ci.kind == instancekind::Instantiate) {
    e.u32(ci.module);
    e.vec(ci.args, [&](const CoreInstance::Arg &a) {
      e.name(a.name);
      e.u8(a.kind);
      e.u32(a.index);
    });
    return;
  }
  e.vec(ci.exports, [&](const CoreInstance::InlineExport &x) {
    e.name(x.name);
    e.u8(x.sort);
    e.u32(x.index);
  });
}

void writeInstance(Encoder &e, const Instance &in) {
  e.u8(in.kind);
  if (in.kind == instancekind::Instantiate) {
    e.u32(in.component);
    e.vec(in.args, [&](const Instance::Arg &a) {
      e.name(a.name);
      writeSort(e, a.item.sort);
      e.u32(a.item.index);
    });
    return;
  }
  e.vec(in.exports, [&](const Instance::InlineExport &x) {
    writeExternName(e, x.name);
    writeSort(e, x.item.sort);
    e.u32(x.item.index);
  });
}

namespace {

template <typename T, typename F> void vec(Encoder &e, const std::vector<T> &items, F &&f) {
  e.u32(uint32_t(items.size()));
  for (const T &item : items)
    f(e, item);
}

} // namespace

void writeComponent(Encoder &e, const Component &c) {
  e.raw(ComponentPreamble);
  for (const ComponentSection &s : c.sections) {
    Encoder b;
    switch (s.id) {
    case compsec::Custom:
      b.name(s.custom.name);
      b.raw(s.custom.data);
      break;
    case compsec::CoreModule:
      // A module that was never decoded (built as bytes) is copied as is.
      if (s.module)
        writeModule(b, *s.module);
      else
        b.raw(s.nestedBytes);
      break;
    case compsec::Component:
      if (s.component)
        writeComponent(b, *s.component);
      else
        b.raw(s.nestedBytes);
      break;
    case compsec::CoreInstance: vec(b, s.coreInstances, writeCoreInstance); break;
    case compsec::CoreType: vec(b, s.coreTypes, writeCoreTypeDef); break;
    case compsec::Instance: vec(b, s.instances, writeInstance); break;
    case compsec::Alias: vec(b, s.aliases, writeAlias); break;
    case compsec::Type: vec(b, s.types, writeTypeDef); break;
    case compsec::Canon: vec(b, s.canons, writeCanon); break;
    case compsec::Start:
      b.u32(s.start->func);
      b.u32(uint32_t(s.start->args.size()));
      for (uint32_t a : s.start->args)
        b.u32(a);
      b.u32(s.start->results);
      break;
    case compsec::Import:
      vec(b, s.imports, [](Encoder &e, const ComponentImport &imp) {
        writeExternName(e, imp.name);
        writeExternDesc(e, imp.desc);
      });
      break;
    case compsec::Export:
      vec(b, s.exports, [](Encoder &e, const ComponentExport &x) {
        writeExternName(e, x.name);
        writeSort(e, x.item.sort);
        e.u32(x.item.index);
        if (x.desc) {
          e.u8(0x01);
          writeExternDesc(e, *x.desc);
        } else {
          e.u8(0x00);
        }
      });
      break;
    case compsec::Value:
      vec(b, s.values, [](Encoder &e, const ComponentValue &v) {
        writeCValType(e, v.type);
        e.byteVec(v.bytes);
      });
      break;
    }
    e.section(s.id, b);
  }
}

} // namespace wcomp::binary
