//===- text/print_instr.cpp - Core printer: types and instructions ---------===//
#include "text/module_printer.h"

#include "text/numbers.h"
#include "validate/signatures.h"

#include <cstring>

namespace wcomp::text::detail {

void ModulePrinter::heapType(const HeapType &h) {
  if (h.shared)
    o += "(shared ";
  if (h.kind == HeapType::Index) {
    if (h.exact) {
      o += "(exact ";
      ref(STypes, h.value);
      o += ')';
    } else {
      ref(STypes, h.value);
    }
  } else {
    const char *n = "?";
    switch (uint8_t(h.value)) {
    case typecode::Func: n = "func"; break;
    case typecode::Extern: n = "extern"; break;
    case typecode::Any: n = "any"; break;
    case typecode::Eq: n = "eq"; break;
    case typecode::I31: n = "i31"; break;
    case typecode::Struct: n = "struct"; break;
    case typecode::Array: n = "array"; break;
    case typecode::Exn: n = "exn"; break;
    case typecode::None: n = "none"; break;
    case typecode::NoFunc: n = "nofunc"; break;
    case typecode::NoExtern: n = "noextern"; break;
    case typecode::NoExn: n = "noexn"; break;
    case typecode::Cont: n = "cont"; break;
    case typecode::NoCont: n = "nocont"; break;
    }
    o += n;
  }
  if (h.shared)
    o += ')';
}

void ModulePrinter::castType(bool nullable, const HeapType &h) {
  // Casts carry nullability in the opcode, so no encoding form is lost by
  // printing the abbreviation wasm-tools prints (`nullref`, `funcref`).
  if (nullable && h.kind == HeapType::Abstract && !h.shared)
    valType(ValType{uint8_t(h.value), h});
  else
    refTypeOf(nullable, h);
}

void ModulePrinter::refTypeOf(bool nullable, const HeapType &h) {
  o += nullable ? "(ref null " : "(ref ";
  heapType(h);
  o += ')';
}

void ModulePrinter::valType(const ValType &t) {
  switch (t.code) {
  case typecode::I32: o += "i32"; return;
  case typecode::I64: o += "i64"; return;
  case typecode::F32: o += "f32"; return;
  case typecode::F64: o += "f64"; return;
  case typecode::V128: o += "v128"; return;
  case typecode::I8: o += "i8"; return;
  case typecode::I16: o += "i16"; return;
  case typecode::Ref:
  case typecode::RefNull: refTypeOf(t.code == typecode::RefNull, t.heap); return;
  // The short form `0x65 ht` has no abbreviation of its own in wasm-tools'
  // printer; the parser reads this spelling back as the short form.
  case typecode::Shared: refTypeOf(true, t.heap); return;
  case typecode::Func: o += "funcref"; return;
  case typecode::Extern: o += "externref"; return;
  case typecode::Any: o += "anyref"; return;
  case typecode::Eq: o += "eqref"; return;
  case typecode::I31: o += "i31ref"; return;
  case typecode::Struct: o += "structref"; return;
  case typecode::Array: o += "arrayref"; return;
  case typecode::Exn: o += "exnref"; return;
  case typecode::None: o += "nullref"; return;
  case typecode::NoFunc: o += "nullfuncref"; return;
  case typecode::NoExtern: o += "nullexternref"; return;
  case typecode::NoExn: o += "nullexnref"; return;
  case typecode::Cont: o += "contref"; return;
  case typecode::NoCont: o += "nullcontref"; return;
  }
  o += "?";
}

void ModulePrinter::funcSig(const CompositeType &c,
                            const llvm::DenseMap<uint32_t, std::string> *paramNames) {
  bool open = false;
  for (uint32_t i = 0; i < c.params.size(); ++i) {
    const std::string *name = nullptr;
    if (paramNames) {
      auto it = paramNames->find(i);
      if (it != paramNames->end())
        name = &it->second;
    }
    if (name) {
      if (open)
        o += ')';
      o += " (param ";
      appendDefId(o, *name);
      o += ' ';
      valType(c.params[i]);
      o += ')';
      open = false;
    } else {
      o += open ? " " : " (param ";
      valType(c.params[i]);
      open = true;
    }
  }
  if (open)
    o += ')';
  if (!c.results.empty()) {
    o += " (result";
    for (const ValType &t : c.results) {
      o += ' ';
      valType(t);
    }
    o += ')';
  }
}


void ModulePrinter::fieldRef(uint32_t type, uint32_t field) {
  auto fit = names.fields.find(type);
  if (fit != names.fields.end()) {
    auto nit = fit->second.find(field);
    if (nit != fit->second.end()) {
      appendId(o, nit->second);
      return;
    }
  }
  if (opts.nameUnnamed)
    o += "$#field";
  o += std::to_string(field);
}

void ModulePrinter::label(uint32_t depth) {
  if (depth < labels.size()) {
    size_t pos = labels.size() - 1 - depth;
    const Label &l = labels[pos];
    if (!l.name && !l.made.empty()) {
      appendId(o, l.made);
      return;
    }
    // Label names may repeat; use the name only when no inner label shadows it.
    bool shadowed = false;
    if (l.name)
      for (size_t i = pos + 1; i < labels.size() && !shadowed; ++i)
        shadowed = labels[i].name && *labels[i].name == *l.name;
    if (l.name && !shadowed) {
      appendId(o, *l.name);
      return;
    }
    if (l.name) {
      // A shadowed name: the depth alone, as wasm-tools prints it.
      o += std::to_string(depth);
      return;
    }
  }
  o += std::to_string(depth);
  // The function body's own label gets no annotation (as wasm-tools prints).
  if (depth >= labels.size())
    return;
  o += " (;@";
  o += std::to_string(labels.size() - depth);
  o += ";)";
}

void ModulePrinter::blockType(const Operator &op) {
  switch (BlockKind(op.flags)) {
  case BlockKind::Empty: break;
  case BlockKind::Value:
    o += " (result ";
    valType(op.valtype);
    o += ')';
    break;
  case BlockKind::Index:
    o += ' ';
    typeUse(op.a, true);
    break;
  }
}

/// A block's label (named, made up or counted), its type and for
/// try_table its catch clauses; the label is pushed for the body.
void ModulePrinter::blockImm(const Operator &op, const ImmPool &pool, bool tryTable) {
  const std::string *name = nullptr;
  if (labelNames) {
    auto it = labelNames->find(labelCounter);
    if (it != labelNames->end())
      name = &it->second;
  }
  ++labelCounter;
  std::string made;
  if (!name && opts.nameUnnamed)
    made = "#label" + std::to_string(labels.size()); // wasm-tools: by depth
  if (name || !made.empty()) {
    o += ' ';
    appendId(o, name ? llvm::StringRef(*name) : llvm::StringRef(made));
  }
  blockType(op);
  if (tryTable) {
    for (uint32_t i = 0; i < op.c; ++i) {
      const Catch &c = pool.catches[op.b + i];
      static const char *kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
      o += " (";
      o += kinds[c.kind];
      o += ' ';
      if (c.kind < 2) {
        ref(STags, c.tag);
        o += ' ';
      }
      label(c.label);
      o += ')';
    }
  }
  labels.push_back({name, std::move(made)});
  if (!name && labels.back().made.empty()) {
    o += " ;; label = @";
    o += std::to_string(labels.size());
  }
}

/// resume and resume_throw: the continuation type, the tag thrown, the handlers.
void ModulePrinter::resumeImm(const Operator &op, const ImmPool &pool, bool resumeThrow) {
  o += ' ';
  ref(STypes, op.a);
  if (resumeThrow) {
    o += ' ';
    ref(STags, uint32_t(op.u64));
  }
  for (uint32_t i = 0; i < op.c; ++i) {
    const Catch &c = pool.catches[op.b + i];
    o += " (on ";
    ref(STags, c.tag);
    o += ' ';
    if (c.kind == 0)
      label(c.label);
    else
      o += "switch";
    o += ')';
  }
}

/// A memory argument: the memory when not 0, an offset and alignment other
/// than the natural one, and the lane of a lane access.
void ModulePrinter::memArgImm(const Operator &op, bool lane) {
  if (op.flags & 1) {
    o += ' ';
    ref(SMems, op.b);
  }
  if (op.u64) {
    o += " offset=";
    o += std::to_string(op.u64);
  }
  if (op.a != validate::sigs::simpleTable.sigs[unsigned(op.op)].align) {
    o += " align=";
    o += std::to_string(op.a < 64 ? (uint64_t(1) << op.a) : 0);
  }
  if (lane) {
    o += ' ';
    o += std::to_string(op.lane);
  }
}

/// A float constant as wasm-tools prints it: hex bits, then the value in a
/// `(;=1.5;)` comment.
void ModulePrinter::floatImm(uint64_t bits, bool f32) {
  o += ' ';
  if (f32)
    formatF32Hex(uint32_t(bits), o);
  else
    formatF64Hex(bits, o);
  o += " (;=";
  bool isNan = f32 ? ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x7FFFFF))
                   : ((bits & 0x7FF0000000000000ull) == 0x7FF0000000000000ull &&
                      (bits & 0xFFFFFFFFFFFFFull));
  bool isInf = f32 ? ((bits & 0x7FFFFFFFu) == 0x7F800000u)
                   : ((bits & 0x7FFFFFFFFFFFFFFFull) == 0x7FF0000000000000ull);
  if (isNan)
    o += "NaN";
  else if (isInf)
    o += (bits >> (f32 ? 31 : 63)) ? "-inf" : "inf";
  else if (f32)
    formatF32Dec(uint32_t(bits), o);
  else
    formatF64Dec(bits, o);
  o += ";)";
}

/// call_indirect, memory.init, memory.copy, table.copy, table.init: the
/// table or memory when not the default, and the type or segment.
void ModulePrinter::bulkImm(const Operator &op, ImmKind imm) {
  switch (imm) {
  case ImmKind::CallIndirect:
    if (op.b) {
      o += ' ';
      ref(STables, op.b);
    }
    o += ' ';
    typeUse(op.a, false);
    return;
  case ImmKind::MemInit:
    if (op.b) {
      o += ' ';
      ref(SMems, op.b);
    }
    o += ' ';
    ref(SDatas, op.a);
    return;
  case ImmKind::MemCopy:
  case ImmKind::TableCopy: {
    Space s = imm == ImmKind::MemCopy ? SMems : STables;
    if (op.a || op.b) {
      o += ' ';
      ref(s, op.a);
      o += ' ';
      ref(s, op.b);
    }
    return;
  }
  case ImmKind::TableInit:
    if (op.b) {
      o += ' ';
      ref(STables, op.b);
    }
    o += ' ';
    ref(SElems, op.a);
    return;
  default:
    return;
  }
}

/// A v128 constant (as i32x4 hex lanes) or a shuffle's 16 lane indices.
void ModulePrinter::vectorImm(const Operator &op, ImmKind imm) {
  switch (imm) {
  case ImmKind::V128: {
    o += " i32x4";
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 4; ++i) {
      uint32_t v;
      std::memcpy(&v, op.v128 + 4 * i, 4);
      o += " 0x";
      for (int d = 7; d >= 0; --d)
        o += hex[(v >> (4 * d)) & 15];
    }
    return;
  }
  case ImmKind::Shuffle:
    for (int i = 0; i < 16; ++i) {
      o += ' ';
      o += std::to_string(op.v128[i]);
    }
    return;
  default:
    return;
  }
}

/// A local by its name, or its index.
void ModulePrinter::localImm(uint32_t index) {
  o += ' ';
  if (localNames) {
    auto it = localNames->find(index);
    if (it != localNames->end()) {
      appendId(o, it->second);
      return;
    }
  }
  o += std::to_string(index);
}

void ModulePrinter::instr(const Operator &op, const ImmPool &pool) {
  const OpcodeInfo &info = opcodeInfo(op.op);
  o.append(info.text, info.textLength);
  switch (info.imm) {
  case ImmKind::None: return;
  case ImmKind::Block:
  case ImmKind::TryTable:
    blockImm(op, pool, info.imm == ImmKind::TryTable);
    return;
  case ImmKind::Label:
    o += ' ';
    label(op.a);
    return;
  case ImmKind::BrTable:
    for (uint32_t i = 0; i < op.b; ++i) {
      o += ' ';
      label(pool.u32s[op.a + i]);
    }
    o += ' ';
    label(op.c);
    return;
  case ImmKind::Func: o += ' '; ref(SFuncs, op.a); return;
  case ImmKind::Local: localImm(op.a); return;
  case ImmKind::Global: o += ' '; ref(SGlobals, op.a); return;
  case ImmKind::Table: o += ' '; ref(STables, op.a); return;
  case ImmKind::Mem:
    if (op.a) {
      o += ' ';
      ref(SMems, op.a);
    }
    return;
  case ImmKind::Tag: o += ' '; ref(STags, op.a); return;
  case ImmKind::Type: o += ' '; ref(STypes, op.a); return;
  case ImmKind::Data: o += ' '; ref(SDatas, op.a); return;
  case ImmKind::Elem: o += ' '; ref(SElems, op.a); return;
  case ImmKind::CallIndirect: case ImmKind::MemInit: case ImmKind::MemCopy:
  case ImmKind::TableCopy: case ImmKind::TableInit:
    bulkImm(op, info.imm);
    return;
  case ImmKind::TypeField:
    o += ' ';
    ref(STypes, op.a);
    o += ' ';
    fieldRef(op.a, op.b);
    return;
  case ImmKind::AtomicGlobal: case ImmKind::AtomicTable: case ImmKind::AtomicField:
  case ImmKind::AtomicArray:
    o += op.flags ? " acqrel " : " seqcst ";
    ref(info.imm == ImmKind::AtomicGlobal  ? SGlobals
        : info.imm == ImmKind::AtomicTable ? STables
                                           : STypes,
        op.a);
    if (info.imm == ImmKind::AtomicField) {
      o += ' ';
      fieldRef(op.a, op.b);
    }
    return;
  case ImmKind::TypeCount:
    o += ' ';
    ref(STypes, op.a);
    o += ' ';
    o += std::to_string(op.b);
    return;
  case ImmKind::TypeData: o += ' '; ref(STypes, op.a); o += ' '; ref(SDatas, op.b); return;
  case ImmKind::TypeElem: o += ' '; ref(STypes, op.a); o += ' '; ref(SElems, op.b); return;
  case ImmKind::TypeType: o += ' '; ref(STypes, op.a); o += ' '; ref(STypes, op.b); return;
  case ImmKind::TypeTag: o += ' '; ref(STypes, op.a); o += ' '; ref(STags, op.b); return;
  case ImmKind::Resume: case ImmKind::ResumeThrow:
    resumeImm(op, pool, info.imm == ImmKind::ResumeThrow);
    return;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
    memArgImm(op, info.imm == ImmKind::MemArgLane);
    return;
  case ImmKind::I32: o += ' '; o += std::to_string(op.i32()); return;
  case ImmKind::I64: o += ' '; o += std::to_string(op.i64()); return;
  case ImmKind::F32:
  case ImmKind::F64:
    floatImm(op.u64, info.imm == ImmKind::F32);
    return;
  case ImmKind::V128: case ImmKind::Shuffle:
    vectorImm(op, info.imm);
    return;
  case ImmKind::Lane: o += ' '; o += std::to_string(op.lane); return;
  case ImmKind::HeapType:
    o += ' ';
    if (op.op == Opcode::RefNull) {
      heapType(op.heaps[0]);
    } else {
      bool nullable = op.op == Opcode::RefTestNull || op.op == Opcode::RefCastNull ||
                      op.op == Opcode::RefCastDescEqNull;
      castType(nullable, op.heaps[0]);
    }
    return;
  case ImmKind::SelectT:
    o += " (result";
    for (uint32_t i = 0; i < op.b; ++i) {
      o += ' ';
      valType(pool.types[op.a + i]);
    }
    o += ')';
    return;
  case ImmKind::BrOnCast:
    o += ' ';
    label(op.a);
    o += ' ';
    castType(op.flags & 1, op.heaps[0]);
    o += ' ';
    castType(op.flags & 2, op.heaps[1]);
    return;
  case ImmKind::Fence: return;
  }
}


} // namespace wcomp::text::detail
