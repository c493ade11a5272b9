//===- text/component_parser.cpp - Component text parser -------------------===//
#include "text/component_parser.h"

#include "binary/error.h"
#include "text/wat.h"

namespace wcomp::text {

bool parseComponentBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText) {
  if (ts.is(Tok::Id) && !ts.advance())
    return false;
  isText = false;
  if (ts.takeKeyword("binary")) {
    std::string bytes;
    while (ts.is(Tok::String))
      if (!ts.takeString(bytes))
        return false;
    out.assign(bytes.begin(), bytes.end());
    return true;
  }
  if (ts.failed())
    return false;
  if (ts.isKeyword("quote")) {
    uint32_t at = ts.tok().offset;
    if (!ts.advance())
      return false;
    std::string src = "(component";
    while (ts.is(Tok::String)) {
      src += ' ';
      if (!ts.takeString(src))
        return false;
    }
    src += ")";
    auto r = parseWat(src);
    if (!r) {
      binary::ErrorReport rep = binary::describeError(r.takeError());
      return ts.fail(at, "in quoted component: " + rep.text);
    }
    out = std::move(*r);
    return true;
  }
  isText = true;
  return ts.failHere("the component text format is not supported yet");
}

} // namespace wcomp::text
