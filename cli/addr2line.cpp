//===- cli/addr2line.cpp - `wcomp addr2line` ------------------------------===//
//
// wasm-tools' `addr2line`: code addresses to source lines through the DWARF
// sections clang and rustc put in a module (`-g`). Addresses are offsets in
// the file, so in a component they pick the nested module that holds them;
// DWARF addresses are relative to the start of that module's code section
// contents (`--code-section-relative` takes those directly). Each address
// prints its frames innermost first, inlined callers on `\t` lines:
//   0x92: sq
//   	add /src/t.c:3:10
// LLVM's DWARF reader (DebugInfoDWARF) does the lookup.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/error.h"
#include "binary/limits.h"
#include "binary/raw_sections.h"

#include "llvm/DebugInfo/DWARF/DWARFContext.h"

namespace wcomp::cli {

namespace {

/// A module found in the input: where it is, where its code starts, its
/// DWARF sections (by name without the leading dot) and, once needed, the
/// DWARF context over them.
struct DwarfModule {
  uint64_t start = 0, end = 0;
  std::optional<uint64_t> codeStart;
  llvm::StringMap<llvm::StringRef> sections;
  std::unique_ptr<llvm::DWARFContext> context;
};

/// Every module of `bytes` (absolute offset `base`), nested ones included,
/// in file order. Recursion follows nesting, capped by NestingDepth.
llvm::Error collect(llvm::ArrayRef<uint8_t> bytes, uint64_t base, unsigned depth,
                    std::vector<DwarfModule> &out) {
  if (depth > binary::limits::NestingDepth)
    return binary::makeError(base, "modules and components nested too deeply");
  bool component = bytes.size() >= 8 && bytes[6] == 1;
  size_t self = out.size();
  if (!component)
    out.push_back({base, base + bytes.size(), std::nullopt, {}, nullptr});
  auto header = binary::forEachSection(bytes, base, [&](binary::RawSection &s) -> llvm::Error {
    if (component) {
      if (s.id == 1 || s.id == 4)
        return collect(s.contents, s.offset, depth + 1, out);
      return llvm::Error::success();
    }
    if (s.id == 10) {
      out[self].codeStart = s.offset;
    } else if (s.id == 0) {
      auto custom = s.custom();
      if (!custom)
        return custom.takeError();
      llvm::StringRef name = custom->name;
      if (name.consume_front("."))
        out[self].sections[name] =
            llvm::StringRef(reinterpret_cast<const char *>(custom->data.data()),
                            custom->data.size());
    }
    return llvm::Error::success();
  });
  return header ? llvm::Error::success() : header.takeError();
}

/// `0x...` and `@...` are hexadecimal, anything else decimal.
std::optional<uint64_t> parseAddress(llvm::StringRef text) {
  uint64_t v;
  if (text.consume_front("0x") || text.consume_front("@"))
    return text.getAsInteger(16, v) ? std::nullopt : std::optional<uint64_t>(v);
  return text.getAsInteger(10, v) ? std::nullopt : std::optional<uint64_t>(v);
}

/// The DWARF context of `m`, made on first use. Malformed DWARF is not an
/// error of the command (as with wasm-tools, lookups just find less).
llvm::DWARFContext &contextOf(DwarfModule &m) {
  if (!m.context) {
    llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> buffers;
    for (auto &[name, data] : m.sections)
      buffers[name] = llvm::MemoryBuffer::getMemBuffer(data, name, false);
    m.context = llvm::DWARFContext::create(
        buffers, /*AddrSize=*/4, /*isLittleEndian=*/true,
        [](llvm::Error e) { llvm::consumeError(std::move(e)); }, // recoverable: lookups find less
        [](llvm::Error e) { llvm::consumeError(std::move(e)); });
  }
  return *m.context;
}

/// Prints the frames of one address; an error says why there are none.
llvm::Error frames(llvm::StringRef text, std::vector<DwarfModule> &modules, bool codeRelative,
                   llvm::raw_ostream &os) {
  auto addr = parseAddress(text);
  if (!addr)
    return llvm::createStringError("invalid address (expected 0x..., @... or a decimal number)");
  DwarfModule *m = nullptr;
  uint64_t rel = *addr;
  if (codeRelative) {
    if (modules.size() != 1)
      return llvm::createStringError("cannot use `--code-section-relative` with more than one module");
    m = &modules[0];
  } else {
    for (DwarfModule &x : modules)
      if (x.start <= *addr && *addr <= x.end) {
        m = &x;
        break;
      }
    if (!m)
      return llvm::createStringError("no module found which contains this address");
    if (!m->codeStart || *addr < *m->codeStart)
      return llvm::createStringError("no module found which contains this address");
    rel = *addr - *m->codeStart;
  }
  llvm::DILineInfoSpecifier spec(
      llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
      llvm::DILineInfoSpecifier::FunctionNameKind::LinkageName);
  llvm::DIInliningInfo info = contextOf(*m).getInliningInfoForAddress(
      {rel, llvm::object::SectionedAddress::UndefSection}, spec);
  std::string hex = "0x" + llvm::utohexstr(*addr, /*LowerCase=*/true);
  uint32_t n = info.getNumberOfFrames();
  for (uint32_t i = 0; i < n; ++i) {
    const llvm::DILineInfo &f = info.getFrame(i);
    if (i == 0 && f.FunctionName == llvm::DILineInfo::BadString && f.Line == 0 &&
        f.FileName == llvm::DILineInfo::BadString)
      break; // no function and no line: nothing known here
    os << (i == 0 ? hex + ": " : std::string("\t"));
    os << (f.FunctionName == llvm::DILineInfo::BadString ? std::string("<unnamed>")
                                                         : demangleName(f.FunctionName));
    if (f.FileName != llvm::DILineInfo::BadString) {
      os << " " << f.FileName;
      if (f.Line) {
        os << ":" << f.Line;
        os << ":" << f.Column;
      }
    }
    os << "\n";
    if (i + 1 == n)
      return llvm::Error::success();
  }
  os << hex << ": no dwarf frames found for this address\n";
  return llvm::Error::success();
}

} // namespace

void registerAddr2line(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
    std::vector<std::string> addresses;
    bool codeRelative = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "addr2line", "Source file, line and inlined callers of code addresses, from DWARF");
  cmd->add_option("FILE", opts->file, "Module or component with DWARF (.wasm or text; - for stdin)")
      ->required();
  cmd->add_option("ADDRESS", opts->addresses,
                  "Offsets in the file (0x... or @... hexadecimal, else decimal)")
      ->type_name("ADDR");
  cmd->add_flag("--code-section-relative", opts->codeRelative,
                "Addresses are relative to the code section's contents (one module only)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->callback([opts, &exitCode] {
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    std::vector<DwarfModule> modules;
    if (llvm::Error err = collect(in->bytes(), 0, 0, modules)) {
      reportError(opts->file + ": ", std::move(err));
      exitCode = Invalid;
      return;
    }
    auto out = OutputFile::open(opts->output);
    if (!out) {
      exitCode = IoError;
      return;
    }
    for (const std::string &a : opts->addresses) {
      if (llvm::Error err = frames(a, modules, opts->codeRelative, out->os())) {
        out->commit();
        reportError("failed to find frames for `" + a + "`: ", std::move(err));
        exitCode = Invalid;
        return;
      }
    }
    exitCode = out->commit();
  });
}

} // namespace wcomp::cli
