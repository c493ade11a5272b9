//===- cli/text.cpp - `wcomp print` and `wcomp parse` ---------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "text/wat.h"
#include "validate/module_validator.h"
#include "validate/type_context.h"

#include <map>

#include "llvm/Support/FileSystem.h"

namespace wcomp::cli {

namespace {

/// A value type as wasm-tools shows it on the operand stack: concrete
/// types by their id, `(ref null (id 3))`, `(ref (exact (id 1)))`.
std::string stackType(const binary::ValType &t) {
  if (t.code == 0)
    return "?"; // an unknown operand left by unreachable code
  binary::HeapType h = t.heapType();
  if (!t.isRef() || h.kind != binary::HeapType::Index) {
    // Messages say `noneref`; the text format (and this) `nullref`.
    std::string s = validate::TypeContext::name(t);
    static const std::pair<const char *, const char *> text[] = {
        {"noneref", "nullref"}, {"noexternref", "nullexternref"}, {"nofuncref", "nullfuncref"},
        {"noexnref", "nullexnref"}, {"nocontref", "nullcontref"}};
    for (auto [from, to] : text)
      if (s == from)
        return to;
    return s;
  }
  std::string id = "(id " + std::to_string(h.value) + ")";
  if (h.exact)
    id = "(exact " + id + ")";
  return std::string(t.nullable() ? "(ref null " : "(ref ") + id + ")";
}

/// The operand stack after each instruction of every function of `bytes`
/// (modules nested in a component too), from a validation that watches it.
using Stacks = std::map<std::pair<uint64_t, uint32_t>, std::vector<std::string>>;
Stacks operandStacks(llvm::ArrayRef<uint8_t> bytes) {
  Stacks out;
  validate::ValidateOptions vo;
  vo.features = validate::Features::all();
  vo.observer = [&](uint64_t base, uint32_t def, size_t op, llvm::ArrayRef<binary::ValType> stack,
                    bool failed) {
    std::vector<std::string> &lines = out[{base, def}];
    lines.resize(op);
    if (failed) {
      lines.push_back("(invalid)");
      return;
    }
    std::string s = "[";
    for (size_t k = 0; k < stack.size(); ++k)
      s += (k ? " " : "") + stackType(stack[k]);
    lines.push_back(s + "]");
  };
  // An invalid module is still printed, with what could be learned.
  llvm::consumeError(validate::validateBinary(bytes, vo));
  return out;
}

} // namespace


void registerPrint(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
    text::PrintOptions print;
    std::optional<std::string> indentText;
    std::optional<size_t> indentWidth;
    bool operandStack = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("print", "Print a module or component as WebAssembly text");
  cmd->add_option("FILE", opts->file,
                  "Input .wasm file, or WebAssembly text (default or -: standard input)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--skeleton", opts->print.skeleton, "Elide function bodies and data");
  cmd->add_flag("-f,--fold", opts->print.fold,
                "Print instructions in folded form: (i32.add (local.get 0) (i32.const 1))");
  cmd->add_flag("-p,--print-offsets", opts->print.printOffsets,
                "Start each line with the byte offset of what it shows, as (;@offset;)");
  cmd->add_flag("--print-operand-stack", opts->operandStack,
                "After each instruction, a comment with the types on the operand stack of its "
                "block (`;; [i32 i64]`), from validating the module");
  cmd->add_flag("--name-unnamed", opts->print.nameUnnamed,
                "Name unnamed items $#func0, $#local1, $#label0, ... (by index space and index)");
  cmd->add_option("--indent", opts->indentWidth, "Spaces per level of indentation (default 2)")
      ->type_name("N");
  cmd->add_option("--indent-text", opts->indentText,
                  "The text of one level of indentation (overrides --indent)")
      ->type_name("TEXT");
  cmd->callback([opts, &exitCode] {
    if (opts->indentText)
      opts->print.indent = *opts->indentText;
    else if (opts->indentWidth)
      opts->print.indent = std::string(std::min<size_t>(*opts->indentWidth, 64), ' ');
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    Stacks stacks;
    if (opts->operandStack) {
      stacks = operandStacks(in->bytes());
      opts->print.operandStacks = [&stacks](uint64_t base,
                                            uint32_t def) -> const std::vector<std::string> * {
        auto it = stacks.find({base, def});
        return it == stacks.end() ? nullptr : &it->second;
      };
    }
    // Streamed into the output: printed text is ~20x the binary's size.
    auto out = OutputFile::open(opts->output);
    if (!out) {
      exitCode = IoError;
      return;
    }
    llvm::raw_ostream &os = out->os();
    os.SetBufferSize(1 << 20);
    if (llvm::Error e = text::printWasm(os, in->bytes(), opts->print)) {
      reportError(opts->file + ": ", std::move(e));
      exitCode = Invalid;
      return; // the temporary file is removed
    }
    exitCode = out->commit();
  });
}

void registerParse(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("parse", "Encode WebAssembly text (.wat) as a binary");
  addDepfileOption(cmd);
  cmd->add_option("FILE", opts->file, "Input .wat file (default or -: standard input)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->callback([opts, &exitCode] {
    auto buf = binary::loadFile(opts->file);
    if (!buf) {
      reportError("", buf.takeError());
      exitCode = IoError;
      return;
    }
    llvm::StringRef src = (*buf)->getBuffer();
    auto bytes = text::parseWat(src);
    if (!bytes) {
      diagnostic(text::renderTextError(opts->file, src, bytes.takeError()));
      exitCode = Invalid;
      return;
    }
    exitCode = writeOutput(
        opts->output,
        llvm::StringRef(reinterpret_cast<const char *>(bytes->data()), bytes->size()));
  });
}

} // namespace wcomp::cli
