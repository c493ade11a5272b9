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
  // Renamed duplicates are `#<group><index> <name>`; `#func3` alone is a
  // name --name-unnamed made up.
  if (!name.starts_with("#") || !name.contains(' '))
    return;
  out += " (@name ";
  appendString(out, name.substr(name.find(' ') + 1));
  out += ')';
}

} // namespace detail

} // namespace wcomp::text
