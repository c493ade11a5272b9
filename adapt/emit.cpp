//===- adapt/emit.cpp - A component plan as component text ----------------===//
//
// The component is written as text and parsed, as the WIT encoder does:
// the text parser resolves the `$names` and the outer aliases of instance
// types. Core modules are empty placeholders here; spliceModules puts the
// real bytes in, so a 10 MB module is copied once and never parsed as text.
//
// Layout (the order wasm-tools uses): imports; the core modules; the shim
// instance; types of exported interfaces; for each unit its import bags
// and its instance (the main module first, then each adapter, which gets
// the main module's memory and exports); the fixup module that fills the
// shim's table; `_initialize`; lifted exports.
//
//===----------------------------------------------------------------------===//
#include "adapt/abi.h"
#include "adapt/plan.h"

#include "binary/error.h"
#include "binary/names.h"
#include "binary/parser.h"
#include "binary/reader.h"
#include "binary/writer.h"
#include "wit/encode.h"

namespace wcomp::adapt {

namespace {

std::string str(llvm::StringRef s) {
  std::string out;
  binary::appendString(out, s);
  return out;
}

const char *valTypeName(const binary::ValType &t) {
  switch (t.code) {
  case binary::typecode::I32: return "i32";
  case binary::typecode::I64: return "i64";
  case binary::typecode::F32: return "f32";
  case binary::typecode::F64: return "f64";
  case binary::typecode::V128: return "v128";
  default: return "funcref";
  }
}

/// `(param ...) (result ...)` of a function type.
std::string coreFuncType(const binary::CompositeType &t) {
  std::string s;
  auto list = [&](const char *kw, const std::vector<binary::ValType> &v) {
    if (v.empty())
      return;
    s.append(s.empty() ? "(" : " (").append(kw);
    for (const binary::ValType &x : v)
      s.append(" ").append(valTypeName(x));
    s += ")";
  };
  list("param", t.params);
  list("result", t.results);
  return s;
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

class Emitter {
public:
  explicit Emitter(Plan &p) : p(p), w(p.r, out) {}
  std::string run();

private:
  Plan &p;
  std::string out;
  wit::WatTypeWriter w;
  wit::WatTypeWriter::Env env;
  std::vector<std::string> unitRef; ///< per unit: its core instance
  std::string memory, realloc;
  llvm::StringMap<std::string> exportedTypes; ///< "slot/resource" -> `$type`
  unsigned next = 0;
  std::string fresh(const char *p) { return std::string("$") + p + std::to_string(next++); }
  llvm::StringMap<std::string> aliases;
  /// A core function export of a core instance, aliased once.
  std::string coreFunc(const std::string &inst, llvm::StringRef name) {
    std::string &ref = aliases[inst + " " + name.str()];
    if (ref.empty()) {
      ref = fresh("a");
      line("(alias core export " + inst + " " + str(name) + " (core func " + ref + "))");
    }
    return ref;
  }
  void line(const std::string &s) { w.line(s); }

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
  /// The canonical options `n` asks for.
  std::string options(const AbiNeeds &n, StringEncoding enc, const std::string &reallocRef);
  std::string lower(const Use &u);
  void imports();
  void modules();
  void exportedTypeDefs();
  void instantiate(unsigned unit);
  void fixups();
  void initialize();
  void lift();
  /// Exports interface `e` through a nested component (`lifted`: its
  /// functions, lifted).
  void exportThroughComponent(size_t e, const std::vector<std::string> &lifted);
};

std::string Emitter::options(const AbiNeeds &n, StringEncoding enc,
                             const std::string &reallocRef) {
  std::string s;
  if (n.memory)
    s += " (memory " + memory + ")";
  if (n.realloc)
    s += " (realloc " + reallocRef + ")";
  if (n.strings)
    s += " string-encoding=" + canonOptionName(enc).str();
  return s;
}

std::string Emitter::lower(const Use &u) {
  const ImportSlot &s = p.imports[u.slot];
  std::string f = s.kind == ImportSlot::Function ? s.ref
                                                 : s.ref + " " + str(p.r.functionName(*u.func));
  const CoreUnit &cu = p.units[u.unit];
  AbiNeeds needs = lowerNeeds(p.r, *u.func);
  std::string reallocRef = realloc;
  if (u.unit != 0 && needs.realloc)
    reallocRef = !cu.importRealloc.empty() ? coreFunc(unitRef[u.unit], cu.importRealloc)
                 : !cu.realloc.empty()         ? coreFunc(unitRef[u.unit], cu.realloc)
                                               : realloc;
  std::string name = fresh("lower");
  line("(core func " + name + " (canon lower (func " + f + ")" +
       options(needs, cu.encoding, reallocRef) + "))");
  return name;
}

void Emitter::imports() {
  for (ImportSlot &s : p.imports) {
    if (!s.live)
      continue;
    switch (s.kind) {
    case ImportSlot::Interface: {
      wit::InterfaceFilter keep{&s.liveTypes, &s.usedFuncs};
      s.ref = w.importInterface(s.name, s.iface, env, true, s.implements, keep);
      break;
    }
    case ImportSlot::Type:
      s.ref = w.defineType(s.type, s.name, env, wit::WatTypeWriter::Mode::Import);
      break;
    case ImportSlot::Function: {
      s.ref = fresh("f");
      std::string ft = w.func(*s.func, env);
      line("(import " + str(s.name) + " (func " + s.ref + ft.substr(5) + ")");
      break;
    }
    }
  }
}

void Emitter::modules() {
  line("(core module $main)");
  for (unsigned a = 1; a < p.units.size(); ++a)
    line("(core module $adapter" + std::to_string(a) + ")");
  if (p.shim.empty())
    return;
  std::string n = std::to_string(p.shim.size());
  w.open("(core module $shim");
  for (size_t i = 0; i < p.shim.size(); ++i)
    line("(type (func " + coreFuncType(shimType(p.shim[i])) + "))");
  line("(table (export \"$imports\") " + n + " " + n + " funcref)");
  for (size_t i = 0; i < p.shim.size(); ++i) {
    std::string body;
    for (size_t k = 0, e = shimType(p.shim[i]).params.size(); k < e; ++k)
      body += " local.get " + std::to_string(k);
    line("(func (export \"" + std::to_string(i) + "\") (type " + std::to_string(i) + ")" + body +
         " i32.const " + std::to_string(i) + " call_indirect (type " + std::to_string(i) + "))");
  }
  w.close();
  w.open("(core module $fixup");
  for (size_t i = 0; i < p.shim.size(); ++i)
    line("(type (func " + coreFuncType(shimType(p.shim[i])) + "))");
  for (size_t i = 0; i < p.shim.size(); ++i)
    line("(import \"\" \"" + std::to_string(i) + "\" (func (type " + std::to_string(i) + ")))");
  line("(import \"\" \"$imports\" (table " + n + " " + n + " funcref))");
  std::string elems;
  for (size_t i = 0; i < p.shim.size(); ++i)
    elems += " " + std::to_string(i);
  line("(elem (i32.const 0) func" + elems + ")");
  w.close();
  line("(core instance $shim_i (instantiate $shim))");
}

void Emitter::exportedTypeDefs() {
  for (size_t e = 0; e < p.exports.size(); ++e) {
    ExportSlot &s = p.exports[e];
    if (s.kind != ExportSlot::Interface)
      continue;
    for (auto &[n, t] : p.r[s.iface].types) {
      std::string extra = "(rep i32)";
      if (p.r[t].kind == wit::TypeDef::Resource) {
        for (size_t i = 0; i < p.shim.size(); ++i)
          if (p.shim[i].use < 0 && p.shim[i].exportSlot == e && p.shim[i].resource == n)
            extra += " (dtor " + coreFunc("$shim_i", std::to_string(i)) + ")";
      }
      std::string ref = w.defineType(t, n, env, wit::WatTypeWriter::Mode::Local, extra);
      exportedTypes[std::to_string(e) + "/" + n] = ref;
    }
  }
}

void Emitter::instantiate(unsigned unit) {
  CoreUnit &cu = p.units[unit];
  // One bag of exports per imported module, in first-import order.
  std::vector<std::string> moduleOrder;
  llvm::StringMap<std::vector<size_t>> byModule;
  for (size_t i = 0; i < p.uses.size(); ++i) {
    const Use &u = p.uses[i];
    if (u.unit != unit)
      continue;
    if (!byModule.count(u.module))
      moduleOrder.push_back(u.module);
    byModule[u.module].push_back(i);
  }
  std::string args;
  if (unit != 0) {
    std::string envBag = fresh("env");
    line("(core instance " + envBag + " (export \"memory\" (memory " + memory + ")))");
    for (const binary::Import &imp : cu.m.imports)
      if (imp.kind == binary::extkind::Memory)
        args += " (with " + str(imp.module) + " (instance " + envBag + "))";
  }
  for (const std::string &mod : moduleOrder) {
    std::vector<std::string> items;
    for (size_t i : byModule[mod]) {
      const Use &u = p.uses[i];
      std::string ref;
      if (u.shim >= 0) {
        ref = "$shim_i \"" + std::to_string(u.shim) + "\"";
      } else {
        switch (u.kind) {
        case Use::Lower: ref = lower(u); break;
        case Use::ImportedDrop: {
          const ImportSlot &s = p.imports[u.slot];
          std::string t = s.kind == ImportSlot::Type ? s.ref : s.ref + " " + str(u.resource);
          ref = fresh("drop");
          line("(core func " + ref + " (canon resource.drop (type " + t + ")))");
          break;
        }
        case Use::ExportedNew: case Use::ExportedRep: case Use::ExportedDrop: {
          const char *op = u.kind == Use::ExportedNew   ? "resource.new"
                           : u.kind == Use::ExportedRep ? "resource.rep"
                                                        : "resource.drop";
          ref = fresh("res");
          line("(core func " + ref + " (canon " + op + " " +
               exportedTypes[std::to_string(u.slot) + "/" + u.resource] + "))");
          break;
        }
        case Use::FromMain: ref = unitRef[0] + " " + str(u.exportName); break;
        case Use::FromAdapter: break; // always through the shim
        }
      }
      items.push_back("(export " + str(u.field) + " (func " + ref + "))");
      for (const std::string &alias : u.aliases)
        items.push_back("(export " + str(alias) + " (func " + ref + "))");
    }
    std::string bag = fresh("bag");
    w.open("(core instance " + bag);
    for (const std::string &it : items)
      line(it);
    w.close();
    args += " (with " + str(mod) + " (instance " + bag + "))";
  }
  std::string inst = unit == 0 ? "$main_i" : "$adapter" + std::to_string(unit) + "_i";
  std::string mod = unit == 0 ? "$main" : "$adapter" + std::to_string(unit);
  line("(core instance " + inst + " (instantiate " + mod + args + "))");
  unitRef[unit] = inst;
  if (unit == 0) {
    if (!cu.memory.empty()) {
      memory = "$memory";
      line("(alias core export $main_i " + str(cu.memory) + " (core memory $memory))");
    }
    if (!cu.realloc.empty()) {
      realloc = "$realloc";
      line("(alias core export $main_i " + str(cu.realloc) + " (core func $realloc))");
    }
  }
}

void Emitter::fixups() {
  if (p.shim.empty())
    return;
  std::vector<std::string> refs;
  for (const Plan::ShimEntry &e : p.shim) {
    if (e.use < 0) {
      const ExportSlot &s = p.exports[e.exportSlot];
      refs.push_back(unitRef[s.unit] + " " + str(s.dtors.lookup(e.resource)));
      continue;
    }
    const Use &u = p.uses[e.use];
    if (u.kind == Use::FromAdapter)
      refs.push_back(unitRef[u.from] + " " + str(u.exportName));
    else
      refs.push_back(lower(u));
  }
  w.open("(core instance $fixup_args");
  for (size_t i = 0; i < refs.size(); ++i)
    line("(export \"" + std::to_string(i) + "\" (func " + refs[i] + "))");
  line("(export \"$imports\" (table $shim_i \"$imports\"))");
  w.close();
  line("(core instance (instantiate $fixup (with \"\" (instance $fixup_args))))");
}

void Emitter::initialize() {
  const CoreUnit &m = p.units[0];
  if (m.initialize.empty())
    return;
  // A start function runs `_initialize` once everything is wired.
  line("(core module $init (import \"\" \"\" (func $f)) (start $f))");
  line("(core instance (instantiate $init (with \"\" (instance (export \"\" (func $main_i " +
       str(m.initialize) + "))))))");
}

void Emitter::lift() {
  for (size_t e = 0; e < p.exports.size(); ++e) {
    ExportSlot &s = p.exports[e];
    const CoreUnit &cu = p.units[s.unit];
    std::string reallocRef = s.unit == 0 || cu.realloc.empty()
                                 ? realloc
                                 : coreFunc(unitRef[s.unit], cu.realloc);
    auto liftOne = [&](const wit::Function &f) {
      auto &[core, post] = s.core[p.r.functionName(f)];
      std::string ty = fresh("ft"), fn = fresh("lift");
      line("(type " + ty + " " + w.func(f, env) + ")");
      std::string opts = options(liftNeeds(p.r, f), cu.encoding, reallocRef);
      if (!post.empty())
        opts += " (post-return " + coreFunc(unitRef[s.unit], post) + ")";
      line("(func " + fn + " (type " + ty + ") (canon lift (core func " + unitRef[s.unit] + " " +
           str(core) + ")" + opts + "))");
      return fn;
    };
    if (s.kind == ExportSlot::Function) {
      line("(export " + str(s.name) + " (func " + liftOne(*s.func) + "))");
      continue;
    }
    bool definesResources = false;
    for (auto &[n, t] : p.r[s.iface].types)
      definesResources |= p.r[t].kind == wit::TypeDef::Resource;
    if (definesResources) {
      std::vector<std::string> lifted;
      for (const wit::Function &f : p.r[s.iface].functions)
        lifted.push_back(liftOne(f));
      exportThroughComponent(e, lifted);
      continue;
    }
    std::vector<std::string> items;
    for (auto &[n, t] : p.r[s.iface].types)
      items.push_back("(export " + str(n) + " (type " +
                      exportedTypes[std::to_string(e) + "/" + n] + "))");
    for (const wit::Function &f : p.r[s.iface].functions)
      items.push_back("(export " + str(p.r.functionName(f)) + " (func " + liftOne(f) + "))");
    std::string inst = fresh("export");
    w.open("(instance " + inst);
    for (const std::string &it : items)
      line(it);
    w.close();
    // Ascribed the interface's instance type, so that every type the
    // functions use has its name (and resources their identity) in the
    // export.
    std::string ty = fresh("it");
    w.open("(type " + ty + " (instance");
    wit::WatTypeWriter::Env inner = env;
    w.instanceBody(s.iface, inner, true);
    w.close();
    line("(export " + str(s.name) + " (instance " + inst + ") (instance (type " + ty + ")))");
  }
}

void Emitter::exportThroughComponent(size_t e, const std::vector<std::string> &lifted) {
  // A resource the component defines cannot be exported inside an instance
  // built inline: the export's type would name a resource that has no name
  // of its own. Instead a nested component imports every type (and every
  // lifted function) its interface needs and exports them under their
  // interface names, so each resource is named by an export; the instance
  // it is instantiated to is what the component exports.
  const ExportSlot &s = p.exports[e];
  const wit::Interface &iface = p.r[s.iface];
  llvm::DenseSet<uint32_t> own, needed;
  for (auto &[n, t] : iface.types) {
    own.insert(t.index);
    collectTypes(p.r, wit::TypeRef::of(t), needed);
  }
  for (const wit::Function &f : iface.functions) {
    for (auto &[n, t] : f.params)
      collectTypes(p.r, t, needed);
    if (f.result)
      collectTypes(p.r, *f.result, needed);
  }
  // Types of other interfaces, named ones only (the others are written
  // structurally), each after those it uses.
  std::vector<uint32_t> foreign = dependencyOrder(p.r, needed, [&](uint32_t id) {
    return !own.contains(id) && !p.r[wit::TypeId{id}].name.empty();
  });

  std::string comp = fresh("exporter");
  std::vector<std::string> args;
  wit::WatTypeWriter::Env inner;
  unsigned k = 0;
  w.open("(component " + comp);
  auto importType = [&](wit::TypeId t, const std::string &outer) {
    std::string name = "import-type-t" + std::to_string(k++);
    w.defineType(t, name, inner, wit::WatTypeWriter::Mode::Import);
    args.push_back("(with " + str(name) + " (type " + outer + "))");
  };
  for (uint32_t id : foreign)
    importType(wit::TypeId{id}, w.name(wit::TypeId{id}, env));
  for (auto &[n, t] : iface.types)
    importType(t, exportedTypes[std::to_string(e) + "/" + n]);
  std::vector<std::string> funcs;
  for (size_t i = 0; i < iface.functions.size(); ++i) {
    std::string name = "import-func-f" + std::to_string(i), ref = fresh("g");
    line("(import " + str(name) + " (func " + ref + w.func(iface.functions[i], inner).substr(5) +
         ")");
    args.push_back("(with " + str(name) + " (func " + lifted[i] + "))");
    funcs.push_back(ref);
  }
  // Exported types are defined again in terms of the exports before them
  // (resources: the imported ones), as wasm-tools does: an export that
  // named an imported record or variant would refer, from outside, to a
  // type the outer component only defines, which it may not export.
  wit::WatTypeWriter::Env outward = inner;
  for (auto &[n, t] : iface.types) {
    std::string x = fresh("x");
    std::string src = inner[t.index];
    if (p.r[t].kind != wit::TypeDef::Resource)
      src = w.defineType(t, "", outward, wit::WatTypeWriter::Mode::Local);
    line("(export " + x + " " + str(n) + " (type " + src + "))");
    outward[t.index] = x;
  }
  for (size_t i = 0; i < iface.functions.size(); ++i)
    line("(export " + str(p.r.functionName(iface.functions[i])) + " (func " + funcs[i] + ") " +
         w.func(iface.functions[i], outward) + ")");
  w.close();
  std::string inst = fresh("export");
  std::string with;
  for (const std::string &a : args)
    with += " " + a;
  line("(instance " + inst + " (instantiate " + comp + with + "))");
  line("(export " + str(s.name) + " (instance " + inst + "))");
}

std::string Emitter::run() {
  out = "(component\n";
  unitRef.resize(p.units.size());
  imports();
  modules();
  exportedTypeDefs();
  for (unsigned u = 0; u < p.units.size(); ++u)
    instantiate(u);
  fixups();
  initialize();
  lift();
  line("(@producers (processed-by \"wcomp\" \"0.1.0\"))");
  out += ")\n";
  return out;
}

} // namespace

std::string emitComponentWat(Plan &p) {
  Emitter e(p);
  return e.run();
}

llvm::Expected<std::vector<uint8_t>>
spliceModules(llvm::ArrayRef<uint8_t> component,
              const std::vector<llvm::ArrayRef<uint8_t>> &modules) {
  std::vector<uint8_t> out(component.begin(), component.begin() + 8);
  size_t total = component.size();
  for (auto m : modules)
    total += m.size() + 5;
  out.reserve(total);
  binary::BinaryReader r(component.drop_front(8), 8);
  size_t next = 0;
  while (!r.eof()) {
    auto start = r.position();
    uint8_t id;
    uint32_t size;
    WCOMP_ASSIGN(id, r.readU8());
    WCOMP_ASSIGN(size, r.readU32());
    llvm::ArrayRef<uint8_t> body;
    WCOMP_ASSIGN(body, r.readBytes(size));
    if (id == 1 && next < modules.size()) {
      llvm::ArrayRef<uint8_t> m = modules[next++];
      binary::Encoder e;
      e.u8(1);
      e.u32(uint32_t(m.size()));
      out.insert(out.end(), e.bytes.begin(), e.bytes.end());
      out.insert(out.end(), m.begin(), m.end());
      continue;
    }
    out.insert(out.end(), start, body.end());
  }
  return out;
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
    llvm::consumeError(count.takeError());
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
      llvm::consumeError(name.takeError());
      return std::nullopt;
    }
    const uint8_t *desc = r.position();
    if (llvm::Error err = binary::readImportDesc(r, imp)) {
      llvm::consumeError(std::move(err));
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

std::vector<uint8_t>
withoutWorldSections(llvm::ArrayRef<uint8_t> module,
                     llvm::ArrayRef<std::pair<uint32_t, std::string>> renamed) {
  std::vector<uint8_t> out(module.begin(), module.begin() + std::min<size_t>(8, module.size()));
  out.reserve(module.size());
  binary::BinaryReader r(module.drop_front(out.size()), out.size());
  while (!r.eof()) {
    const uint8_t *start = r.position();
    auto id = r.readU8();
    auto size = id ? r.readU32() : llvm::Expected<uint32_t>(id.takeError());
    auto body = size ? r.readBytes(*size) : llvm::Expected<llvm::ArrayRef<uint8_t>>(size.takeError());
    if (!body) { // already read once: cannot happen, but never lose bytes
      llvm::consumeError(body.takeError());
      out.insert(out.end(), start, module.end());
      break;
    }
    if (*id == 0) {
      binary::BinaryReader b(*body);
      auto name = b.readName();
      if (name && isComponentTypeSection(*name))
        continue;
      if (!name)
        llvm::consumeError(name.takeError());
    }
    if (*id == binary::coresec::Import && !renamed.empty()) {
      if (std::optional<binary::Encoder> section = renameImports(*body, renamed)) {
        binary::Encoder head;
        head.section(binary::coresec::Import, *section);
        out.insert(out.end(), head.bytes.begin(), head.bytes.end());
        continue;
      }
    }
    out.insert(out.end(), start, body->end());
  }
  return out;
}

} // namespace wcomp::adapt
