//===- adapt/new_adapters.cpp - componentNew's adapters -------------------===//
//
// The adapters given to `new`: which are used (by their import module name,
// or because their world exports something), and each one's dead code
// collected before it is validated, as wasm-tools does: code nothing
// reaches may be invalid.
//
//===----------------------------------------------------------------------===//
#include "adapt/gc.h"
#include "adapt/planner.h"

#include "binary/error.h"
#include "validate/module_validator.h"

#include "llvm/Support/Path.h"

namespace wcomp::adapt::detail {

namespace {

/// The import module name an adapter implements: its file name up to the
/// first dot when the main module imports that, else a module all of whose
/// imported functions the adapter exports.
std::string inferAdapterName(const CoreUnit &main, const CoreUnit &a) {
  std::string stem = llvm::sys::path::filename(a.path).str();
  stem = stem.substr(0, stem.find('.'));
  llvm::StringMap<bool> modules;
  for (const binary::Import &imp : main.m.imports)
    modules[imp.module] = true;
  if (!stem.empty() && modules.count(stem))
    return stem;
  for (const binary::Import &imp : main.m.imports) {
    bool all = true;
    for (const binary::Import &other : main.m.imports)
      if (other.module == imp.module && !a.funcExports.count(other.name))
        all = false;
    if (all && !imp.module.starts_with("$") && !imp.module.contains(':'))
      return imp.module.str();
  }
  return stem;
}

/// A memory's page size in bytes (64 KiB unless custom-page-sizes says).
uint64_t pageBytes(const binary::Limits &l) {
  return l.hasPageSize() ? uint64_t(1) << l.pageSizeLog2 : 65536;
}

/// The page size of the memory the module exports (64 KiB when it exports
/// none, as wasm-tools assumes).
uint64_t mainMemoryPageSize(const binary::Module &m) {
  for (const binary::Export &e : m.exports) {
    if (e.kind != binary::extkind::Memory)
      continue;
    uint32_t i = 0;
    for (const binary::Import &imp : m.imports)
      if (imp.kind == binary::extkind::Memory && i++ == e.index)
        return pageBytes(imp.memory);
    if (e.index >= i && e.index - i < m.memories.size())
      return pageBytes(m.memories[e.index - i]);
  }
  return 65536;
}

/// The page size of the memory an adapter imports, if it imports one.
std::optional<uint64_t> importedPageSize(const binary::Module &m) {
  for (const binary::Import &imp : m.imports)
    if (imp.kind == binary::extkind::Memory)
      return pageBytes(imp.memory);
  return std::nullopt;
}

/// Whether a unit's `component-type` sections carry a world with exports
/// (decoded apart, so that nothing is added to the plan).
bool worldHasExports(const CoreUnit &u) {
  for (const binary::CustomSection &c : u.m.customs) {
    if (!isComponentTypeSection(c.name))
      continue;
    wit::Resolve scratch;
    auto md = decodeWorldMetadata(scratch, c.name, c.data);
    if (!md) {
      llvm::consumeError(md.takeError()); // reported when the adapter is read for real
      return true;
    }
    if (!scratch[md->world].exports.empty())
      return true;
  }
  return false;
}

} // namespace

llvm::Error addAdapters(Plan &p, Planner &pl, llvm::ArrayRef<AdapterInput> adapters,
                        std::vector<std::string> &warnings) {
  for (const AdapterInput &in : adapters) {
    // An adapter's name decides whether it is used; only then do its
    // bodies get validated and its world read.
    CoreUnit a;
    a.bytes = in.bytes;
    a.path = in.path;
    a.name = in.name.empty() ? in.path : in.name;
    WCOMP_CHECK(Planner::readCore(a, false));
    if (in.name.empty())
      a.name = inferAdapterName(p.units[0], a);
    bool used = false;
    for (const binary::Import &imp : p.units[0].m.imports)
      used |= imp.module == a.name;
    // An adapter whose world exports something is kept (it implements
    // those exports) even when the main module imports nothing from it.
    if (!used)
      used = worldHasExports(a);
    if (!used) {
      // wasm-tools leaves such an adapter out too: nothing would call it.
      warnings.push_back("adapter " + quoted(a.name) +
                         " matches no import module of the main module; it is left out");
      continue;
    }
    // Validated after its dead code is removed (below), as wasm-tools
    // does: code nothing reaches may be invalid.
    p.units.push_back(std::move(a));
    WCOMP_CHECK(pl.readWorlds(unsigned(p.units.size() - 1)));
  }
  return llvm::Error::success();
}

llvm::Error collectAdapter(Plan &p, Planner &pl, unsigned a, bool reallocViaMemoryGrow,
                           std::vector<std::string> &problems) {
  CoreUnit &u = p.units[a];
  AdapterGcOptions gc;
  gc.mainHasRealloc = !p.units[0].realloc.empty() && !reallocViaMemoryGrow;
  for (const Use &use : p.uses)
    if (use.kind == Use::FromAdapter && use.from == a)
      gc.exports.push_back(use.exportName);
  for (const ExportSlot &s : p.exports)
    if (s.unit == a) {
      if (s.kind == ExportSlot::Function)
        gc.exports.push_back(p.r.functionName(*s.func));
      else
        for (const wit::Function &f : p.r[s.iface].functions) {
          std::string core = s.name + "#" + p.r.functionName(f);
          if (u.funcExports.count(core))
            gc.exports.push_back(core);
          if (u.funcExports.count("cabi_post_" + core))
            gc.exports.push_back("cabi_post_" + core);
        }
    }
  if (!u.importRealloc.empty())
    gc.exports.push_back(u.importRealloc);
  // Lifting the adapter's own exports allocates with its realloc.
  bool exportsSomething = std::any_of(p.exports.begin(), p.exports.end(),
                                      [&](const ExportSlot &s) { return s.unit == a; });
  if (exportsSomething && !u.exportRealloc.empty())
    gc.exports.push_back(u.exportRealloc);
  else if (exportsSomething && !u.realloc.empty())
    gc.exports.push_back(u.realloc);
  llvm::ArrayRef<uint8_t> original = u.bytes;
  validate::ValidateOptions vo;
  vo.threads = 1;
  vo.features = validate::Features::all(); // as wasm-tools reads adapters
  // An error is reported against the adapter as given, so that its offset
  // means something in the file.
  auto refuse = [&](llvm::Error err) -> llvm::Error {
    if (llvm::Error e = validate::validateModule(original, 0, vo)) {
      // the validator's own error, with its offset, replaces it
      llvm::consumeError(std::move(err));
      return binary::addContext(std::move(e), "in adapter " + quoted(u.name));
    }
    return err;
  };
  std::optional<uint64_t> page = importedPageSize(u.m);
  auto bytes = gcAdapter(std::move(u.m), u.name, gc);
  if (!bytes)
    return refuse(bytes.takeError());
  // The collected adapter is read once: validated from this model, which
  // is then the unit's.
  u.owned = std::make_unique<std::vector<uint8_t>>(std::move(*bytes));
  u.bytes = *u.owned;
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  auto m = binary::readModule(u.bytes, 0, ro);
  llvm::Error invalid = m ? validate::validateModule(*m, 0, vo) : m.takeError();
  if (invalid)
    return refuse(binary::addContext(std::move(invalid), "adapter " + quoted(u.name) +
                                                             " after its dead code was removed"));
  // Adapter and module share one memory, so one page size.
  if (uint64_t mainPage = mainMemoryPageSize(p.units[0].m); page && *page != mainPage)
    return fail("adapter module " + quoted(u.name) + " memory page size (" +
                std::to_string(*page) + ") does not match main module's memory page size (" +
                std::to_string(mainPage) + ")");
  u.m = std::move(*m);
  // Functions were renumbered by the collection.
  u.funcExports.clear();
  for (const binary::Export &e : u.m.exports)
    if (e.kind == binary::extkind::Func)
      u.funcExports[e.name] = e.index;
  pl.mapImports(a, problems);
  return llvm::Error::success();
}

} // namespace wcomp::adapt::detail
