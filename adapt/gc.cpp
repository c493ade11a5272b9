//===- adapt/gc.cpp - Adapter modules: contract check and GC --------------===//
#include "adapt/gc.h"
#include "adapt/metadata.h"

#include "binary/code_writer.h"
#include "binary/error.h"
#include "binary/name_section.h"
#include "binary/opcodes.h"

#include "llvm/ADT/DenseMap.h"

namespace wcomp::adapt {

using binary::extkind::Func;
namespace ext = binary::extkind;

static llvm::Error contractError(llvm::StringRef name, const std::string &what) {
  return binary::makeError(binary::WasmError::NoOffset,
                           "adapter `" + name.str() + "` breaks the adapter contract: " + what);
}

llvm::Error checkAdapter(const binary::Module &m, llvm::StringRef name) {
  bool memory = false;
  for (const binary::Import &imp : m.imports) {
    if (imp.kind == ext::Memory) {
      if (memory)
        return contractError(name, "it imports more than one memory");
      memory = true;
      continue;
    }
    if (imp.kind != ext::Func)
      return contractError(name, "it imports `" + imp.module.str() + "` `" + imp.name.str() +
                                     "`, which is not a function or its memory");
    // Which modules a function may come from (the adapter's world's
    // imports, `__main_module__`, the built-ins) is the planner's check,
    // against the adapter's world.
  }
  // No memory at all is fine (wasm-tools accepts it): such an adapter
  // passes nothing through memory and is instantiated without one.
  if (!m.memories.empty())
    return contractError(name, "it defines a memory; it must use the main module's, imported");
  if (!m.data.empty())
    return contractError(name, "it has data segments (its memory is the main module's, so "
                               "there is no place for them)");
  for (const binary::ElementSegment &e : m.elements)
    if (!e.declarative())
      return contractError(name, "it has element segments");
  return llvm::Error::success();
}

namespace {

uint32_t findOrAddFuncType(binary::Module &m, std::vector<binary::ValType> params,
                           std::vector<binary::ValType> results) {
  uint32_t index = 0;
  for (const binary::RecGroup &g : m.types)
    for (const binary::SubType &t : g.types) {
      if (!g.explicitRec && t.form == 0 && t.composite.kind == binary::typecode::FuncType &&
          t.composite.params == params && t.composite.results == results)
        return index;
      ++index;
    }
  binary::RecGroup g;
  binary::SubType t;
  t.composite.params = std::move(params);
  t.composite.results = std::move(results);
  g.types.push_back(std::move(t));
  m.types.push_back(std::move(g));
  return index;
}

/// Encodes a body (locals, code) from raw code bytes into a FunctionBody
/// that the writer copies as is.
binary::FunctionBody rawBody(std::vector<uint8_t> &storage) {
  binary::FunctionBody b;
  b.bytes = storage;
  return b;
}

/// One garbage collection of an adapter, in phases: find the stack globals,
/// mark what the kept exports reach, renumber what is kept, inject the
/// synthesized functions, write the module.
class AdapterGc {
public:
  AdapterGc(binary::Module &m, llvm::StringRef name, const AdapterGcOptions &opts)
      : m(m), name(name), opts(opts) {
    for (const binary::Import &imp : m.imports) {
      numImported += imp.kind == ext::Func;
      numImportedGlobals += imp.kind == ext::Global;
      importsMemory |= imp.kind == ext::Memory;
      if (imp.kind == ext::Memory && imp.memory.hasPageSize())
        pageLog2 = imp.memory.pageSizeLog2;
    }
    numFuncs = numImported + m.functions.size();
  }

  llvm::Expected<std::vector<uint8_t>> run() {
    WCOMP_CHECK(findStackGlobals());
    WCOMP_CHECK(mark());
    renumber();
    inject();
    return write();
  }

private:
  /// `__stack_pointer` and `allocation_state`, by the names the adapter's
  /// linker keeps for them in the name section.
  llvm::Error findStackGlobals() {
    for (const binary::CustomSection &c : m.customs)
      if (c.name == "name") {
        binary::ModuleNames names = binary::decodeNames(c.data);
        for (auto &[idx, n] : names.spaces[binary::namespace_::Globals]) {
          if (n == "__stack_pointer")
            stackPointer = idx;
          else if (n == "allocation_state")
            allocationState = idx;
        }
      }
    auto isMutI32Global = [&](std::optional<uint32_t> g) {
      if (!g || *g < numImportedGlobals || *g - numImportedGlobals >= m.globals.size())
        return false;
      const binary::GlobalType &t = m.globals[*g - numImportedGlobals].type;
      return t.mut() && t.type.code == binary::typecode::I32;
    };
    if (stackPointer && !isMutI32Global(stackPointer))
      return contractError(name, "`__stack_pointer` must be a defined, mutable i32 global");
    if (!isMutI32Global(allocationState))
      allocationState.reset();
    return llvm::Error::success();
  }

  void markFunc(uint32_t f) {
    if (f < numFuncs && !live[f]) {
      live[f] = true;
      work.push_back(f);
    }
  }

  /// Marks the functions the kept exports, the start function, the stack
  /// allocation and global initializers reach.
  llvm::Error mark() {
    live.assign(numFuncs, false);
    for (const std::string &e : opts.exports) {
      auto it = std::find_if(m.exports.begin(), m.exports.end(),
                             [&](const binary::Export &x) { return x.name == e; });
      if (it == m.exports.end() || it->kind != ext::Func)
        return binary::makeError(binary::WasmError::NoOffset,
                                 "adapter `" + name.str() + "` does not export function `" + e + "`");
      if (std::none_of(exports.begin(), exports.end(),
                       [&](const binary::Export &x) { return x.name == e; }))
        exports.push_back(*it);
      markFunc(it->index);
    }
    if (m.start)
      markFunc(*m.start);
    // The injected stack allocation calls the main module's realloc.
    uint32_t fi = 0;
    for (const binary::Import &imp : m.imports) {
      if (imp.kind != ext::Func)
        continue;
      if (imp.module == "__main_module__" && imp.name == "cabi_realloc")
        reallocImport = fi;
      ++fi;
    }
    if (stackPointer && allocationState && reallocImport)
      markFunc(*reallocImport);
    while (!work.empty()) {
      uint32_t f = work.back();
      work.pop_back();
      if (f < numImported)
        continue;
      binary::FunctionBody &body = m.code[f - numImported];
      if (!body.decoded)
        WCOMP_CHECK(binary::decodeFunctionBody(body));
      for (const binary::Operator &op : body.code.ops)
        if (refersToFunc(op, false))
          markFunc(op.a);
    }
    for (const binary::Global &g : m.globals)
      for (const binary::Operator &op : g.init.ops)
        if (refersToFunc(op, true))
          markFunc(op.a);
    return llvm::Error::success();
  }

  /// An instruction naming a function: calls in bodies, ref.func anywhere.
  static bool refersToFunc(const binary::Operator &op, bool constant) {
    return op.op == binary::Opcode::RefFunc ||
           (!constant && (op.op == binary::Opcode::Call || op.op == binary::Opcode::ReturnCall));
  }

  /// The new function index space: kept imports, kept definitions, then
  /// what is injected; every reference rewritten to it.
  void renumber() {
    // The synthesized realloc grows the (imported) memory: none, no realloc.
    synthRealloc = importsMemory && reallocImport && live[*reallocImport] && !opts.mainHasRealloc;
    uint32_t fi = 0;
    for (const binary::Import &imp : m.imports) {
      if (imp.kind != ext::Func) {
        imports.push_back(imp);
        continue;
      }
      uint32_t old = fi++;
      if (!live[old] || (synthRealloc && old == *reallocImport))
        continue;
      remap[old] = next++;
      imports.push_back(imp);
    }
    for (uint32_t i = 0; i < m.functions.size(); ++i) {
      if (!live[numImported + i])
        continue;
      remap[numImported + i] = next++;
      functions.push_back(m.functions[i]);
      code.push_back(std::move(m.code[i]));
    }
    // The synthesized realloc comes right after the kept definitions; calls
    // to the import it replaces go to it.
    if (synthRealloc)
      remap[*reallocImport] = next++;
    for (binary::FunctionBody &b : code)
      for (binary::Operator &op : b.code.ops)
        if (refersToFunc(op, false))
          op.a = remap.lookup(op.a);
    for (binary::Global &g : m.globals)
      for (binary::Operator &op : g.init.ops)
        if (refersToFunc(op, true))
          op.a = remap.lookup(op.a);
  }

  /// Code growing the imported memory by one 64 KiB block (in its own page
  /// size: custom-page-sizes), leaving the block's address in `local`.
  void growOnePage(binary::Encoder &b, uint32_t local) const {
    using binary::Opcode;
    int32_t growPages = pageLog2 >= 16 ? 1 : int32_t(1) << (16 - pageLog2);
    binary::CodeWriter c(b);
    c.i32Const(growPages).memoryGrow(0).localTee(local); // 64 KiB more
    c.i32Const(-1).op(Opcode::I32Eq).ifEmpty().op(Opcode::Unreachable).end(); // failed: trap
    c.localGet(local);
    if (pageLog2 > 0)
      c.i32Const(int32_t(pageLog2)).op(Opcode::I32Shl); // page index << log2
  }

  /// Appends a synthesized body.
  void addBody(const binary::Encoder &b) {
    storage.emplace_back(b.bytes.begin(), b.bytes.end());
    code.push_back(rawBody(storage.back()));
  }

  /// The synthesized `cabi_realloc` and the start function allocating the
  /// shadow stack.
  void inject() {
    using binary::ValType;
    ValType i32 = ValType::num(binary::typecode::I32);
    storage.reserve(2); // bodies point into it: no reallocation
    if (synthRealloc) {
      // `cabi_realloc` for the adapter's one use: a fresh 64 KiB page.
      functions.push_back(findOrAddFuncType(m, {i32, i32, i32, i32}, {i32}));
      binary::Encoder b;
      binary::CodeWriter c(b);
      using binary::Opcode;
      c.locals({{1, binary::typecode::I32}});
      // Only fresh allocations of exactly 64 KiB: anything else traps.
      c.localGet(0).ifEmpty().op(Opcode::Unreachable).end(); // an old pointer
      c.localGet(1).ifEmpty().op(Opcode::Unreachable).end(); // an old size
      c.localGet(3).i32Const(65536).op(Opcode::I32Ne).ifEmpty().op(Opcode::Unreachable).end();
      growOnePage(b, 4);
      c.end();
      addBody(b);
    }
    if (!stackPointer) {
      if (m.start)
        m.start = remap.lookup(*m.start);
      return;
    }
    binary::Encoder b;
    binary::CodeWriter c(b);
    using binary::Opcode;
    uint32_t sp = *stackPointer;
    if (allocationState && reallocImport) {
      uint32_t st = *allocationState;
      c.locals({});
      c.globalGet(st).op(Opcode::I32Eqz).ifEmpty(); // if state == 0
      c.i32Const(1).globalSet(st);
      c.i32Const(0).i32Const(0).i32Const(8).i32Const(65536).call(remap.lookup(*reallocImport));
      c.i32Const(65536).op(Opcode::I32Add).globalSet(sp);
      c.i32Const(2).globalSet(st);
      c.end();
    } else {
      // No state to guard re-entry through realloc: take a page of our own.
      c.locals({{1, binary::typecode::I32}});
      growOnePage(b, 0);
      c.i32Const(65536).op(Opcode::I32Add).globalSet(sp);
    }
    if (m.start)
      c.call(remap.lookup(*m.start));
    c.end();
    functions.push_back(findOrAddFuncType(m, {}, {}));
    m.start = next++;
    addBody(b);
  }

  /// The module with what was kept, without its name and component-type
  /// sections.
  std::vector<uint8_t> write() {
    for (binary::Export &e : exports)
      e.index = remap.lookup(e.index);
    m.imports = std::move(imports);
    m.functions = std::move(functions);
    m.code = std::move(code);
    m.exports = std::move(exports);
    std::vector<binary::CustomSection> customs;
    for (const binary::CustomSection &c : m.customs)
      if (c.name != "name" && !isComponentTypeSection(c.name))
        customs.push_back(c);
    m.customs = std::move(customs);
    m.sectionOrder.clear();
    binary::Encoder e;
    binary::writeModule(e, m);
    return std::vector<uint8_t>(e.bytes.begin(), e.bytes.end());
  }

  binary::Module &m;
  llvm::StringRef name;
  const AdapterGcOptions &opts;
  uint32_t numImported = 0, numImportedGlobals = 0;
  size_t numFuncs = 0;
  bool importsMemory = false;
  uint32_t pageLog2 = 16; ///< of the imported memory
  std::optional<uint32_t> stackPointer, allocationState, reallocImport;
  // mark
  std::vector<bool> live;
  std::vector<uint32_t> work;
  std::vector<binary::Export> exports;
  // renumber and inject
  bool synthRealloc = false;
  llvm::DenseMap<uint32_t, uint32_t> remap;
  uint32_t next = 0;
  std::vector<binary::Import> imports;
  std::vector<uint32_t> functions;
  std::vector<binary::FunctionBody> code;
  std::vector<std::vector<uint8_t>> storage; ///< synthesized bodies' bytes
};

} // namespace

llvm::Expected<std::vector<uint8_t>> gcAdapter(binary::Module m, llvm::StringRef name,
                                               const AdapterGcOptions &opts) {
  WCOMP_CHECK(checkAdapter(m, name));
  return AdapterGc(m, name, opts).run();
}

} // namespace wcomp::adapt
