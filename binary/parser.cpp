#include "binary/parser.h"

#include "binary/limits.h"

namespace wcomp::binary {

llvm::StringRef sectionName(bool component, uint8_t id) {
  static const char *core[] = {"custom", "type",   "import", "function", "table",
                               "memory", "global", "export", "start",    "element",
                               "code",   "data",   "data count", "tag"};
  static const char *comp[] = {"custom",   "core module", "core instance", "core type",
                               "component", "instance",   "alias",         "type",
                               "canonical function", "start", "import", "export", "value"};
  if (component)
    return id < std::size(comp) ? comp[id] : "unknown";
  return id < std::size(core) ? core[id] : "unknown";
}

unsigned coreSectionOrder(uint8_t id) {
  switch (id) {
  case coresec::Type: return 1;
  case coresec::Import: return 2;
  case coresec::Function: return 3;
  case coresec::Table: return 4;
  case coresec::Memory: return 5;
  case coresec::Tag: return 6;
  case coresec::Global: return 7;
  case coresec::Export: return 8;
  case coresec::Start: return 9;
  case coresec::Element: return 10;
  case coresec::DataCount: return 11;
  case coresec::Code: return 12;
  case coresec::Data: return 13;
  default: return 0;
  }
}

Parser::Parser(llvm::ArrayRef<uint8_t> bytes, uint64_t base) {
  stack.push_back(Frame{BinaryReader(bytes, base)});
}

llvm::Expected<bool> isComponentBinary(llvm::ArrayRef<uint8_t> bytes) {
  if (bytes.size() < 8)
    return makeError(bytes.size() < 4 ? 0 : 4, "unexpected end-of-file");
  if (bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm')
    return makeError(0, "magic header not detected: bad magic number");
  return bytes[6] == 1 && bytes[7] == 0;
}

llvm::Error Parser::readHeader(Frame &f, Payload &out) {
  BinaryReader &r = f.r;
  uint64_t at = r.offset();
  if (r.remaining() < 4 || r.rest()[0] != 0 || r.rest()[1] != 'a' || r.rest()[2] != 's' ||
      r.rest()[3] != 'm') {
    if (r.remaining() < 4)
      return r.eofError();
    return makeError(at, "magic header not detected: bad magic number");
  }
  WCOMP_CHECK(r.skip(4));
  if (r.remaining() < 4)
    return r.eofError();
  uint64_t vat = r.offset();
  llvm::ArrayRef<uint8_t> v = r.rest().take_front(4);
  uint16_t version = uint16_t(v[0] | v[1] << 8);
  uint16_t layer = uint16_t(v[2] | v[3] << 8);
  WCOMP_CHECK(r.skip(4));
  out.startOffset = at;
  out.version = version;
  if (layer == 0) {
    if (version != 1)
      return makeError(vat, "unknown binary version: 0x" + llvm::Twine::utohexstr(version));
    f.component = false;
    out.kind = Payload::ModuleHeader;
  } else if (layer == 1) {
    if (version != ComponentVersion)
      return makeError(vat, "unknown binary version and encoding combination: 0x" +
                                llvm::Twine::utohexstr(version) + " and 0x1, note: encoded as a "
                                "component but the WebAssembly component model version 0x" +
                                llvm::Twine::utohexstr(ComponentVersion) + " is supported");
    f.component = true;
    out.kind = Payload::ComponentHeader;
  } else {
    return makeError(vat + 2, "unknown binary layer: 0x" + llvm::Twine::utohexstr(layer));
  }
  f.headerDone = true;
  return llvm::Error::success();
}

void Parser::skipNested() { pendingNested = false; }

llvm::Expected<bool> Parser::next(Payload &out) {
  if (finished)
    return false;
  out = Payload();
  if (pendingNested) {
    pendingNested = false;
    if (stack.size() > limits::NestingDepth)
      return makeError(pendingOffset, "nesting too deep: more than " +
                                          llvm::Twine(limits::NestingDepth) +
                                          " nested modules and components");
    stack.push_back(Frame{BinaryReader(pendingData, pendingOffset)});
    stack.back().expect = pendingExpect;
  }
  Frame &f = stack.back();
  out.depth = unsigned(stack.size() - 1);
  out.inComponent = stack.size() > 1 && stack[stack.size() - 2].component;
  if (!f.headerDone) {
    WCOMP_CHECK(readHeader(f, out));
    if (f.expect >= 0 && f.component != bool(f.expect))
      return makeError(out.startOffset, f.expect ? "a component section must contain a component"
                                                 : "a core module section must contain a core module");
    out.inComponent = f.component;
    return true;
  }
  out.inComponent = f.component;
  BinaryReader &r = f.r;
  if (r.eof()) {
    out.kind = Payload::End;
    out.startOffset = r.offset();
    stack.pop_back();
    if (stack.empty())
      finished = true;
    return true;
  }
  out.kind = Payload::Section;
  out.startOffset = r.offset();
  WCOMP_ASSIGN(out.id, r.readU8());
  uint64_t sizeAt = r.offset();
  uint32_t size;
  WCOMP_ASSIGN(size, r.readU32());
  if (size > r.remaining())
    return makeError(sizeAt, "section too large: " + llvm::Twine(size) + " bytes, but only " +
                                 llvm::Twine(r.remaining()) + " remain (unexpected end-of-file)");
  out.size = size;
  BinaryReader body(r.rest().take_front(size), r.offset());
  WCOMP_CHECK(r.skip(size));
  uint8_t maxId = f.component ? compsec::Value : coresec::Tag;
  if (out.id > maxId)
    return makeError(out.startOffset, "malformed section id: " + llvm::Twine(unsigned(out.id)));
  if (out.id == 0) {
    WCOMP_ASSIGN(out.customName, body.readName());
  } else if (!f.component) {
    unsigned order = coreSectionOrder(out.id);
    if (order <= f.lastOrder)
      return makeError(out.startOffset,
                       order == f.lastOrder
                           ? llvm::Twine("multiple ") + sectionName(false, out.id) + " sections"
                           : llvm::Twine("section out of order: ") + sectionName(false, out.id));
    f.lastOrder = uint8_t(order);
  }
  out.data = body.rest();
  out.dataOffset = body.offset();
  if (f.component && (out.id == compsec::CoreModule || out.id == compsec::Component)) {
    pendingNested = true;
    pendingData = out.data;
    pendingOffset = out.dataOffset;
    pendingExpect = out.id == compsec::Component ? 1 : 0;
  }
  return true;
}

} // namespace wcomp::binary
