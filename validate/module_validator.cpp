#include "validate/module_validator.h"

#include "binary/component.h"
#include "binary/io.h"
#include "validate/component_validator.h"
#include "validate/func_validator.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Parallel.h"
#include "llvm/Support/Threading.h"

#include <atomic>
#include <mutex>

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {

/// Collects the functions that `ref.func` may name inside bodies.
void declareRefs(const Expr &x, std::vector<bool> &declared) {
  for (const Operator &op : x.ops)
    if (op.op == Opcode::RefFunc && op.a < declared.size())
      declared[op.a] = true;
}

class ModuleValidator {
public:
  ModuleValidator(const Module &m, const ValidateOptions &opts) : m(m), opts(opts) {
    env.features = opts.features;
    env.fastPaths = opts.fastPaths;
  }
  llvm::Error run();

private:
  uint64_t sectionOffset(uint8_t id) const {
    for (size_t i = 0; i < m.sectionOrder.size(); ++i)
      if (m.sectionOrder[i] == id)
        return m.sectionOffsets[i];
    return WasmError::NoOffset;
  }
  llvm::Error need(Feature f, uint64_t at) const {
    if (env.features.has(f))
      return llvm::Error::success();
    return makeError(at, notEnabled(f));
  }
  /// As need(), with wasm-tools' message for the construct at hand.
  llvm::Error need(Feature f, uint64_t at, const char *message) const {
    if (env.features.has(f))
      return llvm::Error::success();
    return makeError(at, message);
  }
  llvm::Error checkFuncType(uint32_t idx, uint64_t at) const {
    if (idx >= env.types.size())
      return makeError(at, "unknown type " + llvm::Twine(idx) + ": type index out of bounds");
    if (!env.types.isFunc(idx))
      return makeError(at, "type index " + llvm::Twine(idx) + " is not a function type");
    return llvm::Error::success();
  }
  llvm::Error checkTable(const TableType &t, uint64_t at) const;
  /// The globals a constant expression may read: the imported ones, and
  /// (with gc) the ones defined before it.
  uint32_t visibleGlobals() const {
    return env.features.has(Feature::Gc) ? uint32_t(env.globals.size()) : env.numImportedGlobals;
  }
  llvm::Error checkMemory(const Limits &l, uint64_t at) const;
  llvm::Error checkTag(const TagType &t, uint64_t at) const;
  llvm::Error checkGlobalType(const GlobalType &g, uint64_t at) const;
  llvm::Error constExpr(const Expr &x, uint64_t at, const ValType &t, uint32_t visibleGlobals);
  llvm::Error validateBodies();
  // run()'s parts, section by section.
  llvm::Error importSection();
  void declareFuncRefs();
  llvm::Error definitions();
  llvm::Error exportsAndStart();
  llvm::Error elementSection();
  llvm::Error dataSection();

  const Module &m;
  const ValidateOptions &opts;
  ModuleEnv env;
public:
  uint64_t base = 0; ///< where the module starts in the input (for the observer)
private:
  std::unique_ptr<FuncValidator> constValidator;
};

llvm::Error ModuleValidator::checkTable(const TableType &t, uint64_t at) const {
  // funcref tables are the MVP's; other element types are reference types'.
  HeapType h = t.elem.heapType();
  bool funcref = t.elem.isRef() && t.elem.nullable() && h.kind == HeapType::Abstract &&
                 h.value == tc::Func && !h.exact;
  if (!funcref)
    WCOMP_CHECK(env.types.checkValType(t.elem, at, env.features));
  if (!t.elem.isRef())
    return makeError(at, "type mismatch: table element type must be a reference type");
  const Limits &l = t.limits;
  if (l.is64())
    WCOMP_CHECK(need(Feature::Memory64, at));
  if (l.shared()) {
    WCOMP_CHECK(need(Feature::SharedEverythingThreads, at, "shared tables require the shared-everything-threads proposal"));
  }
  uint64_t max = l.is64() ? ~uint64_t(0) : UINT32_MAX;
  if (l.min > max || (l.hasMax() && l.max > max))
    return makeError(at, "table size must be at most 2**32-1 elements");
  if (l.hasMax() && l.min > l.max)
    return makeError(at, "size minimum must not be greater than maximum");
  if (l.shared() && !env.types.valShared(t.elem))
    return makeError(at, "shared tables must have a shared element type");
  return llvm::Error::success();
}

llvm::Error ModuleValidator::checkMemory(const Limits &l, uint64_t at) const {
  if (l.is64())
    WCOMP_CHECK(need(Feature::Memory64, at));
  uint32_t pageLog2 = 16;
  if (l.hasPageSize()) {
    WCOMP_CHECK(need(Feature::CustomPageSizes, at));
    if (l.pageSizeLog2 != 0 && l.pageSizeLog2 != 16)
      return makeError(at, "invalid custom page size");
    pageLog2 = l.pageSizeLog2;
  }
  // The byte size must fit the address space: 2^32 (or 2^64) bytes.
  // Shifting by 64 is undefined: a 64-bit memory of 1-byte pages has no page limit.
  uint64_t maxPages = l.is64() ? (pageLog2 == 0 ? ~uint64_t(0) : uint64_t(1) << (64 - pageLog2))
                               : uint64_t(1) << (32 - pageLog2);
  if (l.min > maxPages || (l.hasMax() && l.max > maxPages))
    return makeError(at, l.is64() ? "memory size must be at most 2**48 pages"
                                  : "memory size must be at most 65536 pages (4GiB)");
  if (l.hasMax() && l.min > l.max)
    return makeError(at, "size minimum must not be greater than maximum");
  if (l.shared()) {
    WCOMP_CHECK(need(Feature::Threads, at));
    if (!l.hasMax())
      return makeError(at, "shared memory must have maximum size");
  }
  return llvm::Error::success();
}

llvm::Error ModuleValidator::checkTag(const TagType &t, uint64_t at) const {
  WCOMP_CHECK(need(Feature::Exceptions, at));
  WCOMP_CHECK(checkFuncType(t.typeIndex, at));
  // Tags with results are stack switching's (they suspend with a value).
  if (!env.types.composite(t.typeIndex).results.empty() &&
      !env.features.has(Feature::StackSwitching))
    return makeError(at, "invalid exception type: non-empty tag result type");
  return llvm::Error::success();
}

llvm::Error ModuleValidator::checkGlobalType(const GlobalType &g, uint64_t at) const {
  WCOMP_CHECK(env.types.checkValType(g.type, at, env.features));
  if (g.flags & 2) {
    WCOMP_CHECK(need(Feature::SharedEverythingThreads, at, "shared globals require the shared-everything-threads proposal"));
    if (!env.types.valShared(g.type))
      return makeError(at, "shared globals must have a shared value type");
  }
  return llvm::Error::success();
}

llvm::Error ModuleValidator::constExpr(const Expr &x, uint64_t at, const ValType &t, uint32_t visible) {
  if (!constValidator)
    constValidator = std::make_unique<FuncValidator>(env);
  return constValidator->validateConstExpr(x, at, t, visible);
}

llvm::Error ModuleValidator::run() {
  uint64_t at = sectionOffset(coresec::Type);
  for (const RecGroup &g : m.types)
    WCOMP_CHECK(env.types.addRecGroup(g, at, env.features));
  WCOMP_CHECK(importSection());
  at = sectionOffset(coresec::Function);
  for (uint32_t t : m.functions) {
    WCOMP_CHECK(checkFuncType(t, at));
    env.funcTypes.push_back(t);
  }
  declareFuncRefs();
  WCOMP_CHECK(definitions());
  WCOMP_CHECK(exportsAndStart());
  WCOMP_CHECK(elementSection());
  WCOMP_CHECK(dataSection());
  return validateBodies();
}

/// Each import's type, added to its index space.
llvm::Error ModuleValidator::importSection() {
  uint64_t at = sectionOffset(coresec::Import);
  for (const Import &imp : m.imports) {
    if (imp.compact && !env.features.has(Feature::CompactImports))
      return makeError(at, "invalid leading byte 0x" + llvm::utohexstr(imp.compact, false) +
                               " with compact imports proposal disabled");
    switch (imp.kind) {
    case extkind::Func:
    case extkind::ExactFunc:
      if (imp.kind == extkind::ExactFunc)
        WCOMP_CHECK(need(Feature::CustomDescriptors, at));
      WCOMP_CHECK(checkFuncType(imp.index, at));
      env.funcTypes.push_back(imp.index);
      // An inexact import may be given any subtype, so references to it
      // cannot claim its exact type.
      env.inexactFuncs.push_back(imp.kind == extkind::Func);
      break;
    case extkind::Table:
      WCOMP_CHECK(checkTable(imp.table, at));
      env.tables.push_back(imp.table);
      break;
    case extkind::Memory:
      WCOMP_CHECK(checkMemory(imp.memory, at));
      env.memories.push_back(imp.memory);
      break;
    case extkind::Global:
      WCOMP_CHECK(checkGlobalType(imp.global, at));
      // Sharing a mutable global with the host is the mutable-global
      // proposal's; defining one is the MVP's.
      if (imp.global.mut())
        WCOMP_CHECK(need(Feature::MutableGlobal, at));
      env.globals.push_back(imp.global);
      ++env.numImportedGlobals;
      break;
    case extkind::Tag:
      WCOMP_CHECK(checkTag(imp.tag, at));
      env.tags.push_back(imp.tag.typeIndex);
      break;
    }
  }
  return llvm::Error::success();
}

/// Which functions `ref.func` may name in bodies: those referred to
/// outside function bodies (tables, globals, elements, exports).
void ModuleValidator::declareFuncRefs() {
  env.declaredFuncs.assign(env.funcTypes.size(), false);
  // Function references declared outside function bodies.
  for (const Table &t : m.tables)
    if (t.init)
      declareRefs(*t.init, env.declaredFuncs);
  for (const Global &g : m.globals)
    declareRefs(g.init, env.declaredFuncs);
  for (const ElementSegment &seg : m.elements) {
    for (uint32_t f : seg.funcs)
      if (f < env.declaredFuncs.size())
        env.declaredFuncs[f] = true;
    for (const Expr &x : seg.exprs)
      declareRefs(x, env.declaredFuncs);
  }
  for (const Export &x : m.exports)
    if (x.kind == extkind::Func && x.index < env.declaredFuncs.size())
      env.declaredFuncs[x.index] = true;

}

/// The tables, memories, tags and globals the module defines.
llvm::Error ModuleValidator::definitions() {
  uint64_t at = sectionOffset(coresec::Table);
  for (const Table &t : m.tables) {
    WCOMP_CHECK(checkTable(t.type, at));
    if (t.init) {
      WCOMP_CHECK(need(Feature::FunctionReferences, at));
      WCOMP_CHECK(constExpr(*t.init, at, t.type.elem, uint32_t(env.globals.size())));
    } else if (!t.type.elem.nullable()) {
      return makeError(at, "type mismatch: non-defaultable element type " + TypeContext::name(t.type.elem) +
                               " requires a table initializer");
    }
    env.tables.push_back(t.type);
  }
  if (env.tables.size() > 1)
    WCOMP_CHECK(need(Feature::ReferenceTypes, at));
  at = sectionOffset(coresec::Memory);
  for (const Limits &l : m.memories) {
    WCOMP_CHECK(checkMemory(l, at));
    env.memories.push_back(l);
  }
  if (env.memories.size() > 1)
    WCOMP_CHECK(need(Feature::MultiMemory, at));
  at = sectionOffset(coresec::Tag);
  // The section itself is the proposal's, even empty (as wasm-tools).
  if (llvm::is_contained(m.sectionOrder, coresec::Tag))
    WCOMP_CHECK(need(Feature::Exceptions, at));
  for (const TagType &t : m.tags) {
    WCOMP_CHECK(checkTag(t, at));
    env.tags.push_back(t.typeIndex);
  }
  at = sectionOffset(coresec::Global);
  for (const Global &g : m.globals) {
    WCOMP_CHECK(checkGlobalType(g.type, at));
    // Globals may read imported globals, and (with GC) earlier defined ones.
    WCOMP_CHECK(constExpr(g.init, at, g.type.type, visibleGlobals()));
    env.globals.push_back(g.type);
  }
  return llvm::Error::success();
}

/// Export names and indices; the start function's index and type.
llvm::Error ModuleValidator::exportsAndStart() {
  uint64_t at = sectionOffset(coresec::Export);
  llvm::StringSet<> names;
  for (const Export &x : m.exports) {
    if (!names.insert(x.name).second)
      return makeError(at, "duplicate export name `" + x.name + "` already defined");
    size_t limit = 0;
    switch (x.kind) {
    case extkind::Func: limit = env.funcTypes.size(); break;
    case extkind::Table: limit = env.tables.size(); break;
    case extkind::Memory: limit = env.memories.size(); break;
    case extkind::Global: limit = env.globals.size(); break;
    case extkind::Tag: limit = env.tags.size(); break;
    }
    if (x.index >= limit)
      return makeError(at, "unknown " + sectionName(false, x.kind == extkind::Func ? coresec::Function
                                                       : x.kind == extkind::Table  ? coresec::Table
                                                       : x.kind == extkind::Memory ? coresec::Memory
                                                       : x.kind == extkind::Global ? coresec::Global
                                                                                   : coresec::Tag) +
                               " " + llvm::Twine(x.index) + ": exported index out of bounds");
    if (x.kind == extkind::Global && env.globals[x.index].mut())
      WCOMP_CHECK(need(Feature::MutableGlobal, at));
  }
  if (m.start) {
    at = sectionOffset(coresec::Start);
    if (*m.start >= env.funcTypes.size())
      return makeError(at, "unknown function " + llvm::Twine(*m.start) + ": start function index out of bounds");
    const CompositeType &c = env.types.composite(env.funcTypes[*m.start]);
    if (!c.params.empty() || !c.results.empty())
      return makeError(at, "invalid start function type: must take no parameters and return nothing");
  }
  return llvm::Error::success();
}

/// Element segments: types, tables, offsets, function indices.
llvm::Error ModuleValidator::elementSection() {
  uint64_t at = sectionOffset(coresec::Element);
  for (const ElementSegment &seg : m.elements) {
    // A segment of function indices holds non-null function references.
    ValType t = seg.usesExprs() ? seg.type : ValType::ref(false, HeapType::abstract(tc::Func));
    if (seg.usesExprs())
      WCOMP_CHECK(env.types.checkValType(t, at, env.features));
    if ((seg.passive() || seg.declarative()) && !env.features.has(Feature::BulkMemory))
      return makeError(at, "bulk memory must be enabled");
    if (!seg.passive() && !seg.declarative()) {
      if (seg.table >= env.tables.size())
        return makeError(at, "unknown table " + llvm::Twine(seg.table) + ": table index out of bounds");
      const TableType &table = env.tables[seg.table];
      WCOMP_CHECK(constExpr(seg.offset, at, ValType::num(table.limits.is64() ? tc::I64 : tc::I32),
                            visibleGlobals()));
      if (!env.types.matches(t, table.elem))
        return makeError(at, "type mismatch: element segment type " + TypeContext::name(t) +
                                 " does not match table type " + TypeContext::name(table.elem));
    }
    for (uint32_t f : seg.funcs)
      if (f >= env.funcTypes.size())
        return makeError(at, "unknown function " + llvm::Twine(f) + ": function index out of bounds");
    for (const Expr &x : seg.exprs)
      WCOMP_CHECK(constExpr(x, at, t, visibleGlobals()));
    env.elemTypes.push_back(t);
  }
  return llvm::Error::success();
}

/// Data segments: the bulk-memory forms, memories, offsets.
llvm::Error ModuleValidator::dataSection() {
  env.dataCount = m.dataCount;
  uint64_t at = sectionOffset(coresec::Data);
  if (m.dataCount && !env.features.has(Feature::BulkMemory))
    return makeError(sectionOffset(coresec::DataCount),
                     "data count section requires the bulk-memory proposal");
  for (const DataSegment &seg : m.data) {
    if (seg.flags == 1) {
      if (!env.features.has(Feature::BulkMemory))
        return makeError(at, "passive data segments require the bulk-memory proposal");
      continue;
    }
    ValType addr;
    if (seg.memory >= env.memories.size())
      return makeError(at, "unknown memory " + llvm::Twine(seg.memory));
    addr = ValType::num(env.memories[seg.memory].is64() ? tc::I64 : tc::I32);
    WCOMP_CHECK(constExpr(seg.offset, at, addr, visibleGlobals()));
  }
  return llvm::Error::success();
}

llvm::Error ModuleValidator::validateBodies() {
  size_t n = m.code.size();
  if (n == 0)
    return llvm::Error::success();
  uint32_t firstDefined = uint32_t(env.funcTypes.size() - m.functions.size());
  // Contiguous chunks of about equal code size (function sizes vary by orders
  // of magnitude), several per thread, each with one reusable validator.
  uint64_t total = 0;
  for (const FunctionBody &b : m.code)
    total += b.bytes.size() + 1;
  unsigned threads = opts.threads ? opts.threads : llvm::hardware_concurrency().compute_thread_count();
  if (opts.observer) {
    // In order, every function, each instruction reported.
    FuncValidator v(env);
    llvm::Error first = llvm::Error::success();
    for (size_t i = 0; i < n; ++i) {
      v.observer = [&](size_t op, llvm::ArrayRef<ValType> stack, bool failed) {
        opts.observer(base, uint32_t(i), op, stack, failed);
      };
      if (llvm::Error err = v.validateFunction(firstDefined + uint32_t(i), m.code[i])) {
        err = addContext(std::move(err), "func " + llvm::Twine(firstDefined + i) +
                                             " failed to validate");
        if (!first)
          first = std::move(err);
        else
          // only the first failing body is reported, as wasm-tools does
          llvm::consumeError(std::move(err));
      }
    }
    return first;
  }
  // Starting the pool costs about a millisecond, more than validating this
  // much code takes on one thread (a few hundred MB/s).
  constexpr uint64_t ParallelMinBytes = 256 * 1024;
  if (!opts.threads && total < ParallelMinBytes)
    threads = 1;
  size_t chunks = std::min<size_t>(n, threads == 1 ? 1 : threads * 16);
  std::vector<size_t> bounds = {0};
  {
    uint64_t target = total / chunks + 1, acc = 0;
    for (size_t i = 0; i < n; ++i) {
      acc += m.code[i].bytes.size() + 1;
      if (acc >= target * bounds.size() && i + 1 < n)
        bounds.push_back(i + 1);
    }
    bounds.push_back(n);
    chunks = bounds.size() - 1;
  }
  std::atomic<size_t> firstBad{n};
  std::vector<llvm::Error> errors;
  for (size_t c = 0; c < chunks; ++c)
    errors.push_back(llvm::Error::success());
  auto work = [&](size_t chunk) {
    FuncValidator v(env);
    size_t begin = bounds[chunk], end = bounds[chunk + 1];
    for (size_t i = begin; i < end && i < firstBad.load(std::memory_order_relaxed); ++i) {
      if (llvm::Error err = v.validateFunction(firstDefined + uint32_t(i), m.code[i])) {
        errors[chunk] = addContext(std::move(err), "func " + llvm::Twine(firstDefined + i) +
                                                       " failed to validate");
        size_t cur = firstBad.load();
        while (i < cur && !firstBad.compare_exchange_weak(cur, i)) {
        }
        return;
      }
    }
  };
  // The thread count of parallelFor is set once, by the caller (the CLI's -j).
  if (threads == 1) {
    for (size_t c = 0; c < chunks; ++c)
      work(c);
  } else {
    llvm::parallelFor(0, chunks, work);
  }
  // Chunks are in function order: the first error is the lowest function's.
  llvm::Error first = llvm::Error::success();
  for (llvm::Error &e : errors) {
    if (e && !first)
      first = std::move(e);
    else
      llvm::consumeError(std::move(e)); // only the first failure is reported (or none failed)
  }
  return first;
}

} // namespace

llvm::Error validateModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base, const ValidateOptions &opts) {
  ReadOptions lazy;
  lazy.decodeBodies = false;
  auto m = readModule(bytes, base, lazy);
  if (!m)
    return m.takeError();
  return validateModule(*m, base, opts);
}

llvm::Error validateModule(const Module &m, uint64_t base, const ValidateOptions &opts) {
  ModuleValidator v(m, opts);
  v.base = base;
  return v.run();
}

llvm::Error validateBinary(llvm::ArrayRef<uint8_t> bytes, const ValidateOptions &opts) {
  bool component;
  WCOMP_ASSIGN(component, isComponentBinary(bytes));
  if (!component)
    return validateModule(bytes, 0, opts);
  if (!opts.features.has(Feature::ComponentModel))
    return makeError(0, "unknown binary version and encoding combination: 0xd and 0x1, note: "
                        "encoded as a component but the WebAssembly component model feature is "
                        "not enabled - enable the feature to allow component validation");
  return validateComponent(bytes, opts).takeError();
}

} // namespace wcomp::validate
