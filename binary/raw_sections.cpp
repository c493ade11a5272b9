//===- binary/raw_sections.cpp - Sections as they are framed --------------===//
#include "binary/raw_sections.h"

#include "binary/error.h"
#include "binary/reader.h"

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
  if (header->take_front(4) != llvm::ArrayRef<uint8_t>({0x00, 0x61, 0x73, 0x6d}))
    return makeError(base, "magic header not detected: bad magic number");
  RawHeader h{*header, (*header)[6] == 1};
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
  return h;
}

} // namespace wcomp::binary
