//===- cli/demangle.cpp - `wcomp demangle` --------------------------------===//
//
// Rewrites a core module's `name` section with Rust and C++ symbols
// demangled, as `wasm-tools demangle` does, so that tools which show names
// without demangling them (printers, profilers, debuggers) show readable
// ones. Every name of every name map is tried (wasm-tools' demangler reads
// a bare Itanium type encoding too: a type named `t` becomes `unsigned
// short`); the module's own name is kept.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/raw_sections.h"
#include "binary/reader.h"
#include "binary/writer.h"

#include "llvm/Demangle/Demangle.h"

#include <cstdlib>

namespace wcomp::cli {

std::string demangleName(llvm::StringRef name) {
  for (char *(*demangler)(std::string_view) :
       {+[](std::string_view n) { return llvm::rustDemangle(n); },
        +[](std::string_view n) { return llvm::itaniumDemangle(n, true); }}) {
    if (char *d = demangler(std::string_view(name.data(), name.size()))) {
      std::string out(d);
      std::free(d);
      return out;
    }
  }
  return name.str();
}

namespace {

/// A name map (`count (index name)*`), demangled.
llvm::Error nameMap(binary::BinaryReader &r, binary::Encoder &out) {
  auto count = r.readU32();
  if (!count)
    return count.takeError();
  out.u32(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    auto index = r.readU32();
    if (!index)
      return index.takeError();
    auto name = r.readName();
    if (!name)
      return name.takeError();
    out.u32(*index);
    out.name(demangleName(*name));
  }
  return llvm::Error::success();
}

/// The `name` section's contents with every name map demangled; the
/// module name and subsections of unknown kinds are kept as they are.
llvm::Expected<std::vector<uint8_t>> demangleNames(llvm::ArrayRef<uint8_t> payload,
                                                   uint64_t base) {
  std::vector<uint8_t> out;
  llvm::Error err = binary::forEachFrame(payload, base, [&](binary::RawSection &s) -> llvm::Error {
    binary::BinaryReader sub(s.contents, s.offset);
    binary::Encoder rewritten;
    // 1 functions, 4 types, 5 tables, 6 memories, 7 globals, 8 elements,
    // 9 data, 11 tags: name maps; 2 locals, 3 labels, 10 fields: indirect.
    bool direct = s.id == 1 || (s.id >= 4 && s.id <= 9) || s.id == 11;
    bool indirect = s.id == 2 || s.id == 3 || s.id == 10;
    if (!direct && !indirect) {
      out.insert(out.end(), s.whole.begin(), s.whole.end());
      return llvm::Error::success();
    }
    if (direct) {
      if (llvm::Error e = nameMap(sub, rewritten))
        return e;
    } else {
      auto count = sub.readU32();
      if (!count)
        return count.takeError();
      rewritten.u32(*count);
      for (uint32_t i = 0; i < *count; ++i) {
        auto index = sub.readU32();
        if (!index)
          return index.takeError();
        rewritten.u32(*index);
        if (llvm::Error e = nameMap(sub, rewritten))
          return e;
      }
    }
    if (!sub.eof())
      return sub.error("unexpected bytes at the end of a name subsection");
    binary::appendFrame(out, s.id, rewritten.bytes);
    return llvm::Error::success();
  });
  if (err)
    return err; // implicitly moved (C++20)
  return out;
}

/// The module with its `name` section demangled (the other sections are
/// copied byte for byte).
llvm::Expected<std::vector<uint8_t>> demangleModule(llvm::ArrayRef<uint8_t> bytes) {
  if (bytes.size() >= 8 && bytes.take_front(4).equals({0x00, 0x61, 0x73, 0x6d}) &&
      (bytes[4] != 1 || bytes[6] != 0))
    return binary::makeError(4, "demangling components is not supported");
  return binary::rewriteSections(
      bytes, 0, [&](binary::RawSection &s, std::vector<uint8_t> &out) -> llvm::Expected<bool> {
        if (s.id != 0)
          return false;
        auto custom = s.custom();
        if (!custom)
          return custom.takeError();
        if (custom->name != "name")
          return false;
        auto names = demangleNames(custom->data, custom->dataOffset);
        if (!names)
          return names.takeError();
        binary::appendCustomSection(out, "name", *names);
        return true;
      });
}

} // namespace

void registerDemangle(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
    bool wat = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "demangle", "Demangle the Rust and C++ symbol names of a core module's `name` section");
  cmd->add_option("FILE", opts->file, "Input module (.wasm or WebAssembly text; - for stdin)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("-t,--wat", opts->wat, "Print the result as WebAssembly text");
  cmd->callback([opts, &exitCode] {
    exitCode = rewriteBinary(opts->file, opts->output, opts->wat, demangleModule);
  });
}

} // namespace wcomp::cli
