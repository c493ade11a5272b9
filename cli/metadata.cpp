//===- cli/metadata.cpp - `wcomp metadata show` ---------------------------===//
//
// The metadata a component and every module and component nested in it
// carry, in wasm-metadata's model (what `wasm-tools metadata show` shows):
// the name (a module's `name` section, a component's `component-name`),
// the `producers` section (language, processed-by, sdk), the registry
// fields each kept in a custom section of its own (authors, description,
// licenses, source, homepage, revision, version), and the byte range.
// `--json` prints wasm-tools' JSON byte for byte; the default is a tree.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/limits.h"
#include "binary/producers.h"
#include "binary/raw_sections.h"
#include "binary/reader.h"
#include "binary/writer.h"
#include "text/wat.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>
#include <set>

namespace wcomp::cli {

namespace {

/// The registry fields, in wasm-metadata's order.
const char *const RegistryFields[] = {"authors",  "description", "licenses", "source",
                                      "homepage", "revision",    "version"};

/// One module or component and what it carries.
struct Item {
  bool component = false;
  std::optional<std::string> name;
  std::optional<std::vector<binary::ProducerEntry>> producers;
  std::map<std::string, std::string> registry;
  uint64_t start = 0, end = 0;
  std::vector<Item> children;
};

/// The first subsection (id 0: the module's or component's own name) of a
/// `name` or `component-name` section.
std::optional<std::string> ownName(llvm::ArrayRef<uint8_t> data) {
  binary::BinaryReader r(data);
  auto id = r.readU8();
  auto size = id ? r.readU32() : llvm::Expected<uint32_t>(id.takeError());
  if (!size || *id != 0) {
    if (!size)
      llvm::consumeError(size.takeError()); // a malformed name section names nothing
    return std::nullopt;
  }
  auto name = r.readName();
  if (!name) {
    llvm::consumeError(name.takeError()); // a malformed name section names nothing
    return std::nullopt;
  }
  return name->str();
}

/// Reads the item at `bytes` (absolute offset `base`) and, below it, its
/// nested modules and components. Nesting is capped by the binary format.
llvm::Expected<Item> readItem(llvm::ArrayRef<uint8_t> bytes, uint64_t base, unsigned depth) {
  if (depth > binary::limits::NestingDepth)
    return binary::makeError(base, "modules and components nested too deeply");
  Item item;
  item.start = base;
  item.end = base + bytes.size();
  item.component = bytes.size() >= 8 && bytes[6] == 1;
  auto header = binary::forEachSection(bytes, base, [&](binary::RawSection &s) -> llvm::Error {
    if (item.component && (s.id == 1 || s.id == 4)) {
      auto child = readItem(s.contents, s.offset, depth + 1);
      if (!child)
        return child.takeError();
      item.children.push_back(std::move(*child));
      return llvm::Error::success();
    }
    if (s.id != 0)
      return llvm::Error::success();
    auto custom = s.custom();
    if (!custom)
      return custom.takeError();
    llvm::StringRef name = custom->name;
    if ((name == "name" && !item.component) || (name == "component-name" && item.component))
      item.name = ownName(custom->data);
    else if (name == "producers") {
      // A section wasm-tools cannot read makes it refuse the input: so do we.
      std::string why;
      item.producers = binary::decodeProducers(
          custom->data, &why, base + uint64_t(custom->data.data() - bytes.data()));
      if (!why.empty())
        return binary::makeError(binary::WasmError::NoOffset, why); // why names the offset
    }
    else if (llvm::is_contained(RegistryFields, name))
      item.registry[name.str()] = std::string(custom->data.begin(), custom->data.end());
    return llvm::Error::success();
  });
  if (!header)
    return header.takeError();
  return item;
}

nlohmann::ordered_json toJson(const Item &item) {
  using json = nlohmann::ordered_json;
  json m;
  m["name"] = item.name ? json(*item.name) : json(nullptr);
  if (item.producers) {
    json fields = json::array();
    for (const binary::ProducerEntry &e : *item.producers) {
      if (fields.empty() || fields.back()[0] != e.field)
        fields.push_back(json::array({e.field, json::object()}));
      fields.back()[1][e.name] = e.version;
    }
    m["producers"] = fields;
  } else {
    m["producers"] = nullptr;
  }
  for (const char *f : RegistryFields) {
    auto it = item.registry.find(f);
    m[f] = it == item.registry.end() ? json(nullptr) : json(it->second);
  }
  m["range"] = {{"start", item.start}, {"end", item.end}};
  m["dependencies"] = nullptr;
  json out;
  if (item.component) {
    json children = json::array();
    for (const Item &c : item.children)
      children.push_back(toJson(c));
    out["component"] = {{"metadata", m}, {"children", children}};
  } else {
    out["module"] = m;
  }
  return out;
}

std::string humanSize(uint64_t n) {
  if (n < 1024)
    return std::to_string(n) + " B";
  double v = double(n) / 1024;
  const char *unit = "KiB";
  if (v >= 1024)
    v /= 1024, unit = "MiB";
  if (v >= 1024)
    v /= 1024, unit = "GiB";
  return llvm::formatv("{0:f1} {1}", v, unit).str();
}

/// The tree: one line per item (kind, name, size, share of the root, byte
/// range), then what it carries, indented. Iterative: the depth is the
/// input's.
void printTree(llvm::raw_ostream &os, const Item &root) {
  std::vector<std::pair<const Item *, unsigned>> stack{{&root, 0}};
  uint64_t total = std::max<uint64_t>(1, root.end - root.start);
  while (!stack.empty()) {
    auto [item, depth] = stack.back();
    stack.pop_back();
    std::string pad(depth * 2, ' ');
    uint64_t size = item->end - item->start;
    os << pad << (item->component ? "component" : "module")
       << (item->name ? " \"" + *item->name + "\"" : std::string()) << "  " << humanSize(size);
    if (depth)
      os << " (" << llvm::format("%.1f", 100.0 * double(size) / double(total)) << "%)";
    os << "  [" << llvm::format_hex(item->start, 0) << ".." << llvm::format_hex(item->end, 0)
       << "]\n";
    if (item->producers)
      for (const binary::ProducerEntry &e : *item->producers)
        os << pad << "  " << e.field << ": " << e.name
           << (e.version.empty() ? "" : " " + e.version) << "\n";
    for (const char *f : RegistryFields)
      if (auto it = item->registry.find(f); it != item->registry.end())
        os << pad << "  " << f << ": " << it->second << "\n";
    for (auto it = item->children.rbegin(); it != item->children.rend(); ++it)
      stack.push_back({&*it, depth + 1});
  }
}

/// What `metadata add` changes on the outermost component or module.
struct AddOptions {
  std::optional<std::string> name;
  bool clearName = false;
  std::vector<binary::ProducerEntry> producers;
  std::map<std::string, std::string> set; ///< registry field -> value
  std::set<std::string> clear;
};

/// The bytes of a string.
llvm::ArrayRef<uint8_t> bytesOf(const std::string &s) {
  return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

/// A `name`/`component-name` section's contents with its own name (the
/// first subsection, id 0) replaced, added or removed; the names of the
/// items in it are kept.
llvm::Expected<std::vector<uint8_t>> renamed(llvm::ArrayRef<uint8_t> data, uint64_t base,
                                             const std::optional<std::string> &name) {
  std::vector<uint8_t> out;
  if (name) {
    binary::Encoder own;
    own.name(*name);
    binary::appendFrame(out, 0, own.bytes);
  }
  llvm::Error err = binary::forEachFrame(data, base, [&](binary::RawSection &s) {
    if (s.id != 0)
      out.insert(out.end(), s.whole.begin(), s.whole.end());
    return llvm::Error::success();
  });
  if (err)
    return err; // implicitly moved (C++20)
  return out;
}

/// The outermost item with `opts` applied. Sections it replaces are
/// rewritten in place (producers, the name); registry fields set are
/// written at the end, each once (an earlier value is removed).
llvm::Expected<std::vector<uint8_t>> addMetadata(llvm::ArrayRef<uint8_t> bytes,
                                                 const AddOptions &opts) {
  bool component = bytes.size() >= 8 && bytes[6] == 1;
  llvm::StringRef nameSection = component ? "component-name" : "name";
  bool sawProducers = false, sawName = false;
  auto merged = [&](std::vector<binary::ProducerEntry> have) {
    for (const binary::ProducerEntry &e : opts.producers) {
      auto it = llvm::find_if(have, [&](const binary::ProducerEntry &h) {
        return h.field == e.field && h.name == e.name;
      });
      if (it != have.end())
        it->version = e.version;
      else
        have.push_back(e);
    }
    // Grouped by field, in order of first appearance.
    return binary::encodeProducers(have);
  };
  auto rewritten = binary::rewriteCustomSections(
      bytes, 0,
      [&](const binary::RawCustom &custom, std::vector<uint8_t> &out) -> llvm::Expected<bool> {
        llvm::StringRef name = custom.name;
        if (name == "producers" && !opts.producers.empty()) {
          auto have = binary::decodeProducers(custom.data);
          if (!have)
            return binary::makeError(custom.dataOffset, "malformed producers section");
          binary::appendCustomSection(out, "producers", bytesOf(merged(*have)));
          sawProducers = true;
          return true;
        }
        if (name == nameSection && (opts.name || opts.clearName)) {
          auto data = renamed(custom.data, custom.dataOffset, opts.name);
          if (!data)
            return data.takeError();
          if (!data->empty())
            binary::appendCustomSection(out, nameSection, *data);
          sawName = true;
          return true;
        }
        // A registry field set or cleared: dropped here, set ones added at the end.
        return opts.set.count(name.str()) || opts.clear.count(name.str());
      });
  if (!rewritten)
    return rewritten.takeError();
  std::vector<uint8_t> &out = *rewritten;
  if (!sawProducers && !opts.producers.empty())
    binary::appendCustomSection(out, "producers", bytesOf(merged({})));
  if (!sawName && opts.name) {
    auto data = renamed({}, 0, opts.name);
    if (!data)
      return data.takeError();
    binary::appendCustomSection(out, nameSection, *data);
  }
  for (const char *f : RegistryFields)
    if (auto it = opts.set.find(f); it != opts.set.end())
      binary::appendCustomSection(out, f, bytesOf(it->second));
  return std::move(*rewritten);
}

} // namespace

void registerMetadata(CLI::App &app, int &exitCode) {
  CLI::App *meta = app.add_subcommand(
      "metadata", "Show the metadata of a component or module and everything nested in it");
  meta->require_subcommand(1);
  struct Opts {
    std::string file = "-";
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *show = meta->add_subcommand(
      "show", "Name, producers, registry fields and size of each component and module");
  show->add_option("FILE", opts->file, "Input (.wasm or WebAssembly text; - for stdin)");
  show->add_flag("--json", opts->json, "Print wasm-tools' JSON (wasm-metadata's model)");
  show->footer("Example: wcomp metadata show app.wasm");
  show->callback([opts, &exitCode] {
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    auto item = readItem(in->bytes(), 0, 0);
    if (!item) {
      reportError(opts->file + ": ", item.takeError());
      exitCode = Invalid;
      return;
    }
    if (opts->json) {
      // As wasm-tools prints it: compact, no newline after it.
      exitCode = writeOutput("", jsonText(toJson(*item), -1));
      return;
    }
    std::string text;
    llvm::raw_string_ostream os(text);
    printTree(os, *item);
    exitCode = writeOutput("", os.str());
  });

  struct AddOpts {
    std::string file = "-", output;
    bool wat = false;
    std::vector<std::string> language, processedBy, sdk;
    std::map<std::string, std::string> set;
    std::map<std::string, bool> clear;
    std::string name;
    bool clearName = false;
  };
  auto add = std::make_shared<AddOpts>();
  CLI::App *addCmd = meta->add_subcommand(
      "add", "Set or clear the name, producers and registry fields of a component or module");
  addCmd->add_option("FILE", add->file, "Input (.wasm or WebAssembly text; - for stdin)");
  addCmd->add_option("-o,--output", add->output, "Output file (default: stdout)");
  addCmd->add_flag("-t,--wat", add->wat, "Print the result as WebAssembly text");
  addCmd->add_option("--name", add->name, "The component's or module's name")->type_name("NAME");
  addCmd->add_flag("--clear-name", add->clearName, "Remove its name (the names inside stay)");
  for (auto [flag, list] : {std::pair<const char *, std::vector<std::string> *>{
                                "--language", &add->language},
                            {"--processed-by", &add->processedBy},
                            {"--sdk", &add->sdk}})
    addCmd->add_option(flag, *list, "Add a producers entry (repeatable)")
        ->type_name("NAME=VERSION")
        ->allow_extra_args(false);
  for (const char *f : RegistryFields) {
    addCmd->add_option(std::string("--") + f, add->set[f], std::string("Set the ") + f + " field")
        ->type_name("TEXT");
    addCmd->add_flag(std::string("--clear-") + f, add->clear[f],
                     std::string("Remove the ") + f + " field");
  }
  addCmd->footer("Example: wcomp metadata add app.wasm --licenses MIT --language Rust=1.95 -o out.wasm");
  addCmd->callback([add, addCmd, &exitCode] {
    AddOptions o;
    if (!add->name.empty())
      o.name = add->name;
    o.clearName = add->clearName;
    for (auto [field, list] : {std::pair<const char *, std::vector<std::string> *>{
                                   "language", &add->language},
                               {"processed-by", &add->processedBy},
                               {"sdk", &add->sdk}})
      for (const std::string &v : *list) {
        auto [n, ver] = llvm::StringRef(v).split('=');
        if (n.empty() || !llvm::StringRef(v).contains('=')) {
          error(std::string("--") + field + " `" + v + "`: expected NAME=VERSION");
          exitCode = Usage;
          return;
        }
        o.producers.push_back({field, n.str(), ver.str()});
      }
    for (const char *f : RegistryFields) {
      if (addCmd->count(std::string("--") + f))
        o.set[f] = add->set[f];
      if (add->clear[f])
        o.clear.insert(f);
    }
    exitCode = rewriteBinary(add->file, add->output, add->wat,
                             [&](llvm::ArrayRef<uint8_t> in) { return addMetadata(in, o); });
  });
}

} // namespace wcomp::cli
