#include "binary/component.h"

#include "binary/limits.h"

namespace wcomp::binary {

llvm::StringRef primValTypeName(uint8_t code) {
  switch (code) {
  case 0x7f: return "bool";
  case 0x7e: return "s8";
  case 0x7d: return "u8";
  case 0x7c: return "s16";
  case 0x7b: return "u16";
  case 0x7a: return "s32";
  case 0x79: return "u32";
  case 0x78: return "s64";
  case 0x77: return "u64";
  case 0x76: return "f32";
  case 0x75: return "f64";
  case 0x74: return "char";
  case 0x73: return "string";
  case 0x64: return "error-context";
  default: return "";
  }
}

llvm::StringRef sortName(Sort s) {
  switch (s.kind) {
  case sortkind::Core:
    switch (s.core) {
    case coresort::Func: return "core func";
    case coresort::Table: return "core table";
    case coresort::Memory: return "core memory";
    case coresort::Global: return "core global";
    case coresort::Tag: return "core tag";
    case coresort::Type: return "core type";
    case coresort::Module: return "core module";
    case coresort::Instance: return "core instance";
    }
    return "core ?";
  case sortkind::Func: return "func";
  case sortkind::Value: return "value";
  case sortkind::Type: return "type";
  case sortkind::Component: return "component";
  case sortkind::Instance: return "instance";
  }
  return "?";
}

namespace {
llvm::Error tooDeep(const BinaryReader &r) {
  return r.error("type nesting too deep: more than " + llvm::Twine(limits::NestingDepth) +
                 " levels");
}

/// Reads `<T>?`: 0x00 (absent) or 0x01 followed by T.
template <typename T, typename F>
llvm::Error readOptional(BinaryReader &r, std::optional<T> &out, F &&read) {
  uint64_t at = r.offset();
  uint8_t b;
  WCOMP_ASSIGN(b, r.readU8());
  if (b == 0)
    return llvm::Error::success();
  if (b != 1)
    return makeError(at, "invalid optional byte 0x" + llvm::Twine::utohexstr(b));
  T v;
  WCOMP_ASSIGN(v, read(r));
  out = std::move(v);
  return llvm::Error::success();
}

template <typename T, typename F>
void writeOptional(Encoder &e, const std::optional<T> &v, F &&write) {
  if (!v) {
    e.u8(0);
    return;
  }
  e.u8(1);
  write(e, *v);
}

llvm::Expected<std::optional<CValType>> readOptValType(BinaryReader &r) {
  std::optional<CValType> out;
  WCOMP_CHECK(readOptional(r, out, readCValType));
  return out;
}

llvm::Error readLabeled(BinaryReader &r, std::vector<LabeledType> &out, llvm::StringRef what,
                        uint32_t max) {
  return r.readVector(what, max, out, [&](LabeledType &l) -> llvm::Error {
    WCOMP_ASSIGN(l.label, r.readName());
    WCOMP_ASSIGN(l.type, readCValType(r));
    return llvm::Error::success();
  });
}

void writeLabeled(Encoder &e, const std::vector<LabeledType> &v) {
  e.vec(v, [&](const LabeledType &l) {
    e.name(l.label);
    writeCValType(e, l.type);
  });
}

llvm::Error readDefinedType(BinaryReader &r, DefinedType &d) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(d.kind, r.readU8());
  if (!primValTypeName(d.kind).empty())
    return llvm::Error::success();
  switch (d.kind) {
  case dvt::Record:
    return readLabeled(r, d.fields, "record fields", limits::RecordFields);
  case dvt::Variant:
    return r.readVector("variant cases", limits::VariantCases, d.cases,
                        [&](VariantCase &c) -> llvm::Error {
      WCOMP_ASSIGN(c.label, r.readName());
      WCOMP_ASSIGN(c.type, readOptValType(r));
      return readOptional(r, c.refines, [](BinaryReader &r) { return r.readU32(); });
    });
  case dvt::List: case dvt::Option: {
    CValType t;
    WCOMP_ASSIGN(t, readCValType(r));
    d.first = t;
    return llvm::Error::success();
  }
  case dvt::FixedList: {
    CValType t;
    WCOMP_ASSIGN(t, readCValType(r));
    d.first = t;
    WCOMP_ASSIGN(d.index, r.readU32());
    return llvm::Error::success();
  }
  case dvt::Tuple:
    return r.readVector("tuple types", limits::TupleTypes, d.types, [&](CValType &t) -> llvm::Error {
      WCOMP_ASSIGN(t, readCValType(r));
      return llvm::Error::success();
    });
  case dvt::Flags: case dvt::Enum:
    return r.readVector(d.kind == dvt::Flags ? "flags" : "enum cases", limits::Flags, d.labels,
                        [&](llvm::StringRef &label) -> llvm::Error {
      WCOMP_ASSIGN(label, r.readName());
      return llvm::Error::success();
    });
  case dvt::Result:
    WCOMP_ASSIGN(d.first, readOptValType(r));
    WCOMP_ASSIGN(d.second, readOptValType(r));
    return llvm::Error::success();
  case dvt::Map: {
    CValType k, v;
    WCOMP_ASSIGN(k, readCValType(r));
    WCOMP_ASSIGN(v, readCValType(r));
    d.first = k;
    d.second = v;
    return llvm::Error::success();
  }
  case dvt::Own: case dvt::Borrow:
    WCOMP_ASSIGN(d.index, r.readU32());
    return llvm::Error::success();
  case dvt::Stream: case dvt::Future:
    WCOMP_ASSIGN(d.first, readOptValType(r));
    return llvm::Error::success();
  }
  return invalidLeadingByte(at, d.kind, "component defined type");
}

void writeDefinedType(Encoder &e, const DefinedType &d) {
  e.u8(d.kind);
  switch (d.kind) {
  case dvt::Record: writeLabeled(e, d.fields); break;
  case dvt::Variant:
    e.u32(uint32_t(d.cases.size()));
    for (const VariantCase &c : d.cases) {
      e.name(c.label);
      writeOptional(e, c.type, writeCValType);
      writeOptional(e, c.refines, [](Encoder &e, uint32_t v) { e.u32(v); });
    }
    break;
  case dvt::List: case dvt::Option: writeCValType(e, *d.first); break;
  case dvt::FixedList:
    writeCValType(e, *d.first);
    e.u32(d.index);
    break;
  case dvt::Tuple:
    e.vec(d.types, [&](const CValType &t) { writeCValType(e, t); });
    break;
  case dvt::Flags: case dvt::Enum:
    e.vec(d.labels, [&](llvm::StringRef s) { e.name(s); });
    break;
  case dvt::Result:
    writeOptional(e, d.first, writeCValType);
    writeOptional(e, d.second, writeCValType);
    break;
  case dvt::Map:
    writeCValType(e, *d.first);
    writeCValType(e, *d.second);
    break;
  case dvt::Own: case dvt::Borrow: e.u32(d.index); break;
  case dvt::Stream: case dvt::Future: writeOptional(e, d.first, writeCValType); break;
  default: break; // primitive
  }
}

llvm::Error readDecls(BinaryReader &r, std::vector<TypeDecl> &decls, bool component,
                      unsigned depth) {
  const char *what = component ? "component type declaration" : "instance type declaration";
  return r.readVector(component ? "component type declarations" : "instance type declarations",
                      limits::TypeDeclarations, decls, [&](TypeDecl &d) -> llvm::Error {
    uint64_t at = r.offset();
    WCOMP_ASSIGN(d.kind, r.readU8());
    switch (d.kind) {
    case declkind::CoreType:
      d.coreType = std::make_unique<CoreTypeDef>();
      return readCoreTypeDef(r, *d.coreType, depth + 1);
    case declkind::Type:
      d.type = std::make_unique<TypeDef>();
      return readTypeDef(r, *d.type, depth + 1);
    case declkind::Alias:
      return readAlias(r, d.alias);
    case declkind::Import:
      if (!component) // instance types export only
        return invalidLeadingByte(at, d.kind, what);
      [[fallthrough]];
    case declkind::Export:
      WCOMP_ASSIGN(d.name, readExternName(r));
      WCOMP_ASSIGN(d.desc, readExternDesc(r));
      return llvm::Error::success();
    default:
      return invalidLeadingByte(at, d.kind, what);
    }
  });
}

void writeDecls(Encoder &e, const std::vector<TypeDecl> &decls) {
  e.u32(uint32_t(decls.size()));
  for (const TypeDecl &d : decls) {
    e.u8(d.kind);
    switch (d.kind) {
    case 0x00: writeCoreTypeDef(e, *d.coreType); break;
    case 0x01: writeTypeDef(e, *d.type); break;
    case 0x02: writeAlias(e, d.alias); break;
    case 0x03: case 0x04:
      writeExternName(e, d.name);
      writeExternDesc(e, d.desc);
      break;
    }
  }
}
} // namespace

llvm::Expected<CValType> readCValType(BinaryReader &r) {
  uint64_t at = r.offset();
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (!primValTypeName(b).empty()) {
    WCOMP_CHECK(r.skip(1));
    return CValType::prim(b);
  }
  int64_t v;
  WCOMP_ASSIGN(v, r.readS33());
  if (v < 0 || v > int64_t(UINT32_MAX))
    return makeError(at, "invalid value type");
  return CValType::type(uint32_t(v));
}

void writeCValType(Encoder &e, const CValType &t) {
  if (t.primitive)
    e.u8(t.code);
  else
    e.s33(int64_t(t.index)); // indices share the s33 space with the type codes
}

llvm::Expected<ExternName> readExternName(BinaryReader &r) {
  ExternName n;
  uint64_t at = r.offset();
  WCOMP_ASSIGN(n.form, r.readU8());
  if (n.form > 0x02)
    return invalidLeadingByte(at, n.form, "component external name");
  WCOMP_ASSIGN(n.name, r.readName());
  if (n.form == 0x02) {
    WCOMP_CHECK(r.readVector("name attributes", 16, n.options,
                             [&](ExternName::Option &o) -> llvm::Error {
      uint64_t oat = r.offset();
      WCOMP_ASSIGN(o.kind, r.readU8());
      if (o.kind > nameopt::ExternalId)
        return invalidLeadingByte(oat, o.kind, "name attribute");
      WCOMP_ASSIGN(o.value, r.readName());
      static const char *kinds[] = {"implements", "version-suffix", "external-id"};
      for (const ExternName::Option &prior : llvm::ArrayRef(n.options).drop_back())
        if (prior.kind == o.kind)
          return makeError(oat, llvm::Twine("duplicate '") + kinds[o.kind] + "' option in name");
      return llvm::Error::success();
    }));
  }
  return n;
}

void writeExternName(Encoder &e, const ExternName &n) {
  e.u8(n.form);
  e.name(n.name);
  if (n.form == 0x02) {
    e.u32(uint32_t(n.options.size()));
    for (const auto &o : n.options) {
      e.u8(o.kind);
      e.name(o.value);
    }
  }
}

llvm::Expected<Sort> readSort(BinaryReader &r) {
  Sort s;
  uint64_t at = r.offset();
  WCOMP_ASSIGN(s.kind, r.readU8());
  if (s.kind == sortkind::Core) {
    at = r.offset();
    WCOMP_ASSIGN(s.core, r.readU8());
    if (s.core > coresort::Tag && (s.core < coresort::Type || s.core > coresort::Instance))
      return invalidLeadingByte(at, s.core, "core sort");
    return s;
  }
  if (s.kind > sortkind::Instance)
    return invalidLeadingByte(at, s.kind, "sort");
  return s;
}

void writeSort(Encoder &e, const Sort &s) {
  e.u8(s.kind);
  if (s.kind == sortkind::Core)
    e.u8(s.core);
}

llvm::Expected<ExternDesc> readExternDesc(BinaryReader &r) {
  ExternDesc d;
  uint64_t at = r.offset();
  WCOMP_ASSIGN(d.kind, r.readU8());
  switch (d.kind) {
  case 0x00: {
    uint64_t bat = r.offset();
    uint8_t b;
    WCOMP_ASSIGN(b, r.readU8());
    if (b != coresort::Module)
      return invalidLeadingByte(bat, b, "core module extern");
    WCOMP_ASSIGN(d.index, r.readU32());
    return d;
  }
  case 0x01: case 0x04: case 0x05:
    WCOMP_ASSIGN(d.index, r.readU32());
    return d;
  case 0x02:
    at = r.offset();
    WCOMP_ASSIGN(d.bound, r.readU8());
    if (d.bound == 0x00)
      WCOMP_ASSIGN(d.index, r.readU32());
    else if (d.bound == 0x01)
      WCOMP_ASSIGN(d.valtype, readCValType(r));
    else
      return makeError(at, "invalid value bound");
    return d;
  case 0x03:
    at = r.offset();
    WCOMP_ASSIGN(d.bound, r.readU8());
    if (d.bound == 0x00)
      WCOMP_ASSIGN(d.index, r.readU32());
    else if (d.bound != 0x01)
      return makeError(at, "invalid type bound 0x" + llvm::Twine::utohexstr(d.bound));
    return d;
  }
  return invalidLeadingByte(at, d.kind, "external kind");
}

void writeExternDesc(Encoder &e, const ExternDesc &d) {
  e.u8(d.kind);
  switch (d.kind) {
  case 0x00:
    e.u8(coresort::Module);
    e.u32(d.index);
    break;
  case 0x01: case 0x04: case 0x05: e.u32(d.index); break;
  case 0x02:
    e.u8(d.bound);
    if (d.bound == 0x00)
      e.u32(d.index);
    else
      writeCValType(e, d.valtype);
    break;
  case 0x03:
    e.u8(d.bound);
    if (d.bound == 0x00)
      e.u32(d.index);
    break;
  }
}

llvm::Error readAlias(BinaryReader &r, Alias &a) {
  WCOMP_ASSIGN(a.sort, readSort(r));
  uint64_t at = r.offset();
  WCOMP_ASSIGN(a.target, r.readU8());
  switch (a.target) {
  case aliastarget::Export: case aliastarget::CoreExport:
    WCOMP_ASSIGN(a.instance, r.readU32());
    WCOMP_ASSIGN(a.name, r.readName());
    return llvm::Error::success();
  case aliastarget::Outer:
    if (!(a.sort.kind == sortkind::Type || a.sort.kind == sortkind::Component ||
          (a.sort.kind == sortkind::Core &&
           (a.sort.core == coresort::Module || a.sort.core == coresort::Type))))
      return invalidLeadingByte(at - 1, a.sort.kind == sortkind::Core ? a.sort.core : a.sort.kind,
                                "component outer alias kind");
    WCOMP_ASSIGN(a.instance, r.readU32());
    WCOMP_ASSIGN(a.index, r.readU32());
    return llvm::Error::success();
  }
  return invalidLeadingByte(at, a.target, "alias target");
}

void writeAlias(Encoder &e, const Alias &a) {
  writeSort(e, a.sort);
  e.u8(a.target);
  e.u32(a.instance);
  if (a.target == aliastarget::Outer)
    e.u32(a.index);
  else
    e.name(a.name);
}

llvm::Error readResultList(BinaryReader &r, FuncType &f) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(f.resultForm, r.readU8());
  if (f.resultForm == 0x00) {
    CValType t;
    WCOMP_ASSIGN(t, readCValType(r));
    f.result = t;
    return llvm::Error::success();
  }
  if (f.resultForm == 0x01) {
    uint64_t zat = r.offset();
    uint8_t zero;
    WCOMP_ASSIGN(zero, r.readU8());
    if (zero != 0x00)
      return invalidLeadingByte(zat, zero, "number of results");
    return llvm::Error::success();
  }
  return invalidLeadingByte(at, f.resultForm, "component function results");
}

void writeResultList(Encoder &e, const FuncType &f) {
  e.u8(f.resultForm);
  if (f.resultForm == 0x00)
    writeCValType(e, *f.result);
  else
    e.u8(0x00);
}

llvm::Error readTypeDef(BinaryReader &r, TypeDef &t, unsigned depth) {
  if (depth > limits::NestingDepth)
    return tooDeep(r);
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  switch (b) {
  case 0x40: case 0x43:
    WCOMP_CHECK(r.skip(1));
    t.kind = b;
    t.func.async = b == 0x43;
    WCOMP_CHECK(readLabeled(r, t.func.params, "function params", limits::FunctionParams));
    return readResultList(r, t.func);
  case 0x41: case 0x42:
    WCOMP_CHECK(r.skip(1));
    t.kind = b;
    return readDecls(r, t.decls, b == 0x41, depth);
  case 0x3f: case 0x3e: {
    WCOMP_CHECK(r.skip(1));
    t.kind = b;
    t.resource.kind = b;
    uint64_t at = r.offset();
    WCOMP_ASSIGN(t.resource.rep, r.readU8());
    if (t.resource.rep != 0x7f)
      return makeError(at, "resource representation must be i32");
    auto u32 = [](BinaryReader &r) { return r.readU32(); };
    if (b == 0x3e) {
      uint32_t dtor;
      WCOMP_ASSIGN(dtor, r.readU32());
      t.resource.dtor = dtor;
      return readOptional(r, t.resource.callback, u32);
    }
    return readOptional(r, t.resource.dtor, u32);
  }
  default:
    t.kind = 0;
    return readDefinedType(r, t.defined);
  }
}

void writeTypeDef(Encoder &e, const TypeDef &t) {
  auto u32 = [](Encoder &e, uint32_t v) { e.u32(v); };
  switch (t.kind) {
  case 0x40: case 0x43:
    e.u8(t.kind);
    writeLabeled(e, t.func.params);
    writeResultList(e, t.func);
    return;
  case 0x41: case 0x42:
    e.u8(t.kind);
    writeDecls(e, t.decls);
    return;
  case 0x3f: case 0x3e:
    e.u8(t.kind);
    e.u8(t.resource.rep);
    if (t.kind == 0x3e) {
      e.u32(t.resource.dtor.value_or(0));
      writeOptional(e, t.resource.callback, u32);
    } else {
      writeOptional(e, t.resource.dtor, u32);
    }
    return;
  default:
    writeDefinedType(e, t.defined);
  }
}

llvm::Error readCoreTypeDef(BinaryReader &r, CoreTypeDef &t, unsigned depth) {
  if (depth > limits::NestingDepth)
    return tooDeep(r);
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b != 0x50) {
    // 0x50 means a module type here, so a non-final core subtype is written
    // with a 0x00 prefix (`0x00 0x50 ...`).
    if (b == 0x00) {
      WCOMP_CHECK(r.skip(1));
      t.zeroPrefix = true;
    }
    WCOMP_ASSIGN(t.rec, readRecGroup(r));
    return llvm::Error::success();
  }
  WCOMP_CHECK(r.skip(1));
  t.isModule = true;
  return r.readVector("module type declarations", limits::TypeDeclarations, t.decls,
                      [&](ModuleTypeDecl &d) -> llvm::Error {
    uint64_t at = r.offset();
    WCOMP_ASSIGN(d.kind, r.readU8());
    switch (d.kind) {
    case moduledecl::Import:
      return readImport(r, d.import);
    case moduledecl::Type:
      // A core rec group, read as in a module (0x50 is `sub` here).
      d.type = std::make_unique<CoreTypeDef>();
      WCOMP_ASSIGN(d.type->rec, readRecGroup(r));
      return llvm::Error::success();
    case moduledecl::Alias: {
      uint64_t sat = r.offset();
      WCOMP_ASSIGN(d.aliasSort, r.readU8());
      if (d.aliasSort != coresort::Type)
        return invalidLeadingByte(sat, d.aliasSort, "outer alias kind");
      uint64_t tat = r.offset();
      uint8_t target;
      WCOMP_ASSIGN(target, r.readU8());
      if (target != 0x01) // core:aliastarget ::= 0x01 ct idx (outer), the only one here
        return invalidLeadingByte(tat, target, "core alias target");
      WCOMP_ASSIGN(d.aliasCount, r.readU32());
      WCOMP_ASSIGN(d.aliasIndex, r.readU32());
      return llvm::Error::success();
    }
    case moduledecl::Export:
      WCOMP_ASSIGN(d.import.name, r.readName());
      return readImportDesc(r, d.import);
    default:
      return invalidLeadingByte(at, d.kind, "module type declaration");
    }
  });
}

void writeCoreTypeDef(Encoder &e, const CoreTypeDef &t) {
  if (!t.isModule) {
    if (t.zeroPrefix)
      e.u8(0x00);
    writeRecGroup(e, t.rec);
    return;
  }
  e.u8(0x50);
  e.u32(uint32_t(t.decls.size()));
  for (const ModuleTypeDecl &d : t.decls) {
    e.u8(d.kind);
    switch (d.kind) {
    case 0x00: writeImport(e, d.import); break;
    case 0x01: writeCoreTypeDef(e, *d.type); break;
    case 0x02:
      e.u8(d.aliasSort);
      e.u8(0x01);
      e.u32(d.aliasCount);
      e.u32(d.aliasIndex);
      break;
    case 0x03:
      e.name(d.import.name);
      writeImportDesc(e, d.import);
      break;
    }
  }
}

} // namespace wcomp::binary
