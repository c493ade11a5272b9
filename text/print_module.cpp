//===- text/print_module.cpp - Core module printer -------------------------===//
#include "text/print_module.h"

#include "binary/error.h"
#include "text/lexer.h"
#include "text/numbers.h"
#include "text/wat_module.h"
#include "validate/signatures.h"

#include "llvm/ADT/StringSet.h"

#include <cstring>

namespace wcomp::text {

using namespace binary;

void appendId(std::string &out, llvm::StringRef name) {
  bool plain = !name.empty();
  for (char c : name)
    if (!isIdChar(c)) {
      plain = false;
      break;
    }
  out += '$';
  if (plain)
    out += name;
  else
    appendString(out, name);
}

void appendString(std::string &out, llvm::ArrayRef<uint8_t> bytes) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (uint8_t b : bytes) {
    if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
      out += char(b);
    } else {
      out += '\\';
      out += hex[b >> 4];
      out += hex[b & 15];
    }
  }
  out += '"';
}

ModuleNames decodeNames(llvm::ArrayRef<uint8_t> data) {
  ModuleNames n;
  n.spaces.resize(NumSpaces);
  BinaryReader r(data, 0);
  auto readMap = [](BinaryReader &s, llvm::DenseMap<uint32_t, std::string> &out) {
    auto count = s.readU32();
    if (!count) {
      llvm::consumeError(count.takeError());
      return false;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError());
        return false;
      }
      auto name = s.readName();
      if (!name) {
        llvm::consumeError(name.takeError());
        return false;
      }
      out.try_emplace(*idx, name->str());
    }
    return true;
  };
  auto readIndirect = [&](BinaryReader &s,
                          llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> &out) {
    auto count = s.readU32();
    if (!count) {
      llvm::consumeError(count.takeError());
      return;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError());
        return;
      }
      if (!readMap(s, out[*idx]))
        return;
    }
  };
  while (!r.eof()) {
    auto id = r.readU8();
    if (!id) {
      llvm::consumeError(id.takeError());
      break;
    }
    auto body = r.readByteVec();
    if (!body) {
      llvm::consumeError(body.takeError());
      break;
    }
    BinaryReader s(*body, 0);
    switch (*id) {
    case 0: {
      auto name = s.readName();
      if (name)
        n.module = name->str();
      else
        llvm::consumeError(name.takeError());
      break;
    }
    case 1: readMap(s, n.spaces[SFuncs]); break;
    case 2: readIndirect(s, n.locals); break;
    case 3: readIndirect(s, n.labels); break;
    case 4: readMap(s, n.spaces[STypes]); break;
    case 5: readMap(s, n.spaces[STables]); break;
    case 6: readMap(s, n.spaces[SMems]); break;
    case 7: readMap(s, n.spaces[SGlobals]); break;
    case 8: readMap(s, n.spaces[SElems]); break;
    case 9: readMap(s, n.spaces[SDatas]); break;
    case 10: readIndirect(s, n.fields); break;
    case 11: readMap(s, n.spaces[STags]); break;
    default: break;
    }
  }
  return n;
}

namespace {

/// Drops names that repeat within a space (text ids must be unique), so the
/// printed text parses back.
void dedupe(llvm::DenseMap<uint32_t, std::string> &map) {
  std::vector<std::pair<uint32_t, std::string>> sorted(map.begin(), map.end());
  std::sort(sorted.begin(), sorted.end());
  llvm::StringSet<> seen;
  map.clear();
  for (auto &[i, name] : sorted)
    if (!name.empty() && seen.insert(name).second)
      map.try_emplace(i, std::move(name));
}

class ModulePrinter {
public:
  ModulePrinter(llvm::raw_ostream &os, const Module &m, const PrintOptions &opts, unsigned indent)
      : os(os), m(m), opts(opts), baseIndent(indent) {}

  void print(llvm::StringRef header);

private:
  void flushIfBig() {
    if (o.size() > (1 << 16)) {
      os << o;
      o.clear();
    }
  }
  void line(unsigned extra) { o.append(baseIndent + extra, ' '); }
  void defName(Space s, uint32_t i) {
    auto it = names.spaces[s].find(i);
    if (it != names.spaces[s].end()) {
      o += ' ';
      appendId(o, it->second);
    }
    o += " (;";
    o += std::to_string(i);
    o += ";)";
  }
  void ref(Space s, uint32_t i) {
    auto it = names.spaces[s].find(i);
    if (it != names.spaces[s].end())
      appendId(o, it->second);
    else
      o += std::to_string(i);
  }
  void heapType(const HeapType &h);
  void valType(const ValType &t);
  void refTypeOf(bool nullable, const HeapType &h);
  void funcSig(const CompositeType &c, const llvm::DenseMap<uint32_t, std::string> *paramNames);
  void subType(const SubType &st, uint32_t typeIndex);
  void typeUse(uint32_t typeIndex, bool withSig);
  void limits(const Limits &l);
  void tableType(const TableType &t);
  void globalType(const GlobalType &g);
  void constExpr(const Expr &x);
  void offsetExpr(const Expr &x);
  void instr(const Operator &op, const ImmPool &pool);
  void blockType(const Operator &op);
  void label(uint32_t depth);
  void func(uint32_t defIndex);
  void data(uint32_t i);
  void elem(uint32_t i);
  void customs(uint8_t afterId, bool &nameSeen);

  llvm::raw_ostream &os;
  const Module &m;
  const PrintOptions &opts;
  unsigned baseIndent;
  std::string o;
  ModuleNames names;
  std::vector<const SubType *> types;
  std::vector<uint32_t> funcTypes;
  uint32_t imported[NumSpaces] = {};
  // Per-function state.
  const llvm::DenseMap<uint32_t, std::string> *localNames = nullptr;
  const llvm::DenseMap<uint32_t, std::string> *labelNames = nullptr;
  struct Label {
    const std::string *name;
  };
  std::vector<Label> labels;
  uint32_t labelCounter = 0;
};

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
      appendId(o, *name);
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
    funcSig(c, nullptr);
    o += ')';
    break;
  case typecode::StructType: {
    o += "(struct";
    auto fit = names.fields.find(typeIndex);
    for (uint32_t i = 0; i < c.fields.size(); ++i) {
      o += " (field ";
      if (fit != names.fields.end()) {
        auto nit = fit->second.find(i);
        if (nit != fit->second.end()) {
          appendId(o, nit->second);
          o += ' ';
        }
      }
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

void ModulePrinter::typeUse(uint32_t typeIndex, bool withSig) {
  o += "(type ";
  ref(STypes, typeIndex);
  o += ')';
  if (withSig && typeIndex < types.size() && types[typeIndex]->composite.kind == typecode::FuncType)
    funcSig(types[typeIndex]->composite, nullptr);
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
    o += std::to_string(uint64_t(1) << l.pageSizeLog2);
    o += ')';
  }
}

void ModulePrinter::tableType(const TableType &t) {
  limits(t.limits);
  o += ' ';
  valType(t.elem);
}

void ModulePrinter::globalType(const GlobalType &g) {
  if (g.mut()) {
    o += (g.flags & 2) ? "(mut shared " : "(mut ";
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

void ModulePrinter::label(uint32_t depth) {
  if (depth < labels.size()) {
    size_t pos = labels.size() - 1 - depth;
    const Label &l = labels[pos];
    // Label names may repeat; use the name only when no inner label shadows it.
    bool shadowed = false;
    if (l.name)
      for (size_t i = pos + 1; i < labels.size() && !shadowed; ++i)
        shadowed = labels[i].name && *labels[i].name == *l.name;
    if (l.name && !shadowed) {
      appendId(o, *l.name);
      return;
    }
  }
  o += std::to_string(depth);
  o += " (;@";
  o += std::to_string(depth < labels.size() ? labels.size() - depth : 0);
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

void ModulePrinter::instr(const Operator &op, const ImmPool &pool) {
  const OpcodeInfo &info = opcodeInfo(op.op);
  o += info.text;
  switch (info.imm) {
  case ImmKind::None: return;
  case ImmKind::Block:
  case ImmKind::TryTable: {
    const std::string *name = nullptr;
    if (labelNames) {
      auto it = labelNames->find(labelCounter);
      if (it != labelNames->end())
        name = &it->second;
    }
    ++labelCounter;
    if (name) {
      o += ' ';
      appendId(o, *name);
    }
    blockType(op);
    if (info.imm == ImmKind::TryTable) {
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
    labels.push_back({name});
    if (!name) {
      o += " ;; label = @";
      o += std::to_string(labels.size());
    }
    return;
  }
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
  case ImmKind::Local: {
    o += ' ';
    if (localNames) {
      auto it = localNames->find(op.a);
      if (it != localNames->end()) {
        appendId(o, it->second);
        return;
      }
    }
    o += std::to_string(op.a);
    return;
  }
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
    Space s = info.imm == ImmKind::MemCopy ? SMems : STables;
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
  case ImmKind::TypeField: {
    o += ' ';
    ref(STypes, op.a);
    o += ' ';
    auto fit = names.fields.find(op.a);
    if (fit != names.fields.end()) {
      auto nit = fit->second.find(op.b);
      if (nit != fit->second.end()) {
        appendId(o, nit->second);
        return;
      }
    }
    o += std::to_string(op.b);
    return;
  }
  case ImmKind::TypeCount:
    o += ' ';
    ref(STypes, op.a);
    o += ' ';
    o += std::to_string(op.b);
    return;
  case ImmKind::TypeData: o += ' '; ref(STypes, op.a); o += ' '; ref(SDatas, op.b); return;
  case ImmKind::TypeElem: o += ' '; ref(STypes, op.a); o += ' '; ref(SElems, op.b); return;
  case ImmKind::TypeType: o += ' '; ref(STypes, op.a); o += ' '; ref(STypes, op.b); return;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane: {
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
    if (info.imm == ImmKind::MemArgLane) {
      o += ' ';
      o += std::to_string(op.lane);
    }
    return;
  }
  case ImmKind::I32: o += ' '; o += std::to_string(op.i32()); return;
  case ImmKind::I64: o += ' '; o += std::to_string(op.i64()); return;
  case ImmKind::F32:
  case ImmKind::F64: {
    o += ' ';
    bool f32 = info.imm == ImmKind::F32;
    uint64_t bits = op.u64;
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
    return;
  }
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
  case ImmKind::Lane: o += ' '; o += std::to_string(op.lane); return;
  case ImmKind::HeapType:
    o += ' ';
    if (op.op == Opcode::RefNull) {
      heapType(op.heaps[0]);
    } else {
      bool nullable = op.op == Opcode::RefTestNull || op.op == Opcode::RefCastNull ||
                      op.op == Opcode::RefCastDescEqNull;
      refTypeOf(nullable, op.heaps[0]);
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
    refTypeOf(op.flags & 1, op.heaps[0]);
    o += ' ';
    refTypeOf(op.flags & 2, op.heaps[1]);
    return;
  case ImmKind::Fence: return;
  }
}

void ModulePrinter::func(uint32_t defIndex) {
  uint32_t index = imported[SFuncs] + defIndex;
  const FunctionBody &body = m.code[defIndex];
  uint32_t typeIndex = m.functions[defIndex];
  line(2);
  o += "(func";
  defName(SFuncs, index);
  o += ' ';
  auto lit = names.locals.find(index);
  localNames = lit != names.locals.end() ? &lit->second : nullptr;
  auto bit = names.labels.find(index);
  labelNames = bit != names.labels.end() ? &bit->second : nullptr;
  o += "(type ";
  ref(STypes, typeIndex);
  o += ')';
  uint32_t numParams = 0;
  if (typeIndex < types.size() && types[typeIndex]->composite.kind == typecode::FuncType) {
    funcSig(types[typeIndex]->composite, localNames);
    numParams = uint32_t(types[typeIndex]->composite.params.size());
  }
  if (opts.skeleton) {
    o += " ...)\n";
    return;
  }
  o += '\n';
  FunctionBody decoded;
  const FunctionBody *b = &body;
  if (!body.decoded) {
    decoded.bytes = body.bytes;
    decoded.offset = body.offset;
    if (llvm::Error e = decodeFunctionBody(decoded)) {
      llvm::consumeError(std::move(e));
      line(4);
      o += ";; malformed body\n";
      line(2);
      o += ")\n";
      return;
    }
    b = &decoded;
  }
  if (!b->locals.empty()) {
    line(4);
    uint32_t li = numParams;
    bool first = true, open = false;
    for (const LocalDecl &d : b->locals) {
      for (uint32_t k = 0; k < d.count; ++k, ++li) {
        const std::string *name = nullptr;
        if (localNames) {
          auto it = localNames->find(li);
          if (it != localNames->end())
            name = &it->second;
        }
        if (name) {
          if (open)
            o += ')';
          o += first ? "(local " : " (local ";
          appendId(o, *name);
          o += ' ';
          valType(d.type);
          o += ')';
          open = false;
        } else {
          o += open ? " " : (first ? "(local " : " (local ");
          valType(d.type);
          open = true;
        }
        first = false;
      }
      if (d.count > 100000)
        break; // absurd counts are invalid anyway; keep the output bounded
    }
    if (open)
      o += ')';
    o += '\n';
  }
  labels.clear();
  labelCounter = 0;
  const Expr &x = b->code;
  for (size_t i = 0; i + 1 < x.ops.size(); ++i) {
    const Operator &op = x.ops[i];
    unsigned depth = unsigned(labels.size());
    bool closes = op.op == Opcode::End || op.op == Opcode::Delegate;
    bool middle = op.op == Opcode::Else || op.op == Opcode::Catch || op.op == Opcode::CatchAll;
    if ((closes || middle) && depth > 0)
      --depth;
    // Indentation is capped so that deeply nested input cannot make the
    // output quadratic in size.
    line(4 + 2 * std::min(depth, 128u));
    if (closes && !labels.empty()) {
      if (op.op == Opcode::Delegate) {
        labels.pop_back();
        instr(op, x.pool);
      } else {
        o += "end";
        labels.pop_back();
      }
    } else {
      instr(op, x.pool);
    }
    o += '\n';
    flushIfBig();
  }
  line(2);
  o += ")\n";
}

void ModulePrinter::elem(uint32_t i) {
  const ElementSegment &seg = m.elements[i];
  line(2);
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
  line(2);
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

void ModulePrinter::print(llvm::StringRef header) {
  names.spaces.resize(NumSpaces);
  for (const CustomSection &c : m.customs)
    if (c.name == "name" && opts.nameSection) {
      names = decodeNames(c.data);
      break;
    }
  for (auto &s : names.spaces)
    dedupe(s);
  for (auto &[k, v] : names.locals)
    dedupe(v);
  for (auto &[k, v] : names.fields)
    dedupe(v);
  for (const RecGroup &g : m.types)
    for (const SubType &st : g.types)
      types.push_back(&st);
  for (const Import &imp : m.imports) {
    switch (imp.kind) {
    case extkind::Func:
    case extkind::ExactFunc: ++imported[SFuncs]; break;
    case extkind::Table: ++imported[STables]; break;
    case extkind::Memory: ++imported[SMems]; break;
    case extkind::Global: ++imported[SGlobals]; break;
    case extkind::Tag: ++imported[STags]; break;
    }
  }
  line(0);
  o += header;
  if (!names.module.empty()) {
    o += ' ';
    appendId(o, names.module);
  }
  o += '\n';
  size_t nextCustom = 0;
  uint32_t counters[NumSpaces] = {};
  auto customAt = [&](uint8_t afterId, bool afterName) {
    const CustomSection &c = m.customs[nextCustom];
    if (c.name == "name" && opts.nameSection) {
      ++nextCustom;
      return;
    }
    line(2);
    o += "(@custom ";
    appendString(o, c.name);
    static const char *secNames[] = {"first", "type", "import", "func", "table", "memory",
                                     "global", "export", "start", "elem", "code", "data",
                                     "datacount", "tag"};
    if (afterName)
      o += " (after last)";
    else if (afterId == 0)
      o += " (before first)";
    else if (afterId < 14) {
      o += " (after ";
      o += secNames[afterId];
      o += ')';
    }
    o += ' ';
    appendString(o, c.data);
    o += ")\n";
    ++nextCustom;
  };
  uint8_t lastId = 0;
  bool sawName = false;
  for (uint8_t id : m.sectionOrder) {
    switch (id) {
    case coresec::Custom:
      if (nextCustom < m.customs.size()) {
        bool isName = m.customs[nextCustom].name == "name" && opts.nameSection;
        customAt(lastId, sawName);
        sawName |= isName;
      }
      continue;
    case coresec::Type: {
      uint32_t ti = 0;
      for (const RecGroup &g : m.types) {
        if (g.explicitRec) {
          line(2);
          o += "(rec\n";
        }
        for (const SubType &st : g.types) {
          line(g.explicitRec ? 4 : 2);
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
      break;
    }
    case coresec::Import:
      for (const Import &imp : m.imports) {
        line(2);
        o += "(import ";
        appendString(o, imp.module);
        o += ' ';
        appendString(o, imp.name);
        switch (imp.kind) {
        case extkind::Func:
        case extkind::ExactFunc:
          o += " (func";
          defName(SFuncs, counters[SFuncs]++);
          o += imp.kind == extkind::ExactFunc ? " (exact " : " ";
          typeUse(imp.index, false);
          if (imp.kind == extkind::ExactFunc)
            o += ')';
          break;
        case extkind::Table:
          o += " (table";
          defName(STables, counters[STables]++);
          o += ' ';
          tableType(imp.table);
          break;
        case extkind::Memory:
          o += " (memory";
          defName(SMems, counters[SMems]++);
          o += ' ';
          limits(imp.memory);
          break;
        case extkind::Global:
          o += " (global";
          defName(SGlobals, counters[SGlobals]++);
          o += ' ';
          globalType(imp.global);
          break;
        case extkind::Tag:
          o += " (tag";
          defName(STags, counters[STags]++);
          o += ' ';
          typeUse(imp.tag.typeIndex, true);
          break;
        }
        o += "))\n";
      }
      break;
    case coresec::Table:
      for (const Table &t : m.tables) {
        line(2);
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
      for (const Limits &l : m.memories) {
        line(2);
        o += "(memory";
        defName(SMems, counters[SMems]++);
        o += ' ';
        limits(l);
        o += ")\n";
      }
      break;
    case coresec::Tag:
      for (const TagType &t : m.tags) {
        line(2);
        o += "(tag";
        defName(STags, counters[STags]++);
        o += ' ';
        typeUse(t.typeIndex, true);
        o += ")\n";
      }
      break;
    case coresec::Global:
      for (const Global &g : m.globals) {
        line(2);
        o += "(global";
        defName(SGlobals, counters[SGlobals]++);
        o += ' ';
        globalType(g.type);
        constExpr(g.init);
        o += ")\n";
      }
      break;
    case coresec::Export:
      for (const Export &x : m.exports) {
        line(2);
        o += "(export ";
        appendString(o, x.name);
        static const char *kinds[] = {"func", "table", "memory", "global", "tag"};
        static const Space spaces[] = {SFuncs, STables, SMems, SGlobals, STags};
        uint8_t k = x.kind < 5 ? x.kind : 0;
        o += " (";
        o += kinds[k];
        o += ' ';
        ref(spaces[k], x.index);
        o += "))\n";
      }
      break;
    case coresec::Start:
      line(2);
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
  line(0);
  o += ")\n";
  os << o;
  o.clear();
}

} // namespace

llvm::Error printModule(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                        const PrintOptions &opts, unsigned indent, llvm::StringRef header) {
  ReadOptions ro;
  ro.decodeBodies = false;
  auto m = readModule(bytes, base, ro);
  if (!m)
    return m.takeError();
  ModulePrinter p(os, *m, opts, indent);
  p.print(header);
  return llvm::Error::success();
}

} // namespace wcomp::text
