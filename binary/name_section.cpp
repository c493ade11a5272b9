//===- binary/name_section.cpp - The `name` custom section ----------------===//
#include "binary/name_section.h"
#include "binary/reader.h"

namespace wcomp::binary {

ModuleNames decodeNames(llvm::ArrayRef<uint8_t> data) {
  ModuleNames n;
  n.spaces.resize(namespace_::Count);
  BinaryReader r(data, 0);
  auto readMap = [](BinaryReader &s, llvm::DenseMap<uint32_t, std::string> &out) {
    auto count = s.readU32();
    if (!count) {
      // names are advisory: a malformed subsection names nothing
      llvm::consumeError(count.takeError());
      return false;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError()); // names are advisory (as above)
        return false;
      }
      auto name = s.readName();
      if (!name) {
        llvm::consumeError(name.takeError()); // names are advisory (as above)
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
      llvm::consumeError(count.takeError()); // names are advisory (as above)
      return;
    }
    for (uint32_t i = 0; i < *count; ++i) {
      auto idx = s.readU32();
      if (!idx) {
        llvm::consumeError(idx.takeError()); // names are advisory (as above)
        return;
      }
      if (!readMap(s, out[*idx]))
        return;
    }
  };
  while (!r.eof()) {
    auto id = r.readU8();
    if (!id) {
      llvm::consumeError(id.takeError()); // names are advisory: what was read stands
      break;
    }
    auto body = r.readByteVec();
    if (!body) {
      llvm::consumeError(body.takeError()); // names are advisory: what was read stands
      break;
    }
    BinaryReader s(*body, 0);
    switch (*id) {
    case 0: {
      auto name = s.readName();
      if (name)
        n.module = name->str();
      else
        llvm::consumeError(name.takeError()); // names are advisory: the module stays unnamed
      break;
    }
    case 1: readMap(s, n.spaces[namespace_::Funcs]); break;
    case 2: readIndirect(s, n.locals); break;
    case 3: readIndirect(s, n.labels); break;
    case 4: readMap(s, n.spaces[namespace_::Types]); break;
    case 5: readMap(s, n.spaces[namespace_::Tables]); break;
    case 6: readMap(s, n.spaces[namespace_::Memories]); break;
    case 7: readMap(s, n.spaces[namespace_::Globals]); break;
    case 8: readMap(s, n.spaces[namespace_::Elems]); break;
    case 9: readMap(s, n.spaces[namespace_::Datas]); break;
    case 10: readIndirect(s, n.fields); break;
    case 11: readMap(s, n.spaces[namespace_::Tags]); break;
    case 12: readIndirect(s, n.typeParams); break;
    case 13: readIndirect(s, n.tagParams); break;
    default: break;
    }
  }
  return n;
}

} // namespace wcomp::binary
