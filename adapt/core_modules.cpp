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

#include "binary/reader.h"
#include "binary/types.h"
#include "binary/writer.h"

namespace wcomp::adapt {

namespace {

void funcTypeBytes(binary::Encoder &e, const binary::CompositeType &t) {
  e.u8(0x60);
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
  body.section(0x00, sub);
  if (!funcs.empty()) {
    binary::Encoder f;
    f.u32(uint32_t(funcs.size()));
    for (auto &[i, n] : funcs) {
      f.u32(i);
      f.name(n);
    }
    body.section(0x01, f);
  }
  m.section(0x00, body);
}

binary::Encoder moduleHeader() {
  binary::Encoder m;
  m.raw({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
  return m;
}

/// A module's header and a type section of `types`.
binary::Encoder moduleWithTypes(const std::vector<binary::CompositeType> &types) {
  binary::Encoder m = moduleHeader(), s;
  s.u32(uint32_t(types.size()));
  for (const auto &t : types)
    funcTypeBytes(s, t);
  m.section(1, s);
  return m;
}

} // namespace

/// `n` function types, and function `i` (exported as "i") calling what
/// slot `i` holds with its own arguments: slot `i` of an exported table of
/// `n` funcrefs (`call_indirect`), or (`returnCallRef`) the exported global
/// "g<i>" of type `(mut (ref i))`, which holds a trapping stub until the
/// fixup module sets it (`return_call_ref`).
std::vector<uint8_t> shimModule(const std::vector<binary::CompositeType> &types,
                                const binary::Limits *memory, const binary::ValType *tlsBase,
                                bool returnCallRef, const std::vector<std::string> *names) {
  uint32_t n = uint32_t(types.size());
  // The TLS base accessors take the two types after the shims'.
  std::vector<binary::CompositeType> all = types;
  if (tlsBase) {
    all.emplace_back().results.push_back(*tlsBase);
    all.emplace_back().params.push_back(*tlsBase);
  }
  // Functions: the shims, the TLS accessors, then (returnCallRef) one
  // trapping stub per shim. Globals: the TLS base, then the slots.
  uint32_t stubs = uint32_t(all.size());
  uint32_t funcs = stubs + (returnCallRef ? n : 0);
  uint32_t slotGlobals = tlsBase ? 1 : 0;
  binary::Encoder m = funcs ? moduleWithTypes(all) : moduleHeader(), s;
  if (funcs) {
    s.u32(funcs);
    for (uint32_t i = 0; i < uint32_t(all.size()); ++i)
      s.u32(i);
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i)
      s.u32(i);
    m.section(3, s);
  }
  if (n && !returnCallRef) {
    s = {};
    s.u32(1);
    s.raw({0x70, 0x01});
    s.u32(n);
    s.u32(n);
    m.section(4, s);
  }
  if (memory) {
    s = {};
    s.u32(1);
    binary::writeLimits(s, *memory);
    m.section(5, s);
  }
  uint32_t globals = slotGlobals + (returnCallRef ? n : 0);
  if (globals) {
    s = {};
    s.u32(globals);
    if (tlsBase) {
      binary::writeValType(s, *tlsBase);
      s.u8(0x01); // mutable
      s.u8(tlsBase->code == binary::typecode::I64 ? 0x42 : 0x41);
      s.u8(0x00);
      s.u8(0x0b);
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i) {
      s.u8(0x64); // (ref i), not nullable
      s.s33(int64_t(i));
      s.u8(0x01); // mutable
      s.u8(0xd2); // ref.func stub
      s.u32(stubs + i);
      s.u8(0x0b);
    }
    m.section(6, s);
  }
  s = {};
  uint32_t table = n && !returnCallRef ? 1 : 0;
  s.u32(n * (returnCallRef ? 2 : 1) + table + (memory ? 1 : 0) + (tlsBase ? 2 : 0));
  if (table) {
    s.name("$imports");
    s.raw({0x01, 0x00});
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (returnCallRef) {
      s.name("g" + std::to_string(i));
      s.u8(0x03);
      s.u32(slotGlobals + i);
    }
    s.name(std::to_string(i));
    s.u8(0x00);
    s.u32(i);
  }
  if (memory) {
    s.name("memory");
    s.raw({0x02, 0x00});
  }
  if (tlsBase) {
    s.name("$get-tls-base");
    s.u8(0x00);
    s.u32(n);
    s.name("$set-tls-base");
    s.u8(0x00);
    s.u32(n + 1);
  }
  m.section(7, s);
  if (funcs) {
    s = {};
    s.u32(funcs);
    for (uint32_t i = 0; i < n; ++i) {
      binary::Encoder body;
      body.u8(0); // no locals
      for (uint32_t k = 0; k < types[i].params.size(); ++k) {
        body.u8(0x20);
        body.u32(k);
      }
      if (returnCallRef) {
        body.u8(0x23); // global.get slot
        body.u32(slotGlobals + i);
        body.u8(0x15); // return_call_ref i
        body.u32(i);
      } else {
        body.u8(0x41);
        body.s32(int32_t(i));
        body.u8(0x11);
        body.u32(i);
        body.u8(0x00);
      }
      body.u8(0x0b);
      s.byteVec(body.bytes);
    }
    if (tlsBase) {
      s.byteVec({0x00, 0x23, 0x00, 0x0b});             // global.get 0
      s.byteVec({0x00, 0x20, 0x00, 0x24, 0x00, 0x0b}); // local.get 0; global.set 0
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i)
      s.byteVec({0x00, 0x00, 0x0b}); // unreachable: called before the fixup ran
    m.section(10, s);
  }
  if (names) {
    std::vector<std::pair<uint32_t, std::string>> funcNames;
    for (uint32_t i = 0; i < n && i < names->size(); ++i)
      funcNames.push_back({i, (*names)[i]});
    if (tlsBase) {
      funcNames.push_back({n, "$get-tls-base"});
      funcNames.push_back({n + 1, "$set-tls-base"});
    }
    for (uint32_t i = 0; i < (returnCallRef ? n : 0); ++i)
      funcNames.push_back({stubs + i, "trap stub before initialization"});
    nameSection(m, "shim", funcNames);
  }
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
    s.u8(0x00);
    s.u32(i);
    if (returnCallRef) {
      s.name("");
      s.name("g" + std::to_string(i));
      s.u8(0x03);
      s.u8(0x64);
      s.s33(int64_t(i));
      s.u8(0x01);
    }
  }
  if (!returnCallRef) {
    s.name("");
    s.name("$imports");
    s.raw({0x01, 0x70, 0x01});
    s.u32(n);
    s.u32(n);
  }
  m.section(2, s);
  if (!returnCallRef) {
    s = {};
    s.u32(1);
    s.raw({0x00, 0x41, 0x00, 0x0b});
    s.u32(n);
    for (uint32_t i = 0; i < n; ++i)
      s.u32(i);
    m.section(9, s);
    if (names)
      nameSection(m, "fixup");
    return {m.bytes.begin(), m.bytes.end()};
  }
  s = {};
  s.u32(1);
  s.u32(n); // the start function's type
  m.section(3, s);
  s = {};
  s.u32(n); // start: function n
  m.section(8, s);
  s = {};
  s.u32(1);
  s.u8(0x03); // declarative: the functions ref.func names
  s.u8(0x00);
  s.u32(n);
  for (uint32_t i = 0; i < n; ++i)
    s.u32(i);
  m.section(9, s);
  binary::Encoder body;
  body.u8(0);
  for (uint32_t i = 0; i < n; ++i) {
    body.u8(0xd2); // ref.func i
    body.u32(i);
    body.u8(0x24); // global.set i
    body.u32(i);
  }
  body.u8(0x0b);
  s = {};
  s.u32(1);
  s.byteVec(body.bytes);
  m.section(10, s);
  if (names)
    nameSection(m, "fixup", {{n, "start"}});
  return {m.bytes.begin(), m.bytes.end()};
}

/// Imports one function and starts with it.
std::vector<uint8_t> initModule(bool names) {
  binary::Encoder m = moduleHeader(), s;
  s.raw({0x01, 0x60, 0x00, 0x00});
  m.section(1, s);
  s = {};
  s.raw({0x01, 0x00, 0x00, 0x00, 0x00});
  m.section(2, s);
  s = {};
  s.u8(0);
  m.section(8, s);
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
