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

#include "binary/parser.h"
#include "binary/raw_sections.h"
#include "binary/reader.h"
#include "binary/writer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Demangle/Demangle.h"

#include <cstdlib>

namespace wcomp::cli {

namespace {
/// LLVM's Itanium demangler closes nested template arguments with `>>`;
/// wasm-tools' (the cpp_demangle crate) writes `> >`, so that is written
/// here too. A `>` that ends an operator name (`operator>>`, `operator>`)
/// is not a template's.
std::string spaceTemplateClosers(llvm::StringRef s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] != '>' || i + 1 >= s.size() || s[i + 1] != '>')
      continue;
    llvm::StringRef before = s.take_front(i + 1);
    if (before.ends_with("operator>") || before.ends_with("operator>>") ||
        before.ends_with("operator->"))
      continue;
    out += ' ';
  }
  return out;
}
} // namespace

/// rustc-demangle (wasm-tools' Rust demangler) shows a v0 symbol's crate
/// disambiguators, `mycrate[3c1c0]::foo`; LLVM's leaves them out. They are
/// read from the mangled name (`C s<base-62>_ <len><ident>`) and put back
/// after each crate name that starts a path in the demangled text.
static std::string withCrateDisambiguators(llvm::StringRef mangled, std::string text) {
  auto base62 = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
      return c - 'A' + 36;
    return -1;
  };
  std::vector<std::pair<std::string, std::string>> crates; // name, "[hex]"
  for (size_t i = 0; i + 2 < mangled.size(); ++i) {
    if (mangled[i] != 'C' || mangled[i + 1] != 's')
      continue;
    size_t j = i + 2;
    uint64_t v = 0;
    bool overflow = false, any = false;
    for (; j < mangled.size() && base62(mangled[j]) >= 0; ++j, any = true) {
      overflow |= v > (UINT64_MAX - 61) / 62;
      v = v * 62 + uint64_t(base62(mangled[j]));
    }
    if (overflow || j >= mangled.size() || mangled[j] != '_')
      continue;
    uint64_t dis = (any ? v + 1 : 0) + 1;
    size_t k = ++j;
    uint64_t len = 0;
    while (k < mangled.size() && llvm::isDigit(mangled[k]) && len < 4096)
      len = len * 10 + uint64_t(mangled[k++] - '0');
    if (k == j || len == 0)
      continue;
    if (k < mangled.size() && mangled[k] == '_')
      ++k;
    if (k + len > mangled.size())
      continue;
    crates.push_back({mangled.substr(k, len).str(), "[" + llvm::utohexstr(dis, true) + "]"});
  }
  for (const auto &[crate, tag] : crates) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
      bool startsPath = i == 0 || !(llvm::isAlnum(text[i - 1]) || text[i - 1] == '_' ||
                                    text[i - 1] == ':' || text[i - 1] == ']');
      llvm::StringRef rest = llvm::StringRef(text).substr(i);
      if (startsPath && rest.starts_with(crate)) {
        llvm::StringRef after = rest.substr(crate.size());
        if (after.empty() || after.starts_with("::") || after.starts_with(">") ||
            after.starts_with(",") || after.starts_with(" ")) {
          out += crate + tag;
          i += crate.size();
          continue;
        }
      }
      out += text[i++];
    }
    text = std::move(out);
  }
  return text;
}

std::string demangleName(llvm::StringRef name) {
  if (char *d = llvm::rustDemangle(std::string_view(name.data(), name.size()))) {
    std::string out = withCrateDisambiguators(name, d);
    std::free(d);
    return out;
  }
  if (char *d = llvm::itaniumDemangle(std::string_view(name.data(), name.size()), true)) {
    std::string out = spaceTemplateClosers(d);
    std::free(d);
    return out;
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
    // 9 data, 11 tags: name maps; 2 locals, 3 labels, 10 fields,
    // 12 and 13 parameters: indirect.
    bool direct = s.id == 1 || (s.id >= 4 && s.id <= 9) || s.id == 11;
    // 12, 13: parameters of function types and tags.
    bool indirect = s.id == 2 || s.id == 3 || s.id == 10 || s.id == 12 || s.id == 13;
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
  if (binary::hasPreamble(bytes) &&
      (binary::preambleVersion(bytes) != 1 || binary::preambleLayer(bytes) != 0))
    return binary::makeError(4, "demangling components is not supported");
  return binary::rewriteCustomSections(
      bytes, 0,
      [&](const binary::RawCustom &custom, std::vector<uint8_t> &out) -> llvm::Expected<bool> {
        if (custom.name != "name")
          return false;
        auto names = demangleNames(custom.data, custom.dataOffset);
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
