//===- cli/strip.cpp - `wcomp strip` --------------------------------------===//
//
// Removes custom sections, like `wasm-tools strip`: by default all but
// `name`, `component-type*` and `dylink.0` (what tools need to link, name
// and componentize the module), with `--all` every one, with `--delete
// REGEX` those whose name matches. Nested modules and components are
// stripped too; everything else is copied byte for byte.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/limits.h"
#include "binary/raw_sections.h"
#include "binary/writer.h"
#include "text/wat.h"

#include "llvm/Support/Regex.h"

namespace wcomp::cli {

namespace {

/// Which custom sections go.
struct StripRule {
  bool all = false;
  std::vector<llvm::Regex> deletes; ///< set: only the sections these match
  bool removes(llvm::StringRef name) const {
    if (all)
      return true;
    if (!deletes.empty())
      return llvm::any_of(deletes, [&](const llvm::Regex &r) { return r.match(name); });
    return !(name == "name" || name.starts_with("component-type") || name == "dylink.0");
  }
};

/// `bytes` (a module or component at absolute offset `base`) stripped.
/// Recursion follows nesting, which the binary format caps (NestingDepth).
llvm::Expected<std::vector<uint8_t>> strip(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                                           const StripRule &rule, unsigned depth) {
  if (depth > binary::limits::NestingDepth)
    return binary::makeError(base, "modules and components nested too deeply");
  bool component = bytes.size() >= 8 && bytes[6] == 1;
  return binary::rewriteSections(
      bytes, base, [&](binary::RawSection &s, std::vector<uint8_t> &out) -> llvm::Expected<bool> {
        if (s.id == 0) {
          auto custom = s.custom();
          if (!custom)
            return custom.takeError();
          return rule.removes(custom->name); // removed: nothing written
        }
        if (!component || (s.id != 1 && s.id != 4))
          return false;
        auto inner = strip(s.contents, s.offset, rule, depth + 1); // a nested module or component
        if (!inner)
          return inner.takeError();
        binary::appendFrame(out, s.id, *inner);
        return true;
      });
}

} // namespace

void registerStrip(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
    bool all = false, wat = false;
    std::vector<std::string> deletes;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "strip", "Remove custom sections (by default all but name, component-type* and dylink.0)");
  cmd->add_option("FILE", opts->file, "Input module or component (.wasm or text; - for stdin)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("-a,--all", opts->all, "Remove every custom section");
  cmd->add_option("-d,--delete", opts->deletes,
                  "Remove only the custom sections whose name matches this regular expression "
                  "(repeatable)")
      ->type_name("REGEX")
      ->allow_extra_args(false);
  cmd->add_flag("-t,--wat", opts->wat, "Print the result as WebAssembly text");
  cmd->callback([opts, &exitCode] {
    StripRule rule;
    rule.all = opts->all;
    for (const std::string &d : opts->deletes) {
      llvm::Regex re(d);
      std::string why;
      if (!re.isValid(why)) {
        error("--delete `" + d + "`: " + why);
        exitCode = Usage;
        return;
      }
      rule.deletes.push_back(std::move(re));
    }
    exitCode = rewriteBinary(opts->file, opts->output, opts->wat,
                             [&](llvm::ArrayRef<uint8_t> in) { return strip(in, 0, rule, 0); });
  });
}

} // namespace wcomp::cli
