//===- compose/resolve.cpp - Ordering, merging and typing a composition ---===//
#include "compose/graph.h"

#include "binary/error.h"
#include "binary/names.h"
#include "binary/parser.h"
#include "validate/instantiate.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <set>

namespace wcomp::compose {

namespace externkind = binary::externkind;


using validate::CExtern;
using validate::CTypeId;
using validate::CTypeNode;
using validate::NoType;

namespace {

/// The version of an interface name, or "" (plain names, no version).
llvm::StringRef versionOf(llvm::StringRef name) {
  size_t at = name.rfind('@');
  return at == llvm::StringRef::npos ? llvm::StringRef() : name.drop_front(at + 1);
}

} // namespace

bool namesMatch(llvm::StringRef a, llvm::StringRef b) {
  if (a == b)
    return true;
  if (versionOf(a).empty() || versionOf(b).empty())
    return false;
  return binary::canonicalInterfaceName(a) == binary::canonicalInterfaceName(b);
}

std::optional<std::string>
matchingExport(const std::vector<std::pair<std::string, CExtern>> &list, llvm::StringRef name) {
  std::optional<std::string> best;
  for (const auto &[n, e] : list) {
    if (n == name)
      return n;
    if (namesMatch(n, name) &&
        (!best || binary::compareSemver(versionOf(n), versionOf(*best)) > 0))
      best = n;
  }
  return best;
}

std::string dependencyImportName(llvm::StringRef ns, llvm::StringRef name,
                                 llvm::StringRef version) {
  std::string label;
  for (char c : name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z')
      c = char(c - 'A' + 'a'), alnum = true;
    // Each kebab word starts with a letter: digits only after one.
    bool digit = c >= '0' && c <= '9';
    if (alnum && !(digit && (label.empty() || label.back() == '-')))
      label += c;
    else if (!label.empty() && label.back() != '-')
      label += '-';
  }
  while (!label.empty() && label.back() == '-')
    label.pop_back();
  if (label.empty())
    label = "component";
  return "unlocked-dep=<" + ns.str() + ":" + label +
         (version.empty() ? "" : "@{>=" + version.str() + "}") + ">";
}

void Graph::importDefinition(uint32_t def, llvm::StringRef ns, llvm::StringRef name,
                             llvm::StringRef version) {
  std::string dep = dependencyImportName(ns, name, version);
  Definition &d = definitions[def];
  if (legacyDependencyNames) {
    d.importName = dep;
    d.externalId.clear();
    return;
  }
  // The plain name: the package's words joined (`plug:kv-store` ->
  // `plug-kv-store`), as dependencyImportName made them kebab-case.
  llvm::StringRef inner = llvm::StringRef(dep).drop_front(strlen("unlocked-dep=<"));
  inner = inner.take_until([](char c) { return c == '@' || c == '>'; });
  std::string plain;
  for (char c : inner)
    plain += c == ':' ? '-' : c;
  d.importName = plain;
  d.externalId = dep;
}

llvm::Expected<uint32_t> Graph::addDefinition(std::string name, std::string path,
                                              llvm::ArrayRef<uint8_t> bytes) {
  // A core module where a component belongs is the commonest mistake.
  if (binary::hasPreamble(bytes) && binary::preambleLayer(bytes) == 0)
    return binary::addContext(binary::makeError(binary::WasmError::NoOffset,
                                                "is a core module, not a component (make it "
                                                "one with `wcomp new` or `wcomp adapt`)"),
                              path);
  // The reader's own error, its offset kept, in the context of the file.
  auto type = typer.add(bytes);
  if (!type)
    return binary::addContext(type.takeError(), path);
  definitions.push_back({std::move(name), std::move(path), bytes, *type, "", ""});
  return uint32_t(definitions.size() - 1);
}

uint32_t Graph::addInstance(std::string name, uint32_t def) {
  Instance in;
  in.name = std::move(name);
  in.definition = def;
  size_t n = importsOf(def).size();
  in.args.resize(n);
  in.decisions.resize(n);
  in.importAs.resize(n);
  instances.push_back(std::move(in));
  return uint32_t(instances.size() - 1);
}

const std::vector<std::pair<std::string, CExtern>> &Graph::importsOf(uint32_t def) const {
  return types()[definitions[def].type].imports;
}

const std::vector<std::pair<std::string, CExtern>> &Graph::exportsOf(uint32_t def) const {
  return types()[definitions[def].type].exports;
}

namespace {

/// resolve() in steps over one graph.
class Resolver {
public:
  explicit Resolver(Graph &g) : g(g), types(g.types()) {}

  llvm::Error run() {
    order();
    if (failed())
      return takeError();
    mergeImports();
    firsts.assign(g.imports.size(), std::nullopt);
    if (!failed())
      typeCheck();
    return takeError();
  }

private:
  /// Instances after those whose exports they use; a cycle is an error.
  void order() {
    std::vector<uint8_t> state(g.instances.size(), 0); // 0 new, 1 on the path, 2 done
    std::vector<uint32_t> path;
    std::function<bool(uint32_t)> visit = [&](uint32_t i) {
      if (state[i] == 2)
        return true;
      if (state[i] == 1) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), i);
        for (auto it = from; it != path.end(); ++it)
          cycle += "`" + g.instances[*it].name + "` -> ";
        cycle += "`" + g.instances[i].name + "`";
        error().cycles.push_back("cycle: " + cycle + " (each uses an export of the next)");
        return false;
      }
      state[i] = 1;
      path.push_back(i);
      for (const Source &s : g.instances[i].args)
        if ((s.kind == Source::InstanceExport || s.kind == Source::WholeInstance) &&
            !visit(s.index))
          return false;
      path.pop_back();
      state[i] = 2;
      g.order.push_back(i);
      return true;
    };
    g.order.clear();
    for (uint32_t i = 0; i < g.instances.size(); ++i)
      if (!visit(i))
        return;
  }

  /// Unset imports become imports of the composition, one per interface:
  /// the highest of semver-compatible versions is imported.
  void mergeImports() {
    llvm::StringMap<uint32_t> byKey;
    // Declared imports (WAC `import` statements and what their types use)
    // come first: an importer of the same interface shares them.
    for (uint32_t j = 0; j < g.imports.size(); ++j)
      byKey.try_emplace(binary::canonicalInterfaceName(g.imports[j].name), j);
    for (uint32_t i : g.order) {
      Instance &in = g.instances[i];
      const auto &imports = g.importsOf(in.definition);
      for (uint32_t k = 0; k < in.args.size(); ++k) {
        if (in.args[k].kind != Source::Unset)
          continue;
        std::string name = in.importAs[k].empty() ? imports[k].first : in.importAs[k];
        auto [it, fresh] = byKey.try_emplace(binary::canonicalInterfaceName(name),
                                             uint32_t(g.imports.size()));
        if (fresh)
          g.imports.push_back({name, i, k, {}, {}, false});
        Import &imp = g.imports[it->second];
        if (imp.explicitImport) {
          fail(i, k, "implicit import `" + name + "` conflicts with the explicit import `" +
                         imp.name + "`");
          continue;
        }
        imp.users.push_back({i, k});
        in.args[k] = {Source::Import, it->second, ""};
        if (imp.declared)
          continue; // its type is given
        llvm::StringRef have = versionOf(imp.name), want = versionOf(name);
        if (!have.empty() && !want.empty() && binary::compareSemver(want, have) > 0) {
          imp.name = name;
          imp.instance = i;
          imp.index = k;
        }
      }
    }
  }

  /// Import `k` of instance `i` in the composition's terms: the resources
  /// of the instance's earlier imports are those of the composition's
  /// imports that supply them (the ones it declares stay its own). Earlier
  /// imports are supplied with their first-phase types (firstType), which
  /// hold the same resources as the final unions: computing a union here
  /// would recurse into other importers, whose imports in another order
  /// made an interface (wasi:io/error) "in progress" while one depending on
  /// it (wasi:io/streams) was typed without it.
  CExtern inCompositionTerms(uint32_t i, uint32_t k) {
    const Instance &in = g.instances[i];
    CTypeId def = g.definitions[in.definition].type;
    // One view per instance, advanced import by import and kept: building
    // it anew for each import made 40,000 imports take quadratic time.
    // Imports after `k` cannot change import `k`'s type (a type refers only
    // to what is declared before it), so a view that is further on serves.
    if (views.size() < g.instances.size())
      views.resize(g.instances.size());
    View &v = views[i];
    if (!v.inst)
      v.inst = std::make_unique<validate::Instantiation>(types, def);
    while (v.next < k) {
      uint32_t e = v.next;
      if (in.args[e].kind == Source::Import) {
        const CExtern *have = firstType(in.args[e].index);
        if (!have)
          break; // being typed (a cycle between importers): not kept
        supplyEarlier(*v.inst, e, in.args[e].index, *have);
      }
      v.next = std::max(v.next, e + 1);
    }
    const validate::Instantiation *view = v.inst.get();
    std::optional<validate::Instantiation> partial;
    if (v.next < k) {
      // The slow way, for this call only: skip what is being typed.
      partial.emplace(*v.inst);
      for (uint32_t e = v.next; e < k; ++e)
        if (in.args[e].kind == Source::Import)
          if (const CExtern *have = firstType(in.args[e].index))
            supplyEarlier(*partial, e, in.args[e].index, *have);
      view = &*partial;
    }
    // A copy: substitute() adds types, which may move the arena's nodes.
    CExtern need = types[def].imports[k].second;
    return types.substitute(need, view->resources());
  }

  /// Supplies an importer's earlier import `e` (the composition's import
  /// `j`) with its first-phase type, or, when the first importer's view
  /// lacks what this importer needs (an adapter imports `wasi:io/streams`
  /// with `output-stream` only, a JavaScript component with `input-stream`
  /// too, which its `wasi:http/types` import then uses), with the union,
  /// which has the same resources for what both have.
  void supplyEarlier(validate::Instantiation &inst, uint32_t e, uint32_t j,
                     const CExtern &first) {
    if (!inst.check(e, first)) {
      inst.supply(e, first);
      return;
    }
    if (const CExtern *u = importType(j); u && !inst.check(e, *u))
      inst.supply(e, *u);
  }

  CTypeId freshResource() {
    CTypeNode n;
    n.kind = CTypeNode::Resource;
    return types.add(std::move(n));
  }

  /// The type of import `j` of the composition, computed once: the chosen
  /// instance's import with resources of its own; when several instances
  /// import one interface, the union of their instance types (an adapter
  /// imports only what it uses, a program more), each export once.
  const CExtern *importType(uint32_t j) {
    Import &imp = g.imports[j];
    if (imp.typed)
      return &imp.type;
    if (!unionInProgress.insert(j).second)
      return nullptr; // asked for again while being computed: no union yet
    const CExtern *firstPtr = firstType(j);
    if (!firstPtr) {
      unionInProgress.erase(j);
      return nullptr;
    }
    CExtern merged = *firstPtr;
    if (merged.kind == externkind::Instance) {
      CTypeNode m = types[merged.type];
      for (auto [i, k] : imp.users) {
        if (i == imp.instance && k == imp.index)
          continue;
        CExtern other = inCompositionTerms(i, k);
        if (other.kind != externkind::Instance)
          continue; // the type check reports it
        const CTypeNode o = types[other.type];
        auto declared = [&](CTypeId r) {
          return std::count(o.definedResources.begin(), o.definedResources.end(), r) > 0;
        };
        // What both have is the first's; the other's types refer to it.
        validate::ResourceMap rm;
        validate::NameMap nm;
        for (const auto &[n, e] : o.exports)
          for (const auto &[mn, me] : m.exports)
            if (mn == n && e.kind == externkind::Type && me.kind == externkind::Type) {
              if (e.name && me.name)
                nm[e.name] = me.name;
              if (declared(e.type))
                rm[e.type] = me.type;
            }
        for (const auto &[n, e] : o.exports) {
          if (std::any_of(m.exports.begin(), m.exports.end(),
                          [&](const auto &x) { return x.first == n; }))
            continue;
          if (e.kind == externkind::Type && declared(e.type) && !rm.count(e.type)) {
            rm[e.type] = freshResource();
            m.definedResources.push_back(rm[e.type]);
          }
          m.exports.push_back({n, types.substitute(e, rm, &nm)});
        }
      }
      if (m.exports.size() != types[merged.type].exports.size())
        merged.type = types.add(std::move(m));
    }
    if (merged.kind == externkind::Type)
      types.resourceNames.try_emplace(merged.type, "`" + imp.name + "` imported by the composition");
    if (merged.kind == externkind::Instance)
      nameResources(merged.type, "import `" + imp.name + "` of the composition");
    imp.type = merged;
    imp.typed = true;
    unionInProgress.erase(j);
    return &imp.type;
  }

  /// The first phase of import `j`'s type: the chosen importer's view with
  /// resources of the composition's own, before the other importers' exports
  /// are added. Null while it is being computed (a cycle between importers
  /// ordering their imports differently).
  const CExtern *firstType(uint32_t j) {
    if (firsts[j])
      return &*firsts[j];
    if (g.imports[j].declared)
      return &g.imports[j].type;
    if (inProgress.count(j))
      return nullptr;
    inProgress.insert(j);
    const Import &imp = g.imports[j];
    CExtern first = inCompositionTerms(imp.instance, imp.index);
    validate::ResourceMap fresh;
    if (first.kind == externkind::Instance)
      for (CTypeId r : types[first.type].definedResources)
        fresh[r] = freshResource();
    if (first.kind == externkind::Type && types[first.type].kind == CTypeNode::Resource)
      fresh[first.type] = freshResource();
    firsts[j] = types.substitute(first, fresh);
    inProgress.erase(j);
    return &*firsts[j];
  }

  /// Every instantiation in order, each import supplied by its source.
  void typeCheck() {
    g.instanceTypes.assign(g.instances.size(), NoType);
    for (uint32_t i : g.order) {
      Instance &in = g.instances[i];
      // By count, not by reference: typing adds to the arena, which may
      // move the component's node.
      size_t count = g.importsOf(in.definition).size();
      validate::Instantiation inst(types, g.definitions[in.definition].type);
      for (uint32_t k = 0; k < count; ++k) {
        const Source &s = in.args[k];
        std::optional<CExtern> have;
        std::string from;
        if (s.kind == Source::Import) {
          if (const CExtern *t = importType(s.index))
            have = *t;
          const Import &imp = g.imports[s.index];
          if (imp.declared)
            from = "the composition's import `" + imp.name + "`";
          else if (imp.instance != i || imp.index != k)
            from = "the composition's import `" + imp.name + "` (typed after `" +
                   g.instances[imp.instance].name + "`'s)";
        } else if (s.kind == Source::InstanceExport) {
          CTypeId t = g.instanceTypes[s.index];
          for (const auto &[n, e] : types[t].exports)
            if (n == s.name)
              have = e;
          from = "export `" + s.name + "` of `" + g.instances[s.index].name + "`";
        } else if (s.kind == Source::WholeInstance) {
          have = CExtern{};
          have->kind = 0x05;
          have->type = g.instanceTypes[s.index];
          from = "instance `" + g.instances[s.index].name + "`";
        } else if (s.kind == Source::ImportExport) {
          if (const CExtern *t = importType(s.index); t && t->kind == externkind::Instance)
            for (const auto &[n, e] : types[t->type].exports)
              if (n == s.name)
                have = e;
          from = "export `" + s.name + "` of import `" + g.imports[s.index].name + "`";
        }
        if (!have) {
          fail(i, k, "no type for " + (from.empty() ? std::string("its import") : from));
          continue;
        }
        if (auto msg = inst.check(k, *have)) {
          std::string why =
              (from.empty() ? std::string() : from + " does not match: ") + msg->message();
          fail(i, k, why, std::move(msg));
          continue;
        }
        inst.supply(k, *have);
      }
      g.instanceTypes[i] = inst.finish();
      nameResources(g.instanceTypes[i], "`" + in.name + "`");
    }
  }

  /// Names the resources an instance type exports, for messages:
  /// "`r` in `a:b/c@1.0.0` of `p`".
  void nameResources(CTypeId instance, const std::string &where) {
    for (const auto &[n, e] : types[instance].exports) {
      if (e.kind == externkind::Type && types[e.type].kind == CTypeNode::Resource)
        types.resourceNames.try_emplace(e.type, "`" + n + "` in " + where);
      if (e.kind == externkind::Instance)
        nameResources(e.type, "`" + n + "` of " + where);
    }
  }

  void fail(uint32_t i, uint32_t k, const std::string &msg,
            std::optional<validate::TypeMismatch> mismatch = std::nullopt) {
    Instance &in = g.instances[i];
    in.decisions[k].error = msg;
    in.decisions[k].mismatch = mismatch;
    error().failures.push_back({i, k,
                                "instance `" + in.name + "`, import `" +
                                    g.importsOf(in.definition)[k].first + "`",
                                msg, std::move(mismatch)});
  }

  /// The error being collected (made on the first problem).
  ResolveError &error() {
    if (!problems)
      problems = std::make_unique<ResolveError>();
    return *problems;
  }
  bool failed() const { return problems != nullptr; }
  llvm::Error takeError() {
    if (!problems)
      return llvm::Error::success();
    return llvm::Error(std::move(problems));
  }

  Graph &g;
  validate::CTypes &types;
  std::unique_ptr<ResolveError> problems;
  /// An instantiation view of an instance, supplied up to import `next`.
  struct View {
    std::unique_ptr<validate::Instantiation> inst;
    uint32_t next = 0;
  };
  std::vector<View> views; ///< by instance (inCompositionTerms)
  std::set<uint32_t> inProgress;
  std::set<uint32_t> unionInProgress; ///< importType's, against re-entry
  std::vector<std::optional<CExtern>> firsts; ///< firstType's, by import
};

} // namespace

char ResolveError::ID = 0;

void ResolveError::log(llvm::raw_ostream &os) const {
  bool first = true;
  auto line = [&](const std::string &text) {
    os << (first ? "" : "\n") << text;
    first = false;
  };
  for (const std::string &c : cycles)
    line(c);
  for (const ImportFailure &f : failures)
    line(f.name + ": " + f.why);
}

std::error_code ResolveError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

llvm::Error resolve(Graph &g) { return Resolver(g).run(); }

} // namespace wcomp::compose
