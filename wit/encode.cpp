//===- wit/encode.cpp - A WIT package as a component ----------------------===//
//
// Written as component text, which the component text parser turns into
// the binary: `$names` are generated unique per package, so that a name of
// an enclosing type scope can be used inside an instance type (the parser
// makes the outer alias).
//
//===----------------------------------------------------------------------===//
#include "wit/encode.h"
#include "wit/metadata.h"

#include "binary/names.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace wcomp::wit {

namespace {
std::string quote(const std::string &s) { return "\"" + s + "\""; }
} // namespace

std::string WatTypeWriter::nameKey(TypeId t) const {
  const TypeDef &d = r[t];
  if (d.owner.kind != TypeOwner::Interface || d.name.empty())
    return {};
  InterfaceId i{d.owner.index};
  if (r[i].name.empty())
    return {};
  return binary::canonicalInterfaceName(r.interfaceName(i)) + "/" + d.name;
}

std::string WatTypeWriter::name(TypeId t, const Env &env) const {
  if (auto it = env.find(t.index); it != env.end())
    return it->second;
  if (auto it = env.find(r.dealias(t).index); it != env.end())
    return it->second;
  if (std::string k = nameKey(t); !k.empty())
    if (auto it = byName.find(k); it != byName.end())
      return it->second;
  return "$unknown"; // refused by the parser: a bug, not an input error
}

void WatTypeWriter::bind(Env &env, TypeId t, const std::string &n) {
  env[t.index] = n;
  if (std::string k = nameKey(t); !k.empty())
    byName[k] = n;
}

void WatTypeWriter::open(const std::string &s) {
  line(s);
  indent += "  ";
  int depth = 0;
  for (char c : s)
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
  opened.push_back(depth);
}

void WatTypeWriter::close() {
  indent.resize(indent.size() - 2);
  out.insert(out.size() - 1, std::string(opened.back(), ')'));
  opened.pop_back();
}

std::string WatTypeWriter::val(TypeRef t, const Env &env) const {
  if (t.prim != TypeRef::Defined)
    return primName(t.prim);
  const TypeDef &d = r[t.id];
  if (!d.name.empty())
    return name(t.id, env);
  auto opt = [&](const std::optional<TypeRef> &x) { return x ? " " + val(*x, env) : std::string(); };
  switch (d.kind) {
  case TypeDef::List: return "(list" + opt(d.a) + ")";
  case TypeDef::FixedList: return "(list" + opt(d.a) + " " + std::to_string(d.length) + ")";
  case TypeDef::Option: return "(option" + opt(d.a) + ")";
  case TypeDef::Future: return "(future" + opt(d.a) + ")";
  case TypeDef::Stream: return "(stream" + opt(d.a) + ")";
  case TypeDef::Map: return "(map" + opt(d.a) + opt(d.b) + ")";
  case TypeDef::Own: return "(own " + name(d.resource, env) + ")";
  case TypeDef::Borrow: return "(borrow " + name(d.resource, env) + ")";
  case TypeDef::Tuple: {
    std::string s = "(tuple";
    for (TypeRef x : d.types)
      s += " " + val(x, env);
    return s + ")";
  }
  case TypeDef::Result:
    return "(result" + opt(d.a) + (d.b ? " (error " + val(*d.b, env) + ")" : "") + ")";
  default:
    return "$unknown";
  }
}

std::string WatTypeWriter::func(const Function &f, const Env &env) const {
  std::string s = f.async ? "(func async" : "(func";
  for (auto &[n, t] : f.params)
    s += " (param " + quote(n) + " " + val(t, env) + ")";
  if (f.result)
    s += " (result " + val(*f.result, env) + ")";
  return s + ")";
}

std::string WatTypeWriter::defineType(TypeId t, const std::string &exportName, Env &env,
                                      Mode mode, const std::string &resourceExtra) {
  const TypeDef &d = r[t];
  std::string kw = mode == Mode::Import ? "import" : "export";
  std::string e = fresh();
  auto bound = [&](const std::string &b) {
    line("(" + kw + " " + quote(exportName) + " (type " + e + " " + b + "))");
    env[t.index] = e;
    return e;
  };
  auto labels = [&](const char *k) {
    std::string s("(");
    s += k;
    for (const Member &m : d.members)
      s.append(" ").append(quote(m.name));
    return s + ")";
  };
  std::string def;
  switch (d.kind) {
  case TypeDef::Resource:
    if (mode == Mode::Local) {
      line("(type " + e + " (resource " + resourceExtra + "))");
      env[t.index] = e;
      return e;
    }
    return bound("(sub resource)");
  case TypeDef::Record:
    def = "(record";
    for (const Member &m : d.members)
      def += " (field " + quote(m.name) + " " + val(*m.type, env) + ")";
    def += ")";
    break;
  case TypeDef::Variant:
    def = "(variant";
    for (const Member &m : d.members)
      def += " (case " + quote(m.name) + (m.type ? " " + val(*m.type, env) : "") + ")";
    def += ")";
    break;
  case TypeDef::Enum: def = labels("enum"); break;
  case TypeDef::Flags: def = labels("flags"); break;
  case TypeDef::Alias:
    if (d.a && d.a->prim == TypeRef::Defined && !r[d.a->id].name.empty()) {
      std::string target = name(d.a->id, env); // `use`, or `type a = b`
      if (mode == Mode::Local) {
        env[t.index] = target;
        return target;
      }
      return bound("(eq " + target + ")");
    }
    def = d.a ? val(*d.a, env) : "u32";
    break;
  default:
    def = val(TypeRef::of(t), env);
  }
  if (mode == Mode::Local) {
    line("(type " + e + " " + def + ")");
    env[t.index] = e;
    return e;
  }
  std::string dn = fresh();
  line("(type " + dn + " " + def + ")");
  return bound("(eq " + dn + ")");
}

void WatTypeWriter::instanceBody(InterfaceId i, Env &env, bool withFunctions,
                                 const InterfaceFilter &keep) {
  // Types are kept in an order where each follows those it uses (resolved
  // in dependency order, or decoded from a binary that required it).
  for (auto &[name, t] : r[i].types)
    if (!keep.types || keep.types->contains(t.index))
      defineType(t, name, env, Mode::Export);
  if (!withFunctions)
    return;
  for (const Function &f : r[i].functions) {
    std::string n = r.functionName(f);
    if (!keep.functions || keep.functions->contains(n))
      line("(export " + quote(n) + " " + func(f, env) + ")");
  }
}

std::string WatTypeWriter::importInterface(const std::string &importName, InterfaceId i,
                                           Env &env, bool withFunctions, bool implements,
                                           const InterfaceFilter &keep) {
  // The instance's own names stay inside it; its types come out by alias.
  std::string inst = fresh();
  std::string impl = implements ? " (implements " + quote(r.interfaceName(i)) + ")" : "";
  open("(import " + quote(importName) + impl + " (instance " + inst);
  Env inner = env;
  instanceBody(i, inner, withFunctions, keep);
  close();
  for (auto &[n, t] : r[i].types) {
    if (keep.types && !keep.types->contains(t.index))
      continue;
    std::string a = fresh();
    line("(alias export " + inst + " " + quote(n) + " (type " + a + "))");
    bind(env, t, a);
  }
  return inst;
}

namespace {

/// The package and world encoders.
class Encoder : public WatTypeWriter {
public:
  Encoder(const Resolve &r, std::string &out) : WatTypeWriter(r, out), r(r), out(out) {}
  void package(PackageId p);
  void world(WorldId w);

private:
  const Resolve &r;
  std::string &out;
};

void Encoder::world(WorldId w) {
  const World &wd = r[w];
  const Package &pk = r[wd.package];
  std::string full = pk.ns + ":" + pk.name + "/" + wd.name +
                     (pk.version.empty() ? "" : "@" + pk.version);
  open("(type (export " + quote(wd.name) + ") (component");
  open("(export " + quote(full) + " (component");
  Env env;
  for (auto &[key, item] : wd.imports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    switch (item.kind) {
    case WorldItem::InterfaceItem:
      importInterface(nm, item.iface, env, true, item.implements);
      break;
    case WorldItem::TypeItem: defineType(item.type, nm, env, Mode::Import); break;
    case WorldItem::FunctionItem:
      line("(import " + quote(item.func.resource.valid() ? r.functionName(item.func) : nm) + " " +
           func(item.func, env) + ")");
      break;
    }
  }
  // Exported interfaces that a later export takes types from (`export a;
  // export b;` where b uses a): their types are aliased out of the export,
  // as wasm-tools does, so the later one refers to them (it referred to a
  // name of another component type: found by the WIT-folder fuzzer).
  llvm::DenseSet<uint32_t> usedLater;
  for (auto &[key, item] : wd.exports)
    if (item.kind == WorldItem::InterfaceItem) {
      std::vector<InterfaceId> deps;
      r.interfaceDeps(item.iface, deps);
      for (InterfaceId d : deps)
        usedLater.insert(d.index);
    }
  for (auto &[key, item] : wd.exports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == WorldItem::FunctionItem) {
      line("(export " + quote(nm) + " " + func(item.func, env) + ")");
    } else if (item.kind == WorldItem::InterfaceItem) {
      std::string impl =
          item.implements ? " (implements " + quote(r.interfaceName(item.iface)) + ")" : "";
      std::string inst = fresh();
      open("(export " + quote(nm) + impl + " (instance " + inst);
      Env inner = env;
      instanceBody(item.iface, inner, true);
      close();
      if (usedLater.contains(item.iface.index))
        for (auto &[n, t] : r[item.iface].types) {
          if (env.count(t.index))
            continue; // bound by an import of the interface
          std::string a = fresh();
          line("(alias export " + inst + " " + quote(n) + " (type " + a + "))");
          bind(env, t, a);
        }
    }
  }
  close();
  close();
}

void Encoder::package(PackageId p) {
  out += "(component\n";
  for (auto &[n, i] : r[p].interfaces) {
    open("(type (export " + quote(n) + ") (component");
    Env env;
    std::vector<InterfaceId> deps;
    r.interfaceDeps(i, deps);
    for (InterfaceId d : deps)
      importInterface(r.interfaceName(d), d, env, false, false);
    open("(export " + quote(r.interfaceName(i)) + " (instance");
    Env inner = env;
    instanceBody(i, inner, true);
    close();
    close();
  }
  for (auto &[n, w] : r[p].worlds)
    world(w);
  // Docs and gates have no place in the types: wasm-tools' custom section.
  if (std::string docs = encodePackageDocs(r, p); !docs.empty()) {
    out += "  (@custom \"" + std::string(PackageDocsSection) + "\" ";
    binary::appendString(out, docs);
    out += ")\n";
  }
  out += ")\n";
}

} // namespace

std::string encodePackageWat(const Resolve &r, PackageId pkg) {
  std::string out;
  Encoder e(r, out);
  e.package(pkg);
  return out;
}

std::string encodeWorldWat(const Resolve &r, WorldId world) {
  std::string out = "(component\n";
  Encoder e(r, out);
  e.world(world);
  out += ")\n";
  return out;
}

} // namespace wcomp::wit
