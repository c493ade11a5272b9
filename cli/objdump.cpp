//===- cli/objdump.cpp - `wcomp objdump` ----------------------------------===//
//
// The section table of a module or component, nested ones indented between
// start and end markers, line for line as `wasm-tools objdump` prints it:
// each section's contents range (after its id and size; a custom section's
// after its name), size, and item count (the leading count of a vector
// section, 1 for the others). `dump` is wcomp's own, richer view.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/limits.h"
#include "binary/raw_sections.h"
#include "binary/reader.h"

#include "llvm/Support/Format.h"

namespace wcomp::cli {

namespace {

const char *const CoreNames[] = {"custom", "types", "imports", "functions", "tables",
                                 "memories", "globals", "exports", "start", "elements",
                                 "code", "data", "data count", "tags"};
const char *const ComponentNames[] = {"custom", "module", "core instances", "core types",
                                      "component", "component instances", "component alias",
                                      "component types", "canonical functions",
                                      "component start", "component imports",
                                      "component exports", "component values"};

/// Whether the section's contents start with an item count.
bool isVector(bool component, uint8_t id) {
  if (component)
    return id == 2 || id == 3 || (id >= 5 && id <= 8) || id == 10 || id == 11 || id == 12;
  return id != 0 && id != 8 && id != 12;
}

/// Counters of the nested modules and components of one component, for
/// the start and end markers (numbered as wasm-tools numbers them).
struct Scope {
  unsigned modules = 0, components = 0;
};

class Objdump {
public:
  explicit Objdump(llvm::raw_ostream &os) : os(os) {}

  llvm::Error item(llvm::ArrayRef<uint8_t> bytes, uint64_t base, unsigned depth,
                   Scope &scope) {
    if (depth > binary::limits::NestingDepth)
      return binary::makeError(base, "modules and components nested too deeply");
    std::string indent((depth + 1) * 2, ' ');
    bool component = bytes.size() >= 8 && bytes[6] == 1;
    auto header = binary::forEachSection(bytes, base, [&](binary::RawSection &s) -> llvm::Error {
      std::string name;
      uint64_t start = s.offset, count = 1;
      if (s.id == 0) {
        auto custom = s.custom();
        if (!custom)
          return custom.takeError();
        name = "custom \"" + custom->name.str() + "\"";
        start = custom->dataOffset;
      } else if (component ? s.id < std::size(ComponentNames) : s.id < std::size(CoreNames)) {
        name = component ? ComponentNames[s.id] : CoreNames[s.id];
        if (isVector(component, s.id)) {
          binary::BinaryReader v(s.contents, s.offset);
          auto c = v.readU32();
          if (!c)
            return c.takeError();
          count = *c;
        }
      } else {
        name = "unknown section " + std::to_string(s.id);
      }
      uint64_t end = s.offset + s.contents.size();
      std::string label = indent + name;
      label.resize(std::max<size_t>(label.size(), 41), ' ');
      os << label << "| " << llvm::format("%#10llx", (unsigned long long)start) << " - "
         << llvm::format("%#10llx", (unsigned long long)end) << " | "
         << llvm::format("%9llu", (unsigned long long)(end - start)) << " bytes | " << count
         << " count\n";
      std::string inner((depth + 2) * 2, ' ');
      if (component && s.id == 1) {
        os << inner << "------ start module " << scope.modules << " -------------\n";
        Scope none;
        if (llvm::Error e = item(s.contents, s.offset, depth + 1, none))
          return e;
        os << inner << "------ end module " << scope.modules << " -------------\n";
        ++scope.modules;
      } else if (component && s.id == 4) {
        // Numbered as wasm-tools numbers them: the start by the new
        // component's own count (so 0), the end by its nested components.
        os << inner << "------ start component 0 ----------\n";
        Scope own;
        if (llvm::Error e = item(s.contents, s.offset, depth + 1, own))
          return e;
        os << inner << "------ end component " << own.components << " ----------\n";
        ++scope.components;
      }
      return llvm::Error::success();
    });
    if (!header)
      return header.takeError();
    return llvm::Error::success();
  }

private:
  llvm::raw_ostream &os;
};

} // namespace

void registerObjdump(CLI::App &app, int &exitCode) {
  auto file = std::make_shared<std::string>("-");
  CLI::App *cmd = app.add_subcommand(
      "objdump", "Print the section table of a module or component (as wasm-tools objdump)");
  cmd->add_option("FILE", *file, "Input (.wasm or WebAssembly text; - for stdin)");
  cmd->callback([file, &exitCode] {
    auto in = loadBinaryInput(*file, exitCode);
    if (!in)
      return;
    std::string text;
    llvm::raw_string_ostream os(text);
    Scope top;
    if (llvm::Error e = Objdump(os).item(in->bytes(), 0, 0, top)) {
      llvm::outs() << os.str(); // what was read before the error
      reportError(*file + ": ", std::move(e));
      exitCode = Invalid;
      return;
    }
    exitCode = writeOutput("", os.str());
  });
}

} // namespace wcomp::cli
