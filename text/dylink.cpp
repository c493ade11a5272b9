//===- text/dylink.cpp - The `dylink.0` section as text --------------------===//
#include "text/dylink.h"

#include "binary/error.h"
#include "binary/reader.h"
#include "binary/writer.h"
#include "binary/names.h"
#include "text/numbers.h"

#include <cstdio>

namespace wcomp::text {

namespace {

/// Subsection ids of the dynamic-linking convention (tool-conventions
/// DynamicLinking.md).
enum DylinkSub : uint8_t {
  MemInfo = 1,
  Needed = 2,
  ExportInfo = 3,
  ImportInfo = 4,
  RuntimePath = 5,
  TargetArch = 6
};

/// Symbol flags by name, in the order they are printed.
struct SymbolFlag {
  const char *name;
  uint32_t bit;
};
constexpr SymbolFlag symbolFlags[] = {
    {"binding-weak", 1u << 0}, {"binding-local", 1u << 1}, {"visibility-hidden", 1u << 2},
    {"undefined", 1u << 4},    {"exported", 1u << 5},      {"explicit-name", 1u << 6},
    {"no-strip", 1u << 7},     {"tls", 1u << 8},           {"absolute", 1u << 9}};

void appendFlags(std::string &out, uint32_t flags) {
  for (const SymbolFlag &f : symbolFlags)
    if (flags & f.bit) {
      flags &= ~f.bit;
      out.append(" ").append(f.name);
    }
  if (flags) {
    char buf[16];
    snprintf(buf, sizeof buf, " %#x", flags);
    out += buf;
  }
}

/// `"s"` as the printers spell strings.
std::string quoted(llvm::StringRef s) {
  std::string out;
  binary::appendName(out, s);
  return out;
}

} // namespace

std::optional<std::vector<DylinkLine>> decodeDylink(llvm::ArrayRef<uint8_t> data,
                                                    std::string *failure, uint64_t base) {
  binary::BinaryReader r(data, base);
  std::vector<DylinkLine> lines;
  auto fail = [&](llvm::Error e) {
    binary::ErrorReport rep = binary::describeError(std::move(e));
    if (failure)
      *failure = rep.text;
    return std::nullopt;
  };
  // Counts are read plainly: nothing is reserved and every item reads at
  // least a byte, so a truncated section fails where its bytes end.
  auto names = [&](binary::BinaryReader &s, std::string &text) -> llvm::Error {
    auto n = s.readU32();
    if (!n)
      return n.takeError();
    for (uint32_t i = 0; i < *n; ++i) {
      auto name = s.readName();
      if (!name)
        return name.takeError();
      text += " " + quoted(*name);
    }
    return llvm::Error::success();
  };
  while (!r.eof()) {
    uint64_t at = r.offset();
    auto id = r.readU8();
    if (!id)
      return fail(id.takeError());
    auto body = r.readByteVec();
    if (!body)
      return fail(body.takeError());
    binary::BinaryReader s(*body, r.offset() - body->size());
    std::string text;
    switch (*id) {
    case MemInfo: {
      uint32_t v[4];
      for (uint32_t &x : v) {
        auto n = s.readU32();
        if (!n)
          return fail(n.takeError());
        x = *n;
      }
      text = "mem-info";
      if (v[0] || v[1])
        text += " (memory " + std::to_string(v[0]) + " " + std::to_string(v[1]) + ")";
      if (v[2] || v[3])
        text += " (table " + std::to_string(v[2]) + " " + std::to_string(v[3]) + ")";
      lines.push_back({text, at});
      break;
    }
    case Needed:
    case RuntimePath:
      text = *id == Needed ? "needed" : "runtime-path";
      if (llvm::Error e = names(s, text))
        return fail(std::move(e));
      lines.push_back({text, at});
      break;
    case ExportInfo:
    case ImportInfo: {
      auto n = s.readU32();
      if (!n)
        return fail(n.takeError());
      for (uint32_t i = 0; i < *n; ++i) {
        text = *id == ExportInfo ? "export-info " : "import-info ";
        auto first = s.readName();
        if (!first)
          return fail(first.takeError());
        text += quoted(*first);
        if (*id == ImportInfo) {
          auto field = s.readName();
          if (!field)
            return fail(field.takeError());
          text += " " + quoted(*field);
        }
        auto flags = s.readU32();
        if (!flags)
          return fail(flags.takeError());
        appendFlags(text, *flags);
        lines.push_back({text, at});
      }
      break;
    }
    case TargetArch: {
      auto arch = s.readName();
      if (!arch)
        return fail(arch.takeError());
      lines.push_back({"target-arch " + quoted(*arch), at});
      break;
    }
    default:
      // wasm-tools cannot print these either; the section stays raw.
      return fail(binary::makeError(at, "unknown dylink.0 subsection id " +
                                            llvm::Twine(unsigned(*id))));
    }
    if (!s.eof())
      return fail(binary::makeError(s.offset(), "unexpected content in the dylink.0 subsection"));
  }
  return lines;
}

namespace {

/// parseDylink's state: the encoded subsections, and the open run of
/// export-info or import-info entries (consecutive ones are one subsection).
class DylinkParser {
public:
  explicit DylinkParser(TokenStream &ts) : ts(ts) {}

  /// The subsections up to the section's `)`.
  bool run(std::string &encoded) {
    while (ts.is(Tok::LParen)) {
      if (!ts.advance())
        return false;
      uint8_t id = ts.isKeyword("mem-info")       ? MemInfo
                   : ts.isKeyword("needed")       ? Needed
                   : ts.isKeyword("export-info")  ? ExportInfo
                   : ts.isKeyword("import-info")  ? ImportInfo
                   : ts.isKeyword("runtime-path") ? RuntimePath
                   : ts.isKeyword("target-arch")  ? TargetArch
                                                  : 0;
      if (!id)
        return ts.unexpected("a dylink.0 subsection such as `mem-info` or `needed`");
      if (!ts.advance())
        return false;
      if (id != lastId)
        flush();
      lastId = id;
      if (!subsection(id))
        return false;
    }
    flush();
    if (!ts.expectRParen())
      return false;
    encoded.assign(out.bytes.begin(), out.bytes.end());
    return true;
  }

private:
  /// Writes the open export-info/import-info run, if any.
  void flush() {
    if (lastId != ExportInfo && lastId != ImportInfo)
      return;
    binary::Encoder body;
    body.u32(uint32_t(entries.size()));
    for (const binary::Encoder &e : entries)
      body.bytes.insert(body.bytes.end(), e.bytes.begin(), e.bytes.end());
    out.u8(lastId);
    out.byteVec(body.bytes);
    entries.clear();
  }
  /// A string, as a name.
  bool str(binary::Encoder &e) {
    std::string s;
    if (!ts.is(Tok::String))
      return ts.unexpected("a string");
    if (!ts.takeString(s))
      return false;
    e.name(s);
    return true;
  }
  bool u32(uint32_t &v) {
    uint64_t x;
    if (!ts.is(Tok::Atom) || parseUnsigned(ts.text(), x) != NumResult::Ok || x > UINT32_MAX)
      return ts.unexpected("a u32");
    v = uint32_t(x);
    return ts.advance();
  }
  /// Symbol flags by name (or number), or-ed.
  bool flags(binary::Encoder &e) {
    uint32_t v = 0;
    while (!ts.is(Tok::RParen)) {
      if (ts.is(Tok::Atom)) {
        uint32_t n = 0;
        if (!u32(n))
          return false;
        v |= n;
        continue;
      }
      const SymbolFlag *hit = nullptr;
      for (const SymbolFlag &f : symbolFlags)
        if (ts.isKeyword(f.name))
          hit = &f;
      if (!hit)
        return ts.unexpected("a symbol flag such as `binding-weak`");
      v |= hit->bit;
      if (!ts.advance())
        return false;
    }
    e.u32(v);
    return true;
  }
  /// One subsection's contents after its keyword, and its `)`.
  bool subsection(uint8_t id) {
    binary::Encoder body;
    switch (id) {
    case MemInfo: {
      uint32_t v[4] = {0, 0, 0, 0};
      for (int k = 0; k < 2; ++k) {
        const char *what = k == 0 ? "memory" : "table";
        if (!ts.atParenKeyword(what))
          continue;
        if (!ts.advance() || !ts.advance() || !u32(v[2 * k]) || !u32(v[2 * k + 1]) ||
            !ts.expectRParen())
          return false;
      }
      for (uint32_t x : v)
        body.u32(x);
      break;
    }
    case Needed:
    case RuntimePath: {
      binary::Encoder list;
      uint32_t n = 0;
      while (ts.is(Tok::String)) {
        if (!str(list))
          return false;
        ++n;
      }
      body.u32(n);
      body.bytes.insert(body.bytes.end(), list.bytes.begin(), list.bytes.end());
      break;
    }
    case ExportInfo:
    case ImportInfo: {
      binary::Encoder entry;
      if (!str(entry) || (id == ImportInfo && !str(entry)) || !flags(entry))
        return false;
      entries.push_back(std::move(entry));
      break;
    }
    case TargetArch:
      if (!str(body))
        return false;
      break;
    }
    if (!ts.expectRParen())
      return false;
    if (id != ExportInfo && id != ImportInfo) {
      out.u8(id);
      out.byteVec(body.bytes);
    }
    return true;
  }

  TokenStream &ts;
  binary::Encoder out;
  uint8_t lastId = 0;
  std::vector<binary::Encoder> entries; ///< the open export-info/import-info run
};

} // namespace

bool parseDylink(TokenStream &ts, std::string &encoded) { return DylinkParser(ts).run(encoded); }

} // namespace wcomp::text
