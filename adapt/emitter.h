//===- adapt/emitter.h - The encoder of a component plan (internal) -*- C++ -*-===//
//
// Internal to adapt/: the Emitter class, whose work is split between
// emit.cpp (imports, modules, instances, the shim and fixup) and
// emit_exports.cpp (exported types and lifted exports).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "adapt/abi.h"
#include "adapt/plan.h"

#include "binary/component_builder.h"
#include "binary/error.h"
#include "binary/names.h"
#include "wit/encode.h"

#include <map>

namespace wcomp::adapt::emit_detail {

using binary::Alias;
using binary::Canon;
using binary::CanonOpt;
using binary::CoreInstance;
using binary::ExternDesc;
using binary::Instance;
using binary::Sort;
using binary::SortIdx;
namespace sortkind = binary::sortkind;
namespace coresort = binary::coresort;
namespace canonop = binary::canonop;
namespace canonopt = binary::canonopt;
namespace instancekind = binary::instancekind;
namespace externkind = binary::externkind;

/// An error without an offset (the plan's inputs were read already).
inline llvm::Error fail(const std::string &msg) {
  return binary::makeError(binary::WasmError::NoOffset, msg);
}

/// The types of `set` that `keep` accepts, each after every type it refers
/// to (ids alone are not enough: a decoder may reserve an id for a type
/// before it reads the types that one uses).
template <typename Keep>
std::vector<uint32_t> dependencyOrder(const wit::Resolve &r, const llvm::DenseSet<uint32_t> &set,
                                      Keep keep) {
  std::vector<uint32_t> roots(set.begin(), set.end()), order;
  std::sort(roots.begin(), roots.end()); // deterministic, whatever the hashing
  llvm::DenseSet<uint32_t> done, entered; // entered: no cycle is followed twice
  // Post-order without recursion: (id, children pushed yet).
  std::vector<std::pair<uint32_t, bool>> stack;
  for (uint32_t root : roots) {
    stack.push_back({root, false});
    while (!stack.empty()) {
      auto [id, expanded] = stack.back();
      stack.pop_back();
      if (done.contains(id))
        continue;
      if (expanded) {
        done.insert(id);
        if (keep(id))
          order.push_back(id);
        continue;
      }
      if (!entered.insert(id).second)
        continue;
      stack.push_back({id, true});
      const wit::TypeDef &d = r[wit::TypeId{id}];
      auto child = [&](const std::optional<wit::TypeRef> &t) {
        if (t && t->prim == wit::TypeRef::Defined && !done.contains(t->id.index))
          stack.push_back({t->id.index, false});
      };
      for (const wit::Member &m : d.members)
        child(m.type);
      for (const wit::TypeRef &t : d.types)
        child(t);
      child(d.a);
      child(d.b);
      if (d.resource.valid())
        child(wit::TypeRef::of(d.resource));
    }
  }
  return order;
}

/// A core function given to a core instance: defined already, or an export
/// of a core instance aliased when the instance is made (the text format's
/// inline alias, made anew at every use).
struct CoreRef {
  uint32_t index = 0;
  std::optional<std::string> exportName; ///< set: `index` is a core instance
  uint8_t sort = coresort::Func;
};

inline Sort coreSort(uint8_t s) { return {sortkind::Core, s}; }

/// `(func (type i))`, the description of a function import or export.
inline ExternDesc funcDesc(uint32_t type) {
  ExternDesc d;
  d.kind = externkind::Func;
  d.index = type;
  return d;
}

/// Encodes one plan (see emit.cpp for the layout).
class Emitter {
public:
  Emitter(Plan &p, const std::vector<ModulePieces> &modules)
      : p(p), modules(modules), w(p.r) {}
  llvm::Expected<std::vector<uint8_t>> run();

private:
  Plan &p;
  const std::vector<ModulePieces> &modules;
  binary::ComponentBuilder b;
  wit::TypeWriter w;
  wit::TypeWriter::Env env;
  std::vector<uint32_t> unitRef; ///< per unit: its core instance
  std::optional<uint32_t> memory, realloc;
  uint32_t shimInstance = 0, shimModule = 0, fixupModule = 0;
  llvm::StringMap<wit::TypeWriter::Name> exportedTypes; ///< "slot/resource" -> type
  std::map<std::pair<uint32_t, std::string>, uint32_t> aliases;
  /// What each shim function stands for (its debug name).
  std::vector<std::string> shimNames;
  /// Stream and future types defined for their built-ins, once each.
  llvm::DenseMap<uint32_t, uint32_t> payloadTypes;
  std::optional<uint32_t> unitTypes[2]; ///< `(stream)`, `(future)`

  /// Names item `index` of sort `s` (with --debug-names); returns `index`.
  uint32_t named(Sort s, uint32_t index, llvm::StringRef name) {
    if (p.debugNames)
      b.setName(s, index, name);
    return index;
  }
  /// A core function export of a core instance, aliased once.
  uint32_t coreFunc(uint32_t inst, llvm::StringRef name) {
    auto [it, added] = aliases.try_emplace({inst, name.str()}, 0);
    if (added) {
      // The shim's exports "0", "1", ... are named for what they stand for.
      llvm::StringRef label = name;
      unsigned i;
      if (inst == shimInstance && !name.getAsInteger(10, i) && i < shimNames.size())
        label = shimNames[i];
      it->second = named(coreSort(coresort::Func), b.alias(coreAlias(inst, name, coresort::Func)),
                         label);
    }
    return it->second;
  }
  Alias coreAlias(uint32_t inst, llvm::StringRef name, uint8_t sort) {
    Alias a;
    a.sort = coreSort(sort);
    a.target = binary::aliastarget::CoreExport;
    a.instance = inst;
    a.name = w.save(name);
    return a;
  }
  uint32_t resolve(const CoreRef &r) {
    return r.exportName ? named(coreSort(r.sort), b.alias(coreAlias(r.index, *r.exportName, r.sort)),
                                *r.exportName)
                        : r.index;
  }
  llvm::Expected<uint32_t> typeIndex(wit::TypeWriter::Name n) { return w.index(n); }
  /// An interface export's name, with its `implements` option for a plain
  /// name given to a named interface (`export e: a:b/i`).
  /// Binds the types of exported interface `e` to its own definitions:
  /// two exports implementing one interface (`export e: a:b/i; export f:
  /// a:b/i;`) each have theirs, resources included.
  void useExportTypes(size_t e) {
    const ExportSlot &s = p.exports[e];
    if (s.kind != ExportSlot::Interface)
      return;
    for (auto &[n, t] : p.r[s.iface].types)
      if (auto it = exportedTypes.find(std::to_string(e) + "/" + n); it != exportedTypes.end())
        w.bind(env, t, it->second);
  }
  binary::ExternName exportName(const ExportSlot &s) {
    return w.externName(s.name, s.implements ? llvm::StringRef(w.save(p.r.interfaceName(s.iface)))
                                             : llvm::StringRef());
  }

  /// The core type of a shim entry: the importer's (validated) type, or a
  /// destructor's `(param i32)`.
  binary::CompositeType shimType(const Plan::ShimEntry &e) const {
    if (e.use >= 0) {
      const Use &u = p.uses[e.use];
      if (const binary::CompositeType *t = funcType(p.units[u.unit].m, u.coreType))
        return *t;
    }
    binary::CompositeType t;
    t.params.push_back(binary::ValType::num(binary::typecode::I32));
    return t;
  }
  /// The canonical options `n` asks for; `what` names the function.
  llvm::Expected<std::vector<CanonOpt>> options(const AbiNeeds &n, StringEncoding enc,
                                                std::optional<uint32_t> reallocRef,
                                                const std::string &what);
  llvm::Expected<uint32_t> lower(const Use &u);
  /// The core function a use is given when the component makes it: a
  /// lowering, a `task.return` or an async built-in.
  llvm::Expected<uint32_t> made(const Use &u);
  llvm::Expected<uint32_t> makeFor(const Use &u);
  llvm::Error imports();
  void modules_();
  llvm::Error exportedTypeDefs();
  llvm::Error instantiate(unsigned unit);
  llvm::Error fixups();
  void initialize();
  llvm::Error lift();
  /// Exports interface `e` through a nested component (`lifted`: its
  /// functions, lifted).
  /// Returns the index of the instance exported.
  llvm::Expected<uint32_t> exportThroughComponent(size_t e, const std::vector<uint32_t> &lifted);
  /// Binds the types of export `e` (instance `exported`) that later exports
  /// use to their aliases out of the export.
  void aliasForLaterExports(size_t e, uint32_t exported);
};

} // namespace wcomp::adapt::emit_detail
