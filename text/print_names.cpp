//===- text/print_names.cpp - Names and strings for the printers -----------===//
#include "text/module_printer.h"

#include <cstdio>

#include "text/lexer.h"
#include "text/wat_module.h"

#include "llvm/ADT/StringSet.h"

namespace wcomp::text {

using namespace binary;

void appendId(std::string &out, llvm::StringRef name) {
  bool plain = !name.empty();
  for (char c : name)
    if (!isIdChar(c)) {
      plain = false;
      break;
    }
  out += '$';
  if (plain)
    out += name;
  else
    appendString(out, name);
}

ModuleNames decodeNames(llvm::ArrayRef<uint8_t> data) {
  ModuleNames n;
  n.spaces.resize(NumSpaces);
  BinaryReader r(data, 0);
  auto readMap = [](BinaryReader &s, llvm::DenseMap<uint32_t, std::string> &out) {
    auto count = s.readU32();
    if (!count) {
      llvm::consumeError(count.takeError());
      return false;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError());
        return false;
      }
      auto name = s.readName();
      if (!name) {
        llvm::consumeError(name.takeError());
        return false;
      }
      out.try_emplace(*idx, name->str());
    }
    return true;
  };
  auto readIndirect = [&](BinaryReader &s,
                          llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> &out) {
    auto count = s.readU32();
    if (!count) {
      llvm::consumeError(count.takeError());
      return;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError());
        return;
      }
      if (!readMap(s, out[*idx]))
        return;
    }
  };
  while (!r.eof()) {
    auto id = r.readU8();
    if (!id) {
      llvm::consumeError(id.takeError());
      break;
    }
    auto body = r.readByteVec();
    if (!body) {
      llvm::consumeError(body.takeError());
      break;
    }
    BinaryReader s(*body, 0);
    switch (*id) {
    case 0: {
      auto name = s.readName();
      if (name)
        n.module = name->str();
      else
        llvm::consumeError(name.takeError());
      break;
    }
    case 1: readMap(s, n.spaces[SFuncs]); break;
    case 2: readIndirect(s, n.locals); break;
    case 3: readIndirect(s, n.labels); break;
    case 4: readMap(s, n.spaces[STypes]); break;
    case 5: readMap(s, n.spaces[STables]); break;
    case 6: readMap(s, n.spaces[SMems]); break;
    case 7: readMap(s, n.spaces[SGlobals]); break;
    case 8: readMap(s, n.spaces[SElems]); break;
    case 9: readMap(s, n.spaces[SDatas]); break;
    case 10: readIndirect(s, n.fields); break;
    case 11: readMap(s, n.spaces[STags]); break;
    default: break;
    }
  }
  return n;
}

void appendOffset(std::string &out, uint64_t offset) {
  if (offset == NoOffset) {
    out.append(11, ' ');
    return;
  }
  char buf[32];
  snprintf(buf, sizeof buf, "(;@%-6llx;)", static_cast<unsigned long long>(offset));
  out += buf;
}

namespace detail {

void dedupeNames(llvm::DenseMap<uint32_t, std::string> &map, llvm::StringRef group) {
  // Text ids must be unique in a space: as wasm-tools does, a repeated (or
  // empty, or `#`-led) name becomes `$"#<group><index> <name>"` with the
  // real name kept in a `(@name ...)` annotation (see appendDefId).
  std::vector<std::pair<uint32_t, std::string>> sorted(map.begin(), map.end());
  std::sort(sorted.begin(), sorted.end());
  llvm::StringSet<> seen;
  for (auto &[i, name] : sorted) {
    if (!name.empty() && name[0] != '#' && seen.insert(name).second)
      continue;
    // Built by appending: GCC 12 misreports `"#" + ...` (-Wrestrict).
    map[i] = std::string("#").append(group.str()).append(std::to_string(i)).append(" ").append(
        name);
  }
}

void appendDefId(std::string &out, llvm::StringRef name) {
  appendId(out, name);
  if (!name.starts_with("#"))
    return;
  out += " (@name ";
  appendString(out, name.substr(name.find(' ') + 1));
  out += ')';
}

} // namespace detail

} // namespace wcomp::text
