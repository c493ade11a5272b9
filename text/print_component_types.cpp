//===- text/print_component_types.cpp - Component printer: types, canon ----===//
#include "text/print_component.h"

namespace wcomp::text::detail {

using namespace binary;

void ComponentPrinter::valType(const CValType &t) {
  if (t.primitive) {
    llvm::StringRef n = primValTypeName(t.code);
    o += n.empty() ? llvm::StringRef("?") : n;
  } else {
    ref(CType, t.index);
  }
}

void ComponentPrinter::definedType(const DefinedType &d) {
  switch (d.kind) {
  case dvt::Record:
    start("record");
    for (const LabeledType &f : d.fields) {
      o += " (field ";
      str(f.label);
      o += ' ';
      valType(f.type);
      o += ')';
    }
    end();
    return;
  case dvt::Variant:
    start("variant");
    for (const VariantCase &c : d.cases) {
      o += " (case ";
      str(c.label);
      if (c.type) {
        o += ' ';
        valType(*c.type);
      }
      if (c.refines) {
        o += " (refines ";
        o += std::to_string(*c.refines);
        o += ')';
      }
      o += ')';
    }
    end();
    return;
  case dvt::List:
  case dvt::FixedList:
    start("list ");
    valType(*d.first);
    if (d.kind == dvt::FixedList) {
      o += ' ';
      o += std::to_string(d.index);
    }
    end();
    return;
  case dvt::Tuple:
    start("tuple");
    for (const CValType &t : d.types) {
      o += ' ';
      valType(t);
    }
    end();
    return;
  case dvt::Flags:
  case dvt::Enum:
    start(d.kind == dvt::Flags ? "flags" : "enum");
    for (llvm::StringRef l : d.labels) {
      o += ' ';
      str(l);
    }
    end();
    return;
  case dvt::Option:
    start("option ");
    valType(*d.first);
    end();
    return;
  case dvt::Result:
    start("result");
    if (d.first) {
      o += ' ';
      valType(*d.first);
    }
    if (d.second) {
      o += " (error ";
      valType(*d.second);
      o += ')';
    }
    end();
    return;
  case dvt::Own:
  case dvt::Borrow:
    start(d.kind == dvt::Own ? "own " : "borrow ");
    ref(CType, d.index);
    end();
    return;
  case dvt::Stream:
  case dvt::Future:
    start(d.kind == dvt::Stream ? "stream" : "future");
    if (d.first) {
      o += ' ';
      valType(*d.first);
    }
    end();
    return;
  case dvt::Map:
    start("map ");
    valType(*d.first);
    o += ' ';
    valType(*d.second);
    end();
    return;
  default:
    valType(CValType::prim(d.kind));
  }
}

void ComponentPrinter::funcType(const FuncType &f) {
  start(f.async ? "func async" : "func");
  for (const LabeledType &p : f.params) {
    o += " (param ";
    str(p.label);
    o += ' ';
    valType(p.type);
    o += ')';
  }
  if (f.resultForm == 0x00 && f.result) {
    o += " (result ";
    valType(*f.result);
    o += ')';
  }
  end();
}

void ComponentPrinter::typeDef(const TypeDef &t) {
  newline(itemOff);
  start("type");
  defName(CType);
  switch (t.kind) {
  case 0x41:
  case 0x42:
    decls(t.decls, t.kind == 0x41);
    break;
  case 0x40:
  case 0x43:
    o += ' ';
    funcType(t.func);
    break;
  case 0x3f:
  case 0x3e:
    o += " (resource (rep ";
    o += t.resource.rep == typecode::I64 ? "i64" : "i32";
    o += ')';
    if (t.resource.dtor) {
      o += " (dtor ";
      ref(CCoreFunc, *t.resource.dtor);
      o += ')';
    }
    if (t.resource.callback) {
      o += " (callback ";
      ref(CCoreFunc, *t.resource.callback);
      o += ')';
    }
    o += ')';
    break;
  default:
    o += ' ';
    definedType(t.defined);
  }
  end();
}

void ComponentPrinter::decls(const std::vector<TypeDecl> &ds, bool component) {
  pushScope("");
  newline(NoOffset);
  // Declarations inside a type have no offsets of their own.
  uint64_t saved = itemOff;
  itemOff = NoOffset;
  start(component ? "component" : "instance");
  for (const TypeDecl &d : ds) {
    switch (d.kind) {
    case 0x00: coreType(*d.coreType); break;
    case 0x01: typeDef(*d.type); break;
    case 0x02: alias(d.alias); break;
    case 0x03:
      newline(itemOff);
      start("import ");
      externName(d.name);
      o += ' ';
      externDesc(d.desc, true);
      end();
      break;
    default: {
      static const CSpace spaces[] = {CCoreModule, CFunc, CValue, CType, CComponent, CInstance};
      newline(itemOff);
      start("export");
      defName(spaces[d.desc.kind <= 0x05 ? d.desc.kind : 0x01]);
      o += ' ';
      externName(d.name);
      o += ' ';
      externDesc(d.desc, false);
      end();
    }
    }
  }
  end();
  itemOff = saved;
  popScope();
}

void ComponentPrinter::coreType(const CoreTypeDef &t) {
  newline(itemOff);
  ModulePrinter &core = *cur().core;
  if (!t.isModule) {
    bool rec = t.rec.explicitRec;
    if (rec)
      start("core rec");
    for (const SubType &st : t.rec.types) {
      if (rec)
        newline(itemOff);
      uint32_t idx = cur().count[CCoreType];
      start(rec ? "type" : "core type");
      defName(CCoreType);
      core.pushType(&st);
      o += ' ';
      core.printSubType(st, idx);
      o += core.text();
      core.text().clear();
      end();
    }
    if (rec)
      end();
    return;
  }
  start("core type");
  defName(CCoreType);
  core.pushType(nullptr);
  // A module type has a core type space of its own.
  Module empty;
  ModulePrinter inner(os, empty, opts, 0);
  inner.startTypeSpace();
  uint32_t innerTypes = 0;
  uint64_t saved = itemOff;
  itemOff = NoOffset;
  newline(itemOff);
  start("module");
  for (const ModuleTypeDecl &d : t.decls) {
    newline(itemOff);
    switch (d.kind) {
    case 0x01:
      for (const SubType &st : d.type->rec.types) {
        inner.pushType(&st);
        start("type");
        if (opts.nameUnnamed)
          o += " $#type" + std::to_string(innerTypes);
        o += " (;" + std::to_string(innerTypes) + ";) ";
        inner.printSubType(st, innerTypes++);
        o += inner.text();
        inner.text().clear();
        end();
      }
      break;
    case 0x02:
      start("alias outer ");
      o += std::to_string(d.aliasCount) + ' ';
      if (opts.nameUnnamed)
        o += "$#type";
      o += std::to_string(d.aliasIndex);
      o += " (type ";
      if (opts.nameUnnamed)
        o += "$#type" + std::to_string(innerTypes) + ' ';
      o += "(;" + std::to_string(innerTypes++) + ";))";
      inner.pushType(nullptr);
      end();
      break;
    default:
      start(d.kind == 0x00 ? "import " : "export ");
      if (d.kind == 0x00) {
        str(d.import.module);
        o += ' ';
      }
      str(d.import.name);
      inner.printImportDesc(d.import);
      o += inner.text();
      o += ')';
      inner.text().clear();
      end();
    }
  }
  end();
  itemOff = saved;
  end();
}

void ComponentPrinter::canonOpts(const std::vector<CanonOpt> &opts) {
  for (const CanonOpt &c : opts) {
    o += ' ';
    switch (c.kind) {
    case 0x00: o += "string-encoding=utf8"; break;
    case 0x01: o += "string-encoding=utf16"; break;
    case 0x02: o += "string-encoding=latin1+utf16"; break;
    case 0x03: o += "(memory "; ref(CCoreMemory, c.index); o += ')'; break;
    case 0x04: o += "(realloc "; ref(CCoreFunc, c.index); o += ')'; break;
    case 0x05: o += "(post-return "; ref(CCoreFunc, c.index); o += ')'; break;
    case 0x06: o += "async"; break;
    case 0x07: o += "(callback "; ref(CCoreFunc, c.index); o += ')'; break;
    case 0x08: o += "(core-type "; ref(CCoreType, c.index); o += ')'; break;
    case 0x09: o += "gc"; break;
    }
  }
}

void ComponentPrinter::canon(const Canon &c) {
  newline(itemOff);
  CanonInfo info = canonInfo(c.opcode);
  if (info.shape == CanonShape::Lift) {
    start("func");
    defName(CFunc);
    o += " (type ";
    ref(CType, c.type);
    o += ") ";
    start("canon lift (core func ");
    ref(CCoreFunc, c.func);
    o += ')';
    canonOpts(c.opts);
    end();
    end();
    return;
  }
  start("core func");
  defName(CCoreFunc);
  o += ' ';
  start(std::string("canon ") + info.name);
  // The flag byte reads `async` on cancel operations, `cancellable` on waits.
  llvm::StringRef flagWord = (c.opcode == 0x06 || info.shape == CanonShape::TypeFlag)
                                 ? " async" : " cancellable";
  switch (info.shape) {
  case CanonShape::Lower:
    o += " (func ";
    ref(CFunc, c.func);
    o += ')';
    canonOpts(c.opts);
    break;
  case CanonShape::Type:
  case CanonShape::TypeOpts:
  case CanonShape::TypeFlag:
    o += ' ';
    ref(CType, c.type);
    if (info.shape == CanonShape::TypeOpts)
      canonOpts(c.opts);
    if (info.shape == CanonShape::TypeFlag && c.flag)
      o += flagWord;
    break;
  case CanonShape::Flag:
    if (c.flag)
      o += flagWord;
    break;
  case CanonShape::Opts: canonOpts(c.opts); break;
  case CanonShape::ResultsOpts:
    if (c.results.resultForm == 0x00 && c.results.result) {
      o += " (result ";
      valType(*c.results.result);
      o += ')';
    }
    canonOpts(c.opts);
    break;
  case CanonShape::ContextSlot:
    o += c.coreType.code == typecode::I64 ? " i64 " : " i32 ";
    o += std::to_string(c.type);
    break;
  case CanonShape::FlagIndex:
    if (c.flag)
      o += flagWord;
    o += " (memory ";
    ref(CCoreMemory, c.type);
    o += ')';
    break;
  case CanonShape::TypeIndex:
    o += ' ';
    ref(CCoreType, c.type);
    o += ' ';
    ref(CCoreTable, c.table);
    break;
  case CanonShape::CoreType:
    o += ' ';
    ref(CCoreType, c.type);
    break;
  default: break;
  }
  end();
  end();
}

} // namespace wcomp::text::detail
