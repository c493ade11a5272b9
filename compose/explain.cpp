//===- compose/explain.cpp - What supplies every import, and why ----------===//
#include "compose/graph.h"

#include <algorithm>

namespace wcomp::compose {

namespace {
/// The instances in instantiation order, then any that resolve() did not
/// reach (a failed composition still explains them all).
std::vector<uint32_t> displayOrder(const Graph &g) {
  std::vector<uint32_t> order = g.order;
  for (uint32_t i = 0; i < g.instances.size(); ++i)
    if (std::find(order.begin(), order.end(), i) == order.end())
      order.push_back(i);
  return order;
}
} // namespace

std::string explain(const Graph &g) {
  struct Row {
    std::string instance, import, by;
    std::vector<std::string> more;
  };
  std::vector<Row> rows;
  std::vector<uint32_t> order = displayOrder(g);
  for (uint32_t i : order) {
    const Instance &in = g.instances[i];
    const auto &imports = g.importsOf(in.definition);
    for (size_t k = 0; k < imports.size(); ++k) {
      Row r{in.name, imports[k].first, "", {}};
      const Source &s = in.args[k];
      const Decision &d = in.decisions[k];
      if (!d.error.empty())
        r.by = "error: " + d.error;
      else if (s.kind == Source::InstanceExport)
        r.by = "`" + g.instances[s.index].name + "` export `" + s.name + "`";
      else if (s.kind == Source::WholeInstance)
        r.by = "instance `" + g.instances[s.index].name + "`";
      else if (s.kind == Source::ImportExport)
        r.by = "import `" + g.imports[s.index].name + "` export `" + s.name + "`";
      else if (s.kind == Source::Import) {
        const Import &imp = g.imports[s.index];
        r.by = "import of the composition";
        if (imp.name != imports[k].first)
          r.by += " `" + imp.name + "`";
        if (imp.users.size() > 1)
          r.by += " (shared by " + std::to_string(imp.users.size()) + " imports)";
      } else {
        r.by = "import of the composition";
      }
      if (!d.note.empty())
        r.by += " (" + d.note + ")";
      for (const std::string &why : d.rejected)
        r.more.push_back("rejected: " + why);
      rows.push_back(std::move(r));
    }
  }
  size_t w1 = 8, w2 = 6;
  for (const Row &r : rows) {
    w1 = std::max(w1, r.instance.size());
    w2 = std::max(w2, r.import.size());
  }
  auto pad = [](std::string s, size_t w) {
    s.resize(std::max(s.size(), w), ' ');
    return s;
  };
  std::string out = pad("instance", w1) + "  " + pad("import", w2) + "  supplied by\n";
  for (const Row &r : rows) {
    out += pad(r.instance, w1) + "  " + pad(r.import, w2) + "  " + r.by + "\n";
    for (const std::string &m : r.more)
      out += std::string(w1 + w2 + 4, ' ') + m + "\n";
  }
  if (rows.empty())
    out += "(no instance imports anything)\n";
  for (const Export &x : g.exports) {
    out += "export `" + x.name + "` <- ";
    if (x.source.kind == Source::InstanceExport)
      out += "`" + g.instances[x.source.index].name + "` export `" + x.source.name + "`\n";
    else if (x.source.kind == Source::Import)
      out += "import `" + g.imports[x.source.index].name + "`\n";
    else if (x.source.kind == Source::WholeInstance)
      out += "instance `" + g.instances[x.source.index].name + "`\n";
    else if (x.source.kind == Source::ImportExport)
      out += "import `" + g.imports[x.source.index].name + "` export `" + x.source.name + "`\n";
    else
      out += "nothing\n";
  }
  return out;
}

nlohmann::ordered_json explainJson(const Graph &g) {
  using json = nlohmann::ordered_json;
  auto source = [&](const Source &s) -> json {
    if (s.kind == Source::InstanceExport)
      return {{"kind", "export"}, {"instance", g.instances[s.index].name}, {"export", s.name}};
    if (s.kind == Source::Import)
      return {{"kind", "import"}, {"name", g.imports[s.index].name}};
    if (s.kind == Source::WholeInstance)
      return {{"kind", "instance"}, {"instance", g.instances[s.index].name}};
    if (s.kind == Source::ImportExport)
      return {{"kind", "import-export"}, {"name", g.imports[s.index].name}, {"export", s.name}};
    return {{"kind", "none"}};
  };
  json out = json::object();
  json instances = json::array();
  std::vector<uint32_t> order = displayOrder(g);
  for (uint32_t i : order) {
    const Instance &in = g.instances[i];
    json imports = json::array();
    const auto &names = g.importsOf(in.definition);
    for (size_t k = 0; k < names.size(); ++k) {
      const Decision &d = in.decisions[k];
      json row{{"name", names[k].first}};
      if (!d.error.empty())
        row["error"] = d.error;
      else
        row["supplied-by"] = source(in.args[k]);
      if (!d.note.empty())
        row["note"] = d.note;
      row["rejected"] = d.rejected;
      imports.push_back(std::move(row));
    }
    instances.push_back({{"name", in.name},
                         {"component", g.definitions[in.definition].path},
                         {"imports", std::move(imports)}});
  }
  out["instances"] = std::move(instances);
  json imports = json::array();
  for (const Import &imp : g.imports) {
    json users = json::array();
    for (auto [i, k] : imp.users)
      users.push_back({{"instance", g.instances[i].name},
                       {"import", g.importsOf(g.instances[i].definition)[k].first}});
    imports.push_back({{"name", imp.name}, {"users", std::move(users)}});
  }
  out["imports"] = std::move(imports);
  json exports = json::array();
  for (const Export &x : g.exports)
    exports.push_back({{"name", x.name}, {"source", source(x.source)}});
  out["exports"] = std::move(exports);
  out["warnings"] = g.warnings;
  return out;
}

} // namespace wcomp::compose
