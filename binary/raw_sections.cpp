//===- binary/raw_sections.cpp - Sections as they are framed --------------===//
#include "binary/raw_sections.h"

#include "binary/error.h"
#include "binary/parser.h"
#include "binary/reader.h"
#include "binary/writer.h"

namespace wcomp::binary {

llvm::Expected<RawCustom> RawSection::custom() const {
  BinaryReader r(contents, offset);
  auto name = r.readName();
  if (!name)
    return name.takeError();
  RawCustom c;
  c.name = *name;
  c.dataOffset = r.offset();
  c.data = contents.drop_front(c.dataOffset - offset);
  return c;
}

llvm::Expected<RawHeader> forEachSection(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                                         llvm::function_ref<llvm::Error(RawSection &)> each) {
  BinaryReader r(bytes, base);
  auto header = r.readBytes(8);
  if (!header)
    return header.takeError();
  if (!hasPreamble(*header))
    return makeError(base, "magic header not detected: bad magic number");
  if (llvm::Error e = forEachFrame(bytes.drop_front(8), base + 8, each))
    return e; // implicitly moved (C++20)
  return RawHeader{*header, (*header)[6] == 1};
}

llvm::Error forEachFrame(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                         llvm::function_ref<llvm::Error(RawSection &)> each) {
  BinaryReader r(bytes, base);
  while (!r.eof()) {
    const uint8_t *start = r.position();
    auto id = r.readU8();
    if (!id)
      return id.takeError();
    auto size = r.readU32();
    if (!size)
      return size.takeError();
    RawSection s;
    s.id = *id;
    s.offset = r.offset();
    auto contents = r.readBytes(*size);
    if (!contents)
      return contents.takeError();
    s.contents = *contents;
    s.whole = {start, r.position()};
    if (llvm::Error e = each(s))
      return e;
  }
  return llvm::Error::success();
}

void appendFrame(std::vector<uint8_t> &out, uint8_t id, llvm::ArrayRef<uint8_t> contents) {
  Encoder head;
  head.u8(id);
  head.u32(uint32_t(contents.size()));
  out.insert(out.end(), head.bytes.begin(), head.bytes.end());
  out.insert(out.end(), contents.begin(), contents.end());
}

void appendCustomSection(std::vector<uint8_t> &out, llvm::StringRef name,
                         llvm::ArrayRef<uint8_t> data) {
  Encoder body;
  body.name(name);
  body.raw(data);
  appendFrame(out, 0, body.bytes);
}

llvm::Expected<std::vector<uint8_t>>
rewriteSections(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                llvm::function_ref<llvm::Expected<bool>(RawSection &, std::vector<uint8_t> &)>
                    rewrite) {
  std::vector<uint8_t> out(bytes.begin(), bytes.begin() + std::min<size_t>(8, bytes.size()));
  auto header = forEachSection(bytes, base, [&](RawSection &s) -> llvm::Error {
    auto done = rewrite(s, out);
    if (!done)
      return done.takeError();
    if (!*done)
      out.insert(out.end(), s.whole.begin(), s.whole.end());
    return llvm::Error::success();
  });
  if (!header)
    return header.takeError();
  return out;
}

llvm::Expected<std::vector<uint8_t>> rewriteCustomSections(
    llvm::ArrayRef<uint8_t> bytes, uint64_t base,
    llvm::function_ref<llvm::Expected<bool>(const RawCustom &, std::vector<uint8_t> &)> rewrite) {
  return rewriteSections(bytes, base,
                         [&](RawSection &s, std::vector<uint8_t> &out) -> llvm::Expected<bool> {
                           if (s.id != 0)
                             return false;
                           auto custom = s.custom();
                           if (!custom)
                             return custom.takeError();
                           return rewrite(*custom, out);
                         });
}

} // namespace wcomp::binary
