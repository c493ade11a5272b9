//===- adapt/core_modules.cpp - The core modules new writes or edits ------===//
//
// The shim, fixup and start modules are small and fixed in shape: encoded
// here byte for byte as the text format would encode them. The main module
// and adapters go in as pieces of their own bytes with the world sections
// left out and repeated imports renamed.
//
//===----------------------------------------------------------------------===//
#include "adapt/metadata.h"
#include "adapt/plan.h"

#include "binary/code_writer.h"
#include "binary/module.h"
#include "binary/parser.h"
#include "binary/reader.h"
#include "binary/types.h"
#include "binary/writer.h"

namespace wcomp::adapt {

namespace {

using binary::CodeWriter;
using binary::Opcode;
namespace coresec = binary::coresec;
namespace extkind = binary::extkind;
namespace typecode = binary::typecode;

/// The name section's subsection ids.
enum NameSubsection : uint8_t { ModuleName = 0, FunctionNames = 1 };
/// Limits flags: no maximum, a maximum.
enum LimitsFlags : uint8_t { NoMax = 0, HasMax = 1 };
/// A global's mutability byte.
constexpr uint8_t Mutable = 1;
/// Element segment forms used here: active in table 0 with an expression
/// offset and function indices (0); declarative with an element kind and
/// function indices (3).
enum ElemForm : uint8_t { ActiveTable0 = 0, Declarative = 3 };
/// The element kind `funcref` of the legacy element segment forms.
constexpr uint8_t ElemKindFuncref = 0;

void funcTypeBytes(binary::Encoder &e, const binary::CompositeType &t) {
  e.u8(typecode::FuncType);
  e.u32(uint32_t(t.params.size()));
  for (const binary::ValType &v : t.params)
    binary::writeValType(e, v);
  e.u32(uint32_t(t.results.size()));
  for (const binary::ValType &v : t.results)
    binary::writeValType(e, v);
}

/// A `name` section holding the module's name (and function names).
void nameSection(binary::Encoder &m, llvm::StringRef module,
                 llvm::ArrayRef<std::pair<uint32_t, std::string>> funcs = {}) {
  binary::Encoder body, sub;
  body.name("name");
  sub.name(module);
  body.section(ModuleName, sub);
  if (!funcs.empty()) {
    binary::Encoder f;
    f.u32(uint32_t(funcs.size()));
    for (auto &[i, n] : funcs) {
      f.u32(i);
      f.name(n);
    }
    body.section(FunctionNames, f);
  }
  m.section(coresec::Custom, body);
}

binary::Encoder moduleHeader() {
  binary::Encoder m;
  m.raw(binary::CoreModulePreamble);
  return m;
}

/// A module's header and a type section of `types`.
binary::Encoder moduleWithTypes(const std::vector<binary::CompositeType> &types) {
  binary::Encoder m = moduleHeader(), s;
  s.u32(uint32_t(types.size()));
  for (const auto &t : types)
    funcTypeBytes(s, t);
  m.section(coresec::Type, s);
  return m;
}

} // namespace

namespace {

/// shimModule's layout and sections. Functions: the shims, the TLS
/// accessors, then (returnCallRef) one trapping stub per shim. Globals:
/// the TLS base, then the slots.
struct ShimWriter {
  const std::vector<binary::CompositeType> &types;
  const binary::Limits *memory;
  const binary::ValType *tlsBase;
  bool returnCallRef;
  uint32_t n = uint32_t(types.size());
  uint32_t stubs = n + (tlsBase ? 2 : 0); ///< the first trapping stub
  uint32_t funcs = stubs + (returnCallRef ? n : 0);
  uint32_t slotGlobals = tlsBase ? 1 : 0; ///< the first slot global

  /// The global section's body: the TLS base (0), then each slot holding
  /// its stub.
  binary::Encoder globals(uint32_t count) const {
    binary::Encoder s;
    s.u32(count);
    if (tlsBase) {
      binary::writeValType(s, *tlsBase);
      s.u8(Mutable);
      CodeWriter init(s);
      if (tlsBase->code == typecode::I64)
        init.i64Const(0).end();
      else
        init.i32Const(0).end();
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i) {
      s.u8(typecode::Ref); // (ref i), not nullable
      s.s33(int64_t(i));
      s.u8(Mutable);
      CodeWriter(s).refFunc(stubs + i).end(); // the stub
    }
    return s;
  }

  /// The export section's body: the table, each shim (and its slot), the
  /// memory, the TLS accessors.
  binary::Encoder exports() const {
    binary::Encoder s;
    uint32_t table = n && !returnCallRef ? 1 : 0;
    s.u32(n * (returnCallRef ? 2 : 1) + table + (memory ? 1 : 0) + (tlsBase ? 2 : 0));
    if (table) {
      s.name("$imports");
      s.u8(extkind::Table);
      s.u32(0);
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (returnCallRef) {
        s.name("g" + std::to_string(i));
        s.u8(extkind::Global);
        s.u32(slotGlobals + i);
      }
      s.name(std::to_string(i));
      s.u8(extkind::Func);
      s.u32(i);
    }
    if (memory) {
      s.name("memory");
      s.u8(extkind::Memory);
      s.u32(0);
    }
    if (tlsBase) {
      s.name("$get-tls-base");
      s.u8(extkind::Func);
      s.u32(n);
      s.name("$set-tls-base");
      s.u8(extkind::Func);
      s.u32(n + 1);
    }
    return s;
  }

  /// The code section's body.
  binary::Encoder code() const {
    binary::Encoder s;
    s.u32(funcs);
    for (uint32_t i = 0; i < n; ++i) {
      binary::Encoder body;
      CodeWriter c(body);
      c.locals({});
      for (uint32_t k = 0; k < types[i].params.size(); ++k)
        c.localGet(k);
      if (returnCallRef)
        c.globalGet(slotGlobals + i).returnCallRef(i); // what slot i holds
      else
        c.i32Const(int32_t(i)).callIndirect(i, 0); // table slot i
      c.end();
      s.byteVec(body.bytes);
    }
    if (tlsBase) {
      binary::Encoder get, set;
      CodeWriter(get).locals({}).globalGet(0).end();
      CodeWriter(set).locals({}).localGet(0).globalSet(0).end();
      s.byteVec(get.bytes);
      s.byteVec(set.bytes);
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i) {
      binary::Encoder stub; // called before the fixup ran: traps
      CodeWriter(stub).locals({}).op(Opcode::Unreachable).end();
      s.byteVec(stub.bytes);
    }
    return s;
  }

  /// The function names of the name section.
  std::vector<std::pair<uint32_t, std::string>> funcNames(const std::vector<std::string> &names) const {
    std::vector<std::pair<uint32_t, std::string>> funcNames;
    for (uint32_t i = 0; i < n && i < names.size(); ++i)
      funcNames.push_back({i, names[i]});
    if (tlsBase) {
      funcNames.push_back({n, "$get-tls-base"});
      funcNames.push_back({n + 1, "$set-tls-base"});
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i)
      funcNames.push_back({stubs + i, "trap stub before initialization"});
    return funcNames;
  }
};

} // namespace

/// `n` function types, and function `i` (exported as "i") calling what
/// slot `i` holds with its own arguments: slot `i` of an exported table of
/// `n` funcrefs (`call_indirect`), or (`returnCallRef`) the exported global
/// "g<i>" of type `(mut (ref i))`, which holds a trapping stub until the
/// fixup module sets it (`return_call_ref`).
std::vector<uint8_t> shimModule(const std::vector<binary::CompositeType> &types,
                                const binary::Limits *memory, const binary::ValType *tlsBase,
                                bool returnCallRef, const std::vector<std::string> *names) {
  // The TLS base accessors take the two types after the shims'.
  std::vector<binary::CompositeType> all = types;
  if (tlsBase) {
    all.emplace_back().results.push_back(*tlsBase);
    all.emplace_back().params.push_back(*tlsBase);
  }
  ShimWriter w{types, memory, tlsBase, returnCallRef};
  uint32_t n = w.n, funcs = w.funcs;
  binary::Encoder m = funcs ? moduleWithTypes(all) : moduleHeader(), s;
  if (funcs) {
    s.u32(funcs);
    for (uint32_t i = 0; i < uint32_t(all.size()); ++i)
      s.u32(i);
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i)
      s.u32(i);
    m.section(coresec::Function, s);
  }
  if (n && !returnCallRef) {
    s = {};
    s.u32(1);
    s.u8(typecode::Func);
    s.u8(HasMax);
    s.u32(n);
    s.u32(n);
    m.section(coresec::Table, s);
  }
  if (memory) {
    s = {};
    s.u32(1);
    binary::writeLimits(s, *memory);
    m.section(coresec::Memory, s);
  }
  if (uint32_t globals = w.slotGlobals + (returnCallRef ? n : 0))
    m.section(coresec::Global, w.globals(globals));
  m.section(coresec::Export, w.exports());
  if (funcs)
    m.section(coresec::Code, w.code());
  if (names)
    nameSection(m, "shim", w.funcNames(*names));
  return {m.bytes.begin(), m.bytes.end()};
}

/// Imports the `n` functions and the table, and fills the table with them;
/// or (`returnCallRef`) imports the `n` functions and the globals "g<i>",
/// and sets each global to its function in a start function.
std::vector<uint8_t> fixupModule(const std::vector<binary::CompositeType> &types,
                                 bool returnCallRef, bool names) {
  uint32_t n = uint32_t(types.size());
  std::vector<binary::CompositeType> all = types;
  if (returnCallRef)
    all.emplace_back(); // the start function's () -> ()
  binary::Encoder m = moduleWithTypes(all), s;
  s.u32(returnCallRef ? 2 * n : n + 1);
  for (uint32_t i = 0; i < n; ++i) {
    s.name("");
    s.name(std::to_string(i));
    s.u8(extkind::Func);
    s.u32(i);
    if (returnCallRef) {
      s.name("");
      s.name("g" + std::to_string(i));
      s.u8(extkind::Global);
      s.u8(typecode::Ref);
      s.s33(int64_t(i));
      s.u8(Mutable);
    }
  }
  if (!returnCallRef) {
    s.name("");
    s.name("$imports");
    s.u8(extkind::Table);
    s.u8(typecode::Func);
    s.u8(HasMax);
    s.u32(n);
    s.u32(n);
  }
  m.section(coresec::Import, s);
  if (!returnCallRef) {
    s = {};
    s.u32(1);
    s.u8(ActiveTable0);
    CodeWriter(s).i32Const(0).end(); // at offset 0
    s.u32(n);
    for (uint32_t i = 0; i < n; ++i)
      s.u32(i);
    m.section(coresec::Element, s);
    if (names)
      nameSection(m, "fixup");
    return {m.bytes.begin(), m.bytes.end()};
  }
  s = {};
  s.u32(1);
  s.u32(n); // the start function's type
  m.section(coresec::Function, s);
  s = {};
  s.u32(n); // start: function n
  m.section(coresec::Start, s);
  s = {};
  s.u32(1);
  s.u8(Declarative); // the functions ref.func names
  s.u8(ElemKindFuncref);
  s.u32(n);
  for (uint32_t i = 0; i < n; ++i)
    s.u32(i);
  m.section(coresec::Element, s);
  binary::Encoder body;
  CodeWriter c(body);
  c.locals({});
  for (uint32_t i = 0; i < n; ++i)
    c.refFunc(i).globalSet(i); // slot i := function i
  c.end();
  s = {};
  s.u32(1);
  s.byteVec(body.bytes);
  m.section(coresec::Code, s);
  if (names)
    nameSection(m, "fixup", {{n, "start"}});
  return {m.bytes.begin(), m.bytes.end()};
}

/// Imports one function and starts with it.
std::vector<uint8_t> initModule(bool names) {
  binary::Encoder m = moduleWithTypes({binary::CompositeType()}), s; // () -> ()
  s.u32(1);
  s.name(""); // module ""
  s.name(""); // field ""
  s.u8(extkind::Func);
  s.u32(0); // of type 0
  m.section(coresec::Import, s);
  s = {};
  s.u32(0); // start: function 0
  m.section(coresec::Start, s);
  if (names)
    nameSection(m, "init", {{0, "f"}});
  return {m.bytes.begin(), m.bytes.end()};
}


const binary::CompositeType *funcType(const binary::Module &m, uint32_t typeIndex) {
  for (const binary::RecGroup &g : m.types) {
    if (typeIndex < g.types.size()) {
      const binary::CompositeType &t = g.types[typeIndex].composite;
      return t.kind == binary::typecode::FuncType ? &t : nullptr;
    }
    typeIndex -= uint32_t(g.types.size());
  }
  return nullptr;
}

namespace {

/// The import section `body` with the fields of `renamed` imports replaced;
/// each import's descriptor is copied as read. Nullopt if it does not read
/// (it did once already, so this cannot happen; the caller keeps the bytes).
std::optional<binary::Encoder>
renameImports(llvm::ArrayRef<uint8_t> body,
              llvm::ArrayRef<std::pair<uint32_t, std::string>> renamed) {
  binary::BinaryReader r(body);
  auto count = r.readU32();
  if (!count) {
    llvm::consumeError(count.takeError()); // not renamed: the section is copied as it is
    return std::nullopt;
  }
  binary::Encoder e;
  e.u32(*count);
  size_t next = 0;
  for (uint32_t i = 0; i < *count; ++i) {
    binary::Import imp;
    auto module = r.readName();
    auto name = module ? r.readName() : llvm::Expected<llvm::StringRef>(module.takeError());
    if (!name) {
      llvm::consumeError(name.takeError()); // not renamed: the section is copied as it is
      return std::nullopt;
    }
    const uint8_t *desc = r.position();
    if (llvm::Error err = binary::readImportDesc(r, imp)) {
      llvm::consumeError(std::move(err)); // not renamed: the section is copied as it is
      return std::nullopt;
    }
    e.name(*module);
    bool isRenamed = next < renamed.size() && renamed[next].first == i;
    e.name(isRenamed ? llvm::StringRef(renamed[next++].second) : *name);
    e.raw(llvm::ArrayRef<uint8_t>(desc, r.position()));
  }
  e.raw(llvm::ArrayRef<uint8_t>(r.position(), body.end()));
  return e;
}

} // namespace

ModulePieces withoutWorldSections(llvm::ArrayRef<uint8_t> module,
                                  llvm::ArrayRef<std::pair<uint32_t, std::string>> renamed) {
  ModulePieces out;
  // Kept sections are runs of the input; a run ends where a section is
  // left out or replaced.
  const uint8_t *runStart = module.begin();
  auto endRun = [&](const uint8_t *at) {
    if (at > runStart)
      out.pieces.push_back(llvm::ArrayRef<uint8_t>(runStart, at));
  };
  size_t header = std::min<size_t>(8, module.size());
  binary::BinaryReader r(module.drop_front(header), header);
  while (!r.eof()) {
    const uint8_t *start = r.position();
    auto id = r.readU8();
    auto size = id ? r.readU32() : llvm::Expected<uint32_t>(id.takeError());
    auto body = size ? r.readBytes(*size) : llvm::Expected<llvm::ArrayRef<uint8_t>>(size.takeError());
    if (!body) { // already read once: cannot happen, but never lose bytes
      llvm::consumeError(body.takeError());
      break;
    }
    if (*id == 0) {
      binary::BinaryReader b(*body);
      auto name = b.readName();
      if (name && isComponentTypeSection(*name)) {
        endRun(start);
        runStart = body->end();
        continue;
      }
      if (!name)
        llvm::consumeError(name.takeError()); // an unnamed custom section is copied as it is
    }
    if (*id == binary::coresec::Import && !renamed.empty()) {
      if (std::optional<binary::Encoder> section = renameImports(*body, renamed)) {
        binary::Encoder head;
        head.section(binary::coresec::Import, *section);
        endRun(start);
        out.owned.push_back(std::make_unique<std::vector<uint8_t>>(head.bytes.begin(),
                                                                   head.bytes.end()));
        out.pieces.push_back(*out.owned.back());
        runStart = body->end();
        continue;
      }
    }
  }
  endRun(module.end());
  return out;
}

} // namespace wcomp::adapt
