//===- compose/encode.cpp - Writing the composed component ----------------===//
#include "compose/graph.h"
#include "compose/shared_modules.h"
#include "compose/typeenc.h"

#include "binary/component_builder.h"
#include "binary/parser.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <deque>
#include <map>
#include <set>
#include <tuple>

namespace wcomp::compose {


using namespace binary;
using validate::CExtern;
using validate::NameTag;

namespace {

/// The sort of an extern description kind (0x00 is a core module).
Sort sortOf(uint8_t kind) {
  Sort s;
  s.kind = kind;
  if (kind == externkind::CoreModule)
    s.core = coresort::Module;
  return s;
}

/// Builds the component section by section; every index space is counted
/// here (the type space is shared with the TypeEncoder).
class Writer {
public:
  explicit Writer(Graph &g)
      : g(g), types(g.types()), b(/*borrowNested=*/true), saver(alloc),
        enc(types, b, saver, [this](NameTag tag) { return importedType(tag); }) {}

  llvm::Expected<Encoded> run() {
    for (uint32_t j = 0; j < g.imports.size(); ++j) {
      // A declared import's own type names are the ones other declared
      // imports' types refer to.
      if (g.imports[j].declared)
        remember(g.imports[j].type, j);
      for (auto [i, k] : g.imports[j].users)
        remember(g.importsOf(g.instances[i].definition)[k].second, j);
    }
    importIndex.assign(g.imports.size(), ~0u);
    for (uint32_t j = 0; j < g.imports.size(); ++j)
      if (llvm::Error err = emitImport(j))
        return err;
    if (llvm::Error err = shareModules())
      return err;
    instanceIndex.assign(g.instances.size(), ~0u);
    for (uint32_t i : g.order)
      if (llvm::Error err = instantiate(i))
        return err;
    for (const Export &x : g.exports) {
      uint8_t kind = kindOfSource(x.source);
      auto item = itemOf(x.source, kind);
      if (!item)
        return item.takeError();
      ExternName n;
      n.name = saver.save(x.name);
      // An export is a new index in its sort's space (the builder counts
      // it): the next alias of an instance's export comes after it.
      b.exportItem(n, *item);
    }
    // Records the tool, as everything wcomp builds does (`metadata show`).
    if (g.processedBy)
      b.processedBy("wcomp", "0.1.0");
    return assemble();
  }

private:

  /// The type names an instance's import introduces are the composition's
  /// import `j`'s (its exported types, or the imported type itself).
  void remember(const CExtern &need, uint32_t j) {
    if (need.kind == externkind::Type && need.name)
      tagSource.try_emplace(need.name, j, "");
    if (need.kind == externkind::Instance)
      for (const auto &[n, e] : types[need.type].exports)
        if (e.kind == externkind::Type && e.name)
          tagSource.try_emplace(e.name, j, n);
  }

  llvm::Expected<std::optional<uint32_t>> importedType(NameTag tag) {
    auto it = tagSource.find(tag);
    if (it == tagSource.end())
      return std::optional<uint32_t>();
    auto [j, name] = it->second;
    if (llvm::Error err = emitImport(j))
      return err;
    if (name.empty())
      return std::optional<uint32_t>(importIndex[j]);
    return std::optional<uint32_t>(alias(importIndex[j], name, sortkind::Type));
  }

  uint32_t alias(uint32_t instance, llvm::StringRef name, uint8_t kind) {
    auto key = std::make_tuple(instance, name.str(), kind);
    if (auto it = aliases.find(key); it != aliases.end())
      return it->second;
    Alias a;
    a.sort = sortOf(kind);
    a.target = aliastarget::Export;
    a.instance = instance;
    a.name = saver.save(name);
    uint32_t idx = b.alias(a);
    aliases[key] = idx;
    return idx;
  }

  llvm::Error emitImport(uint32_t j) {
    if (importIndex[j] != ~0u)
      return llvm::Error::success();
    if (emitting.count(j))
      return llvm::make_error<EncodeError>(EncodeError::SelfReferentialImport,
                                           g.imports[j].name);
    emitting.insert(j);
    const Import &imp = g.imports[j];
    const CExtern &need = imp.type;
    auto desc = enc.importDesc(need, "import `" + imp.name + "`");
    emitting.erase(j);
    if (!desc)
      return desc.takeError();
    ExternName n;
    n.name = saver.save(imp.name);
    importIndex[j] = b.import(n, *desc);
    if (need.kind == externkind::Type)
      for (auto [i, k] : imp.users) {
        const CExtern &u = g.importsOf(g.instances[i].definition)[k].second;
        enc.nameType(u.name, u.type, importIndex[j]);
      }
    return llvm::Error::success();
  }

  uint8_t kindOfSource(const Source &s) const {
    if (s.kind == Source::Import)
      return g.imports[s.index].type.kind;
    if (s.kind == Source::WholeInstance)
      return 0x05;
    if (s.kind == Source::ImportExport) {
      const CExtern &t = g.imports[s.index].type;
      if (t.kind == externkind::Instance)
        for (const auto &[n, e] : types[t.type].exports)
          if (n == s.name)
            return e.kind;
      return 0x05;
    }
    for (const auto &[n, e] : types[g.instanceTypes[s.index]].exports)
      if (n == s.name)
        return e.kind;
    return 0x05;
  }

  llvm::Expected<SortIdx> itemOf(const Source &s, uint8_t kind) {
    SortIdx item;
    item.sort = sortOf(kind);
    switch (s.kind) {
    case Source::Import:
      item.index = importIndex[s.index];
      return item;
    case Source::InstanceExport:
      item.index = alias(instanceIndex[s.index], s.name, kind);
      return item;
    case Source::WholeInstance:
      item.index = instanceIndex[s.index];
      return item;
    case Source::ImportExport:
      item.index = alias(importIndex[s.index], s.name, kind);
      return item;
    default:
      return llvm::make_error<EncodeError>(EncodeError::Unsupplied, "");
    }
  }

  /// The component's bytes. Embedded components and modules (nearly all of
  /// them) are referred to, never copied: writeTo writes them from the
  /// inputs.
  Encoded assemble() {
    ComponentPieces built = b.finishPieces();
    Encoded result;
    result.pieces = std::move(built.pieces);
    result.owned = std::move(built.owned);
    for (std::vector<uint8_t> &s : store)
      result.owned.push_back(std::move(s)); // a moved vector keeps its buffer
    return result;
  }

  /// Core modules that several components embed are defined once, first.
  llvm::Error shareModules() {
    std::set<uint32_t> counted;
    for (uint32_t i : g.order) {
      uint32_t def = g.instances[i].definition;
      if (definitionFor(def) == def && g.definitions[def].importName.empty() &&
          counted.insert(def).second)
        if (llvm::Error err = modules.count(g.definitions[def].bytes))
          return err;
    }
    for (llvm::ArrayRef<uint8_t> m : modules.shared(b.count(Space::CoreModule)))
      b.coreModule(m);
    for (llvm::ArrayRef<uint8_t> c : modules.sharedComponents(b.count(Space::Component)))
      b.component(c);
    return llvm::Error::success();
  }

  /// The first definition with the same bytes as `def`.
  uint32_t definitionFor(uint32_t def) const {
    for (uint32_t d = 0; d < def; ++d)
      if (g.definitions[d].bytes == g.definitions[def].bytes)
        return d;
    return def;
  }

  /// The definition's component, defined once however often it is used
  /// (and once for identical bytes).
  llvm::Expected<uint32_t> componentIndex(uint32_t def) {
    def = definitionFor(def);
    if (auto it = defined.find(def); it != defined.end())
      return it->second;
    if (!g.definitions[def].importName.empty()) {
      CExtern e;
      e.kind = 0x04;
      e.type = g.definitions[def].type;
      auto desc = enc.importDesc(e, "import `" + g.definitions[def].importName + "`");
      if (!desc)
        return desc.takeError();
      ExternName n;
      n.name = saver.save(g.definitions[def].importName);
      if (!g.definitions[def].externalId.empty()) {
        n.form = 0x02;
        n.options.push_back({0x02, saver.save(g.definitions[def].externalId)});
      }
      uint32_t idx = b.import(n, *desc);
      defined[def] = idx;
      return idx;
    }
    auto pieces = modules.rewrite(g.definitions[def].bytes, store);
    if (!pieces)
      return pieces.takeError();
    uint32_t idx = b.component(*pieces);
    defined[def] = idx;
    return idx;
  }

  llvm::Error instantiate(uint32_t i) {
    const Instance &in = g.instances[i];
    const auto &imports = g.importsOf(in.definition);
    binary::Instance inst; // compose::Instance is the graph's
    inst.kind = binary::instancekind::Instantiate;
    auto comp = componentIndex(in.definition);
    if (!comp)
      return comp.takeError();
    inst.component = *comp;
    for (uint32_t k = 0; k < imports.size(); ++k) {
      auto item = itemOf(in.args[k], imports[k].second.kind);
      if (!item)
        return item.takeError();
      inst.args.push_back({saver.save(imports[k].first), *item});
    }
    instanceIndex[i] = b.instance(inst);
    return llvm::Error::success();
  }

  Graph &g;
  validate::CTypes &types;
  ComponentBuilder b;
  llvm::BumpPtrAllocator alloc;
  llvm::StringSaver saver;
  TypeEncoder enc;
  llvm::DenseMap<NameTag, std::pair<uint32_t, std::string>> tagSource;
  std::vector<uint32_t> importIndex, instanceIndex;
  std::set<uint32_t> emitting;
  std::map<std::tuple<uint32_t, std::string, uint8_t>, uint32_t> aliases;
  std::map<uint32_t, uint32_t> defined; ///< definition -> component index
  SharedModules modules;
  /// The rewritten components' bytes (the builder refers to them).
  std::deque<std::vector<uint8_t>> store;
};

} // namespace

uint64_t Encoded::size() const {
  uint64_t n = 0;
  for (llvm::ArrayRef<uint8_t> p : pieces)
    n += p.size();
  return n;
}

void Encoded::writeTo(llvm::raw_ostream &os) const {
  for (llvm::ArrayRef<uint8_t> p : pieces)
    os.write(reinterpret_cast<const char *>(p.data()), p.size());
}

std::vector<uint8_t> Encoded::bytes() const {
  std::vector<uint8_t> out;
  out.reserve(size());
  for (llvm::ArrayRef<uint8_t> p : pieces)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

llvm::Expected<Encoded> encode(Graph &g) { return Writer(g).run(); }

llvm::Error checkComposed(llvm::ArrayRef<uint8_t> bytes) {
  validate::ComponentTyper check;
  auto t = check.add(bytes);
  if (t)
    return llvm::Error::success();
  binary::ErrorReport r = binary::describeError(t.takeError());
  return llvm::make_error<EncodeError>(EncodeError::InvalidOutput, "", std::move(r.text),
                                       r.offset);
}

char EncodeError::ID = 0;

void EncodeError::log(llvm::raw_ostream &os) const {
  switch (kind) {
  case SelfReferentialImport:
    os << "the types of import `" << subject << "` refer to themselves";
    return;
  case UnwritableType:
    os << "cannot write the type of " << subject << ": " << detail;
    return;
  case Unsupplied:
    os << "an import left unsupplied";
    return;
  case InvalidOutput:
    os << "the composed component does not validate (a wcomp bug, please report it): "
       << detail;
    return;
  }
}

std::error_code EncodeError::convertToErrorCode() const { return llvm::inconvertibleErrorCode(); }

} // namespace wcomp::compose
