//===- text/producers.cpp - The `producers` section as text ----------------===//
#include "text/producers.h"

#include "binary/error.h"
#include "binary/reader.h"
#include "binary/writer.h"

namespace wcomp::text {

std::vector<std::string> customFailureLines(llvm::StringRef section, llvm::StringRef failure) {
  std::string text = "failed to parse custom section `" + section.str() + "`: " + failure.str();
  llvm::SmallVector<llvm::StringRef, 4> parts;
  llvm::StringRef(text).split(parts, '\n');
  std::vector<std::string> lines;
  for (llvm::StringRef p : parts)
    lines.push_back(";; " + p.str());
  return lines;
}

bool parseProducers(TokenStream &ts, std::string &encoded) {
  std::vector<ProducerEntry> entries;
  while (ts.is(Tok::LParen)) {
    if (!ts.advance())
      return false;
    if (!ts.is(Tok::Keyword))
      return ts.unexpected("a producers field such as `language`");
    ProducerEntry e;
    e.field = ts.text().str();
    if (!ts.advance() || !ts.takeString(e.name) || !ts.takeString(e.version) ||
        !ts.expectRParen())
      return false;
    entries.push_back(std::move(e));
  }
  if (ts.failed() || !ts.expectRParen())
    return false;
  encoded = encodeProducers(entries);
  return true;
}

} // namespace wcomp::text
