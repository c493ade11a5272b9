//===- text/producers.cpp - The `producers` section as text ----------------===//
#include "text/producers.h"

#include "binary/reader.h"
#include "binary/writer.h"

namespace wcomp::text {

std::optional<std::vector<ProducerEntry>> decodeProducers(llvm::ArrayRef<uint8_t> data) {
  binary::BinaryReader r(data, 0);
  std::vector<ProducerEntry> out;
  auto fail = [](llvm::Error e) {
    llvm::consumeError(std::move(e));
    return std::nullopt;
  };
  auto fields = r.readCount("producer fields", 1000);
  if (!fields)
    return fail(fields.takeError());
  for (uint32_t f = 0; f < *fields; ++f) {
    auto field = r.readName();
    if (!field)
      return fail(field.takeError());
    auto n = r.readCount("producer values", 100000);
    if (!n)
      return fail(n.takeError());
    if (*n == 0)
      return std::nullopt; // an empty field has no text form
    for (uint32_t i = 0; i < *n; ++i) {
      uint64_t at = r.offset();
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
  binary::Encoder enc;
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
