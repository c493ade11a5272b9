//===- adapt/new.cpp - Core module + world (+ adapters) -> component ------===//
//
// Planning: which world item each core import and export stands for, what
// is live (only the functions and types some module uses are imported, as
// wasm-tools does), and which functions go through the shim because their
// canonical options name a memory or realloc that does not exist yet when
// the module importing them is instantiated.
//
//===----------------------------------------------------------------------===//
#include "adapt/gc.h"
#include "adapt/planner.h"
#include "adapt/world_merge.h"

#include "binary/error.h"
#include "binary/name_section.h"
#include "binary/names.h"
#include "validate/component_validator.h"
#include "validate/module_validator.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

namespace wcomp::adapt {

namespace detail {

llvm::Error Planner::readCore(CoreUnit &u, bool main, bool rejectLegacy) {
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  auto m = binary::readModule(u.bytes, 0, ro);
  if (!m)
    return binary::addContext(m.takeError(), main ? "in the core module"
                                                  : "in adapter " + quoted(u.name));
  u.m = std::move(*m);
  // With --reject-legacy-names the main module's legacy names are not
  // looked at (as if absent).
  bool legacy = !(main && rejectLegacy);
  for (const binary::Export &e : u.m.exports) {
    if (e.kind == binary::extkind::Func)
      u.funcExports[e.name] = e.index;
    if (e.kind == binary::extkind::Memory &&
        ((legacy && e.name == "memory") || e.name == "cm32p2_memory"))
      u.memory = e.name.str();
    if (e.kind == binary::extkind::Func) {
      if ((legacy && e.name == "cabi_realloc") || e.name == "cm32p2_realloc")
        u.realloc = e.name.str();
      if (legacy && e.name == "cabi_import_realloc")
        u.importRealloc = e.name.str();
      if (legacy && e.name == "cabi_export_realloc")
        u.exportRealloc = e.name.str();
      if ((legacy && e.name == "_initialize") || e.name == "cm32p2_initialize")
        u.initialize = e.name.str();
    }
  }
  return llvm::Error::success();
}

llvm::Error Planner::readWorlds(unsigned unit) {
  CoreUnit &u = p.units[unit];
  bool main = unit == 0, first = true;
  std::vector<wit::WorldId> seen;
  for (const binary::CustomSection &c : u.m.customs) {
    if (!isComponentTypeSection(c.name))
      continue;
    auto md = decodeWorldMetadata(p.r, c.name, c.data);
    if (!md)
      return binary::addContext(md.takeError(), main ? "in the core module"
                                                     : "in adapter " + quoted(u.name));
    // The worlds of one module merge, as in wasm-tools: each with those
    // before it.
    for (wit::WorldId before : seen)
      if (llvm::Error e = checkWorldMerge(p.r, before, p.r, md->world))
        return binary::addContext(std::move(e), main ? "in the core module"
                                                     : "in adapter " + quoted(u.name));
    seen.push_back(md->world);
    if (first)
      u.encoding = md->encoding;
    first = false;
    addWorld(md->world, unit);
  }
  return llvm::Error::success();
}

void Planner::addWorld(wit::WorldId w, unsigned unit) {
  const wit::World &wd = p.r[w];
  for (auto &[key, item] : wd.imports) {
    ImportSlot s;
    s.name = key.iface.valid() ? p.r.interfaceName(key.iface) : key.name;
    s.key = mergeImports ? binary::canonicalInterfaceName(s.name) : s.name;
    if (item.kind == wit::WorldItem::FunctionItem && item.func.resource.valid())
      s.name = s.key = p.r.functionName(item.func);
    if (auto it = importByKey.find(s.key); it != importByKey.end()) {
      // Semver-compatible versions of one interface: keep the highest.
      ImportSlot &old = p.imports[it->second];
      old.fromMain |= unit == 0;
      if (item.kind == wit::WorldItem::InterfaceItem && old.kind == ImportSlot::Interface &&
          s.name != old.name) {
        llvm::StringRef ov = llvm::StringRef(old.name).rsplit('@').second;
        llvm::StringRef nv = llvm::StringRef(s.name).rsplit('@').second;
        if (binary::isValidSemver(ov) && binary::isValidSemver(nv) &&
            binary::compareSemver(nv, ov) > 0) {
          importByName.erase(old.name);
          old.name = s.name;
          old.iface = item.iface;
        }
        importByName[s.name] = it->second;
      }
      continue;
    }
    s.kind = item.kind == wit::WorldItem::InterfaceItem  ? ImportSlot::Interface
             : item.kind == wit::WorldItem::FunctionItem ? ImportSlot::Function
                                                         : ImportSlot::Type;
    s.iface = item.iface;
    s.implements = item.implements;
    s.func = item.kind == wit::WorldItem::FunctionItem ? &item.func : nullptr;
    s.externalId = s.func ? item.func.externalId : item.externalId;
    s.type = item.type;
    s.fromMain = unit == 0;
    if (unit != 0)
      s.adapter = p.units[unit].name;
    importByName[s.name] = p.imports.size();
    importByKey[s.key] = p.imports.size();
    p.imports.push_back(std::move(s));
  }
  for (auto &[key, item] : wd.exports) {
    ExportSlot s;
    s.name = key.iface.valid() ? p.r.interfaceName(key.iface) : key.name;
    if (exportByName.count(s.name) || item.kind == wit::WorldItem::TypeItem)
      continue;
    s.kind = item.kind == wit::WorldItem::InterfaceItem ? ExportSlot::Interface
                                                        : ExportSlot::Function;
    s.iface = item.iface;
    s.implements = item.implements;
    s.func = s.kind == ExportSlot::Function ? &item.func : nullptr;
    if (s.func)
      s.externalId = item.func.externalId;
    s.unit = unit;
    exportByName[s.name] = p.exports.size();
    p.exports.push_back(std::move(s));
  }
}

void Planner::mapImports(unsigned unit, std::vector<std::string> &unresolved) {
  CoreUnit &cu = p.units[unit];
  // First import of each (module, field): the index of its Use, -1 if it
  // was not resolved.
  llvm::StringMap<int> first;
  llvm::StringSet<> taken;
  for (const binary::Import &imp : cu.m.imports)
    taken.insert((imp.module + "\n" + imp.name).str());
  for (uint32_t index = 0; index < cu.m.imports.size(); ++index) {
    const binary::Import &imp = cu.m.imports[index];
    std::string where = quoted(imp.module) + " " + quoted(imp.name);
    if (unit != 0 && imp.kind == binary::extkind::Memory)
      continue; // the adapter's `env` `memory`: the main module's
    if (unit == 0 && imp.kind == binary::extkind::Memory && imp.module == "env" &&
        imp.name == "memory") {
      if (cu.importedMemory)
        unresolved.push_back(where + ": module has multiple imports for memory");
      cu.importedMemory = imp;
      continue;
    }
    if (imp.kind != binary::extkind::Func) {
      unresolved.push_back(where + ": only functions can be imported (this is a " +
                           std::string(imp.kind == binary::extkind::Memory ? "memory"
                                       : imp.kind == binary::extkind::Table ? "table"
                                                                             : "global") +
                           ")");
      continue;
    }
    // A repeated import is renamed and bound to what satisfies the first.
    auto [it, isFirst] = first.try_emplace((imp.module + "\n" + imp.name).str(), -1);
    if (!isFirst) {
      if (it->second < 0)
        continue; // reported with the first
      Use &u = p.uses[it->second];
      const binary::CompositeType *a = funcType(cu.m, u.coreType), *b = funcType(cu.m, imp.index);
      if (!a || !b || a->params != b->params || a->results != b->results) {
        unresolved.push_back(where + ": imported again with another type");
        continue;
      }
      std::string alias;
      for (unsigned n = unsigned(u.aliases.size()) + 1;; ++n) {
        alias = (imp.name + " [repeat " + llvm::Twine(n) + "]").str();
        if (taken.insert((imp.module + "\n" + alias).str()).second)
          break;
      }
      u.aliases.push_back(alias);
      cu.renamedImports.push_back({index, std::move(alias)});
      continue;
    }
    Use u;
    u.unit = unit;
    u.module = imp.module.str();
    u.field = imp.name.str();
    u.coreType = imp.index;
    std::string why;
    if (!resolveUse(u, imp, why)) {
      unresolved.push_back(where + ": " + why);
      continue;
    }
    // The main module's imports must be in its own world: one only an
    // adapter's world imports has no metadata on the main module's side
    // (wasm-tools refuses it too).
    if (unit == 0 && (u.kind == Use::Lower || u.kind == Use::ImportedDrop) &&
        !p.imports[u.slot].fromMain) {
      unresolved.push_back(where + ": the module's world does not import " +
                           quoted(p.imports[u.slot].name) + " (only adapter " +
                           quoted(p.imports[u.slot].adapter) + "'s world does)");
      continue;
    }
    it->second = int(p.uses.size());
    p.uses.push_back(std::move(u));
  }
}

/// The nearest core export name to `want`, for "did you mean".
std::string nearest(const CoreUnit &u, llvm::StringRef want) {
  std::string best;
  unsigned bestDist = std::max<unsigned>(3, want.size() / 4) + 1;
  for (auto &e : u.funcExports) {
    unsigned d = want.edit_distance(e.getKey(), true, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = e.getKey().str();
    }
  }
  return best;
}

void Planner::mapExports(std::vector<std::string> &missing) {
  for (ExportSlot &s : p.exports) {
    CoreUnit &u = p.units[s.unit];
    // The standard names are used when the module uses any of them (or
    // alone, with --reject-legacy-names).
    for (auto &e : u.funcExports)
      if (e.getKey().starts_with("cm32p2"))
        s.standard = true;
    if (rejectLegacy && s.unit == 0)
      s.standard = true;
    std::string ifaceName = s.kind == ExportSlot::Interface
                                ? (s.standard ? binary::canonicalInterfaceName(s.name) : s.name)
                                : "";
    auto want = [&](const wit::Function &f) {
      std::string fn = p.r.functionName(f);
      std::string core = s.standard ? "cm32p2|" + ifaceName + "|" + fn
                         : s.kind == ExportSlot::Interface ? ifaceName + "#" + fn
                                                            : fn;
      // The async ABI's exports (legacy names only, as wit-component):
      // `[async-lift]f` with its callback, or `[async-lift-stackful]f`.
      if (!s.standard && f.async && !u.funcExports.count(core)) {
        if (u.funcExports.count("[async-lift]" + core)) {
          std::string callback = "[callback][async-lift]" + core;
          if (!u.funcExports.count(callback)) {
            missing.push_back("the core module exports " + quoted("[async-lift]" + core) +
                              " but not its callback " + quoted(callback));
            return;
          }
          s.core[fn] = {"[async-lift]" + core, ""};
          s.asyncLifts[fn] = callback;
          return;
        }
        if (u.funcExports.count("[async-lift-stackful]" + core)) {
          s.core[fn] = {"[async-lift-stackful]" + core, ""};
          s.asyncLifts[fn] = "";
          return;
        }
      }
      if (!u.funcExports.count(core)) {
        std::string msg = "the world exports " +
                          (s.kind == ExportSlot::Interface
                               ? "function " + quoted(fn) + " of interface " + quoted(s.name)
                               : "function " + quoted(fn)) +
                          ", but the core module does not export " + quoted(core);
        if (!f.async && (u.funcExports.count("[async-lift]" + core) ||
                         u.funcExports.count("[async-lift-stackful]" + core)))
          msg += " (it exports it lifted with the async ABI, which only an `async func` may be" +
                 std::string(u.funcExports.count("[async-lift]" + core) &&
                                     !u.funcExports.count("[callback][async-lift]" + core)
                                 ? ", and without its callback " +
                                       quoted("[callback][async-lift]" + core)
                                 : "") +
                 ")";
        else if (std::string n = nearest(u, core); !n.empty())
          msg += " (did you mean " + quoted(n) + "?)";
        missing.push_back(msg);
        return;
      }
      std::string post = s.standard ? core + "_post" : "cabi_post_" + core;
      s.core[fn] = {core, u.funcExports.count(post) ? post : ""};
    };
    if (s.kind == ExportSlot::Function) {
      want(*s.func);
      continue;
    }
    for (const wit::Function &f : p.r[s.iface].functions)
      want(f);
    for (auto &[n, t] : p.r[s.iface].types) {
      if (p.r[t].kind != wit::TypeDef::Resource)
        continue;
      std::string dtor = s.standard ? "cm32p2|" + ifaceName + "|" + n + "_dtor"
                                    : ifaceName + "#[dtor]" + n;
      // wit-component's async dummies name it `[async-lift]iface#[dtor]r`
      // (or `[async-lift-stackful]...`).
      for (const char *prefix : {"[async-lift]", "[async-lift-stackful]"})
        if (!s.standard && !u.funcExports.count(dtor) && u.funcExports.count(prefix + dtor))
          dtor = prefix + dtor;
      s.dtors[n] = u.funcExports.count(dtor) ? dtor : "";
    }
  }
}

void Planner::markType(wit::TypeId t, std::optional<size_t> via) {
  llvm::DenseSet<uint32_t> seen;
  std::vector<uint32_t> all;
  adapt::collectTypesPostOrder(p.r, wit::TypeRef::of(t), seen, all);
  auto live = [](ImportSlot &s, uint32_t id) {
    if (s.liveTypes.insert(id).second)
      s.liveOrder.push_back(id);
  };
  for (uint32_t id : all) {
    const wit::TypeDef &d = p.r[wit::TypeId{id}];
    if (d.name.empty())
      continue;
    if (d.owner.kind == wit::TypeOwner::Interface) {
      wit::InterfaceId owner{d.owner.index};
      if (p.r[owner].name.empty()) {
        // An inline interface: found by its own id.
        for (ImportSlot &s : p.imports)
          if (s.kind == ImportSlot::Interface && s.iface == owner) {
            s.live = true;
            live(s, id);
          }
        continue;
      }
      // The import the use came through, when the type is its interface's
      // (`import b: a:b/i` has its own copy); else the import of that name.
      std::optional<size_t> slot;
      if (via && p.imports[*via].kind == ImportSlot::Interface && p.imports[*via].iface == owner)
        slot = via;
      else
        slot = importSlot(p.r.interfaceName(owner));
      if (!slot || (!via && exportedIfaces.contains(owner.index)))
        continue; // an exported interface's type: the export's, not an import's
      ImportSlot &s = p.imports[*slot];
      s.live = true;
      wit::TypeId mine = findType(s.iface, d.name);
      if (mine.valid() && mine.index != id && !s.liveTypes.contains(mine.index)) {
        markType(mine, via); // the chosen version's own dependencies (and itself)
        continue;
      }
      live(s, mine.valid() ? mine.index : id);
    } else if (d.owner.kind == wit::TypeOwner::World) {
      if (auto it = importByName.find(d.name); it != importByName.end())
        p.imports[it->second].live = true;
    }
  }
}

void Planner::markLive() {
  // The world's own types (`type x = s16;`, `use i.{t};`) are imported
  // whether or not anything uses them, with the interfaces they come from,
  // as wit-component keeps them.
  for (size_t i = 0; i < p.imports.size(); ++i)
    if (p.imports[i].kind == ImportSlot::Type) {
      p.imports[i].live = true;
      markType(p.imports[i].type);
    }
  for (Use &u : p.uses) {
    if (u.kind == Use::Lower) {
      ImportSlot &s = p.imports[u.slot];
      s.live = true;
      s.usedFuncs[p.r.functionName(*u.func)] = true;
      // A static function's resource first (it need not be in the
      // signature), as wit-parser finds live types.
      if (u.func->kind == wit::Function::Static)
        markType(u.func->resource, u.slot);
      for (auto &[n, t] : u.func->params)
        if (t.prim == wit::TypeRef::Defined)
          markType(t.id, u.slot);
      if (u.func->result && u.func->result->prim == wit::TypeRef::Defined)
        markType(u.func->result->id, u.slot);
      if (u.func->resource.valid())
        markType(u.func->resource, u.slot);
    } else if (u.kind == Use::Payload && u.payload.valid() &&
               !llvm::StringRef(u.module).starts_with("[export]")) {
      // A stream or future of an imported function: its payload's types
      // are imported (the function itself need not be).
      bool viaSlot = u.module != "$root" && importSlot(u.module).has_value();
      markType(u.payload, viaSlot ? std::optional<size_t>(u.slot) : std::nullopt);
    } else if (u.kind == Use::ImportedDrop) {
      ImportSlot &s = p.imports[u.slot];
      s.live = true;
      if (s.kind == ImportSlot::Interface)
        markType(findType(s.iface, u.resource), u.slot);
    }
  }
  // Exports refer to the types of exported interfaces as exported (an
  // import of the same interface is not made live by them).
  for (const ExportSlot &s : p.exports)
    if (s.kind == ExportSlot::Interface)
      exportedIfaces.insert(s.iface.index);
  for (ExportSlot &s : p.exports) {
    auto fn = [&](const wit::Function &f) {
      for (auto &[n, t] : f.params)
        if (t.prim == wit::TypeRef::Defined)
          markType(t.id);
      if (f.result && f.result->prim == wit::TypeRef::Defined)
        markType(f.result->id);
    };
    if (s.kind == ExportSlot::Function) {
      fn(*s.func);
      continue;
    }
    for (auto &[n, t] : p.r[s.iface].types)
      markType(t);
    for (const wit::Function &f : p.r[s.iface].functions)
      fn(f);
  }
}

void Planner::placeTlsBase() {
  // wit-component keeps context slot 1 for the TLS base only where the
  // modules use cooperative threads (thread.new-indirect, or slot 1
  // themselves); elsewhere the shim module holds it in a global.
  bool slot1 = false;
  for (const Use &u : p.uses)
    slot1 |= (u.kind == Use::Builtin && u.builtin == canonop::ThreadNewIndirect) ||
             (!u.tlsBase && (u.kind == Use::ContextGet || u.kind == Use::ContextSet) && u.contextSlot == 1);
  if (slot1)
    return;
  for (Use &u : p.uses) {
    if (!u.tlsBase)
      continue;
    p.tlsBaseGlobal = u.slotType;
    u.exportName = u.kind == Use::ContextGet ? "$get-tls-base" : "$set-tls-base";
    u.kind = Use::FromShim;
  }
}

void Planner::assignShim() {
  for (size_t i = 0; i < p.uses.size(); ++i) {
    Use &u = p.uses[i];
    // What needs the memory (or realloc) is made after the main module's
    // instance exists, so the main module reaches it through the shim.
    bool indirect = u.kind == Use::FromAdapter || (u.kind == Use::Builtin && u.builtinMemory);
    if (u.kind == Use::Payload) {
      // Reads and writes move values through memory.
      bool read = u.builtin == canonop::StreamRead || u.builtin == canonop::FutureRead;
      bool write = u.builtin == canonop::StreamWrite || u.builtin == canonop::FutureWrite;
      AbiNeeds n = payloadNeeds(p.r, u.payload.valid() ? p.r[u.payload].a : std::nullopt, read);
      indirect = (read || write) && (n.memory || n.realloc);
    }
    if (u.kind == Use::Lower || u.kind == Use::TaskReturn) {
      AbiNeeds n = u.kind == Use::Lower ? lowerNeeds(p.r, *u.func, u.async)
                                        : taskReturnNeeds(p.r, *u.func);
      indirect = n.memory || n.realloc || n.strings;
    }
    if (indirect) {
      u.shim = int(p.shim.size());
      p.shim.push_back({int(i), 0, {}});
    }
  }
  for (size_t e = 0; e < p.exports.size(); ++e)
    for (auto &d : p.exports[e].dtors)
      if (!d.getValue().empty())
        p.shim.push_back({-1, e, d.getKey().str()});
}

/// True when the module's name section names a function `sbrk` (wasi-libc's
/// malloc grows through it; stripped modules cannot be told apart).
bool definesSbrk(const binary::Module &m) {
  for (const binary::CustomSection &c : m.customs)
    if (c.name == "name") {
      binary::ModuleNames names = binary::decodeNames(c.data);
      for (auto &[idx, n] : names.spaces[binary::namespace_::Funcs])
        if (n == "sbrk")
          return true;
    }
  return false;
}

} // namespace detail

using namespace detail;

namespace {

/// A warning naming the main module's function exports that no world item
/// or convention uses: wasm-tools leaves them out silently, which reads as
/// success when the module was built without its world.
std::string unusedExports(const Plan &p) {
  const CoreUnit &m = p.units[0];
  llvm::StringSet<> used{m.memory, m.realloc, m.initialize, m.importRealloc, m.exportRealloc};
  for (const ExportSlot &s : p.exports) {
    if (s.unit != 0)
      continue;
    for (auto &e : s.core) {
      used.insert(e.second.first);
      used.insert(e.second.second);
    }
    for (auto &d : s.dtors)
      used.insert(d.second);
    for (auto &a : s.asyncLifts)
      used.insert(a.second);
  }
  for (const Use &u : p.uses)
    if (u.kind == Use::FromMain)
      used.insert(u.exportName);
  std::vector<std::string> unused;
  for (const binary::Export &e : m.m.exports) {
    if (e.kind != binary::extkind::Func || used.contains(e.name) ||
        e.name.starts_with("cabi_") || e.name.starts_with("cm32p2"))
      continue;
    unused.push_back("`" + e.name.str() + "`");
  }
  if (unused.empty())
    return {};
  std::string list;
  for (size_t i = 0; i < unused.size() && i < 8; ++i)
    list += (i ? ", " : "") + unused[i];
  if (unused.size() > 8)
    list += " and " + std::to_string(unused.size() - 8) + " more";
  bool noWorld = p.exports.empty() && p.imports.empty();
  return "the core module exports " + list + ", which no world export names, so " +
         (unused.size() == 1 ? "it is" : "they are") + " left out of the component" +
         (noWorld ? " (the module has no world: embed one with `wcomp embed WIT MODULE`)" : "");
}

} // namespace

llvm::Expected<NewResult> componentNew(llvm::ArrayRef<uint8_t> module, const NewOptions &opts) {
  Plan p;
  p.returnCallRef = opts.returnCallRef;
  p.debugNames = opts.debugNames;
  p.processedBy = opts.processedBy;
  NewResult result;
  Planner pl(p, opts.mergeImports, opts.rejectLegacyNames);
  // Worlds refer to their unit by index; units' models point into `bytes`
  // (kept alive by the caller or by `owned`), so moving a unit is safe.
  p.units.emplace_back();
  p.units[0].bytes = module;
  WCOMP_CHECK(Planner::readCore(p.units[0], true, opts.rejectLegacyNames));
  WCOMP_CHECK(pl.readWorlds(0));
  WCOMP_CHECK(addAdapters(p, pl, opts.adapters, result.warnings));
  std::vector<std::string> problems;
  pl.mapImports(0, problems);
  // Adapters: keep what the main module and the world's exports use.
  for (unsigned a = 1; a < p.units.size(); ++a)
    WCOMP_CHECK(collectAdapter(p, pl, a, opts.reallocViaMemoryGrow, problems));
  if (p.units.size() > 1 && p.units[0].realloc.empty() && definesSbrk(p.units[0].m))
    result.warnings.push_back(
        "the module does not export `cabi_realloc`, so the adapter takes its stack and state "
        "with memory.grow; the module's malloc is wasi-libc's sbrk-based one, which in older "
        "releases (Debian 12's among them) counts that memory as its own heap and hands it out "
        "again once the heap outgrows the initial memory: use a newer wasi-libc, or build a "
        "library (reactor) exporting `cabi_realloc` (see the README, `wcomp adapt`)");
  if (!problems.empty()) {
    std::string msg = "the core module imports what neither the world nor an adapter provides:";
    for (const std::string &s : problems)
      msg += "\n  " + s;
    for (const binary::Import &imp : p.units[0].m.imports)
      if (imp.module == "wasi_snapshot_preview1" && opts.adapters.empty()) {
        msg += "\n(a WASI Preview 1 module needs an adapter: `--adapt "
               "wasi_snapshot_preview1=FILE`, or use `wcomp adapt`)";
        break;
      }
    return fail(msg);
  }
  std::vector<std::string> missing;
  pl.mapExports(missing);
  if (!missing.empty()) {
    std::string msg = missing.size() == 1 ? missing[0] : "the core module lacks world exports:";
    if (missing.size() > 1)
      for (const std::string &s : missing)
        msg += "\n  " + s;
    return fail(msg);
  }
  if (std::string w = unusedExports(p); !w.empty())
    result.warnings.push_back(w);
  pl.markLive();
  pl.placeTlsBase();
  pl.assignShim();
  if (llvm::Error err = checkSignatures(p))
    return err;

  // The main module goes in unchanged but for its world sections.
  std::vector<ModulePieces> modules;
  for (unsigned u = 0; u < p.units.size(); ++u)
    modules.push_back(
        u == 0 ? withoutWorldSections(module, p.units[0].renamedImports)
        : p.units[u].renamedImports.empty()
            ? ModulePieces{{p.units[u].bytes}, {}}
            : withoutWorldSections(p.units[u].bytes, p.units[u].renamedImports));
  auto out = emitComponent(p, modules);
  if (!out)
    return out.takeError();
  // The decoded modules are done with: freed before validation decodes the
  // component (a module with a million types took 176 MB per copy).
  for (auto &u : p.units)
    u.m = binary::Module();
  modules.clear();
  if (opts.validate) {
    // What the module asks for decides the features, as wit-component
    // validates with every feature on (a stackful async export needs
    // cm-async-stackful, which validation leaves off by default).
    validate::ValidateOptions vo;
    vo.features = validate::Features::all();
    auto info = validate::validateComponent(*out, vo);
    if (!info)
      return binary::addContext(info.takeError(), "the component built does not validate");
  }
  result.component = std::move(*out);
  return result;
}

} // namespace wcomp::adapt
