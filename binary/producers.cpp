//===- binary/producers.cpp - The `producers` custom section --------------===//
#include "binary/producers.h"

#include "binary/error.h"
#include "binary/reader.h"
#include "binary/writer.h"

#include <algorithm>

namespace wcomp::binary {

std::optional<std::vector<ProducerEntry>> decodeProducers(llvm::ArrayRef<uint8_t> data,
                                                          std::string *failure, uint64_t base) {
  BinaryReader r(data, base);
  std::vector<ProducerEntry> out;
  auto fail = [&](llvm::Error e) {
    ErrorReport rep = describeError(std::move(e));
    if (failure)
      *failure = rep.text; // the reader's text already ends in "(at offset 0x..)"
    return std::nullopt;
  };
  if (data.empty())
    return std::nullopt; // wasm-tools reads no producers there, and no failure
  // Plain counts (nothing is reserved; each item reads at least a byte), so
  // a truncated section fails where its bytes end, as in wasm-tools.
  auto fields = r.readU32();
  if (!fields)
    return fail(fields.takeError());
  for (uint32_t f = 0; f < *fields; ++f) {
    uint64_t fieldAt = r.offset();
    auto field = r.readName();
    if (!field)
      return fail(field.takeError());
    if (*field != "language" && *field != "processed-by" && *field != "sdk")
      return fail(makeError(fieldAt, "invalid producers field name: `" + *field + "`"));
    auto n = r.readU32();
    if (!n)
      return fail(n.takeError());
    if (*n == 0)
      return std::nullopt; // an empty field has no text form
    for (uint32_t i = 0; i < *n; ++i) {
      uint64_t at = r.offset() - base;
      auto name = r.readName();
      if (!name)
        return fail(name.takeError());
      auto version = r.readName();
      if (!version)
        return fail(version.takeError());
      out.push_back({field->str(), name->str(), version->str(), at});
    }
  }
  if (!r.eof())
    return std::nullopt;
  std::string again = encodeProducers(out);
  if (llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(again.data()), again.size()) !=
      data)
    return std::nullopt; // e.g. a field that repeats: printing would regroup it
  return out;
}

std::string encodeProducers(const std::vector<ProducerEntry> &entries) {
  std::vector<std::string> order;
  for (const ProducerEntry &e : entries)
    if (std::find(order.begin(), order.end(), e.field) == order.end())
      order.push_back(e.field);
  Encoder enc;
  enc.u32(uint32_t(order.size()));
  for (const std::string &field : order) {
    enc.name(field);
    uint32_t n = 0;
    for (const ProducerEntry &e : entries)
      n += e.field == field;
    enc.u32(n);
    for (const ProducerEntry &e : entries)
      if (e.field == field) {
        enc.name(e.name);
        enc.name(e.version);
      }
  }
  return std::string(enc.bytes.begin(), enc.bytes.end());
}

} // namespace wcomp::binary
