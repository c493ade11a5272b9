//===- compose/explain.cpp - What supplies every import, and why ----------===//
#include "compose/graph.h"

#include <algorithm>

namespace wcomp::compose {

std::string explain(const Graph &g) {
  struct Row {
    std::string instance, import, by;
    std::vector<std::string> more;
  };
  std::vector<Row> rows;
  std::vector<uint32_t> order = g.order;
  for (uint32_t i = 0; i < g.instances.size(); ++i)
    if (std::find(order.begin(), order.end(), i) == order.end())
      order.push_back(i);
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
    else
      out += "nothing\n";
  }
  return out;
}

} // namespace wcomp::compose
