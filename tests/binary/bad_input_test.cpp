#include "binary/dump.h"
#include "binary/error.h"
#include "test_util.h"

#include <random>
#include <set>

using namespace wcomp::binary;
using namespace wcomp::testing;

namespace {

/// Every decoding entry point must reject (or accept) without crashing.
void exerciseAll(const Bytes &b) {
  if (auto r = readBinary(b); !r)
    llvm::consumeError(r.takeError());
  if (auto d = buildDump(b); !d)
    llvm::consumeError(d.takeError());
}

std::vector<Bytes> seeds() {
  std::vector<Bytes> out;
  for (const auto &f : filesIn(WCOMP_FIXTURES_DIR, ".wasm"))
    out.push_back(readFileBytes(f));
  return out;
}

TEST(BadInput, EveryTruncationIsRejected) {
  auto inputs = seeds();
  ASSERT_GE(inputs.size(), 2u);
  for (const Bytes &full : inputs) {
    ASSERT_TRUE(bool(readBinary(full)));
    auto sections = buildDump(full);
    ASSERT_TRUE(bool(sections));
    // A cut inside a section leaves a section that claims more bytes than
    // remain (or an incomplete nested binary); a cut between top-level
    // sections is a shorter binary that may well be valid.
    std::set<uint64_t> boundaries = {8};
    for (const auto &s : sections->sections)
      boundaries.insert(s.end);
    for (size_t len = 0; len < full.size(); ++len) {
      Bytes cut(full.begin(), full.begin() + len);
      auto r = readBinary(cut);
      if (!boundaries.count(len)) {
        ASSERT_FALSE(bool(r)) << "truncation to " << len << " bytes was accepted";
        ErrorReport rep = describeError(r.takeError());
        EXPECT_NE(rep.offset, WasmError::NoOffset) << rep.text;
        EXPECT_LE(rep.offset, len) << rep.text;
      } else if (!r) {
        llvm::consumeError(r.takeError());
      }
      exerciseAll(cut);
    }
  }
}

TEST(BadInput, RandomByteFlipsNeverCrash) {
  std::mt19937 rng(7);
  for (const Bytes &full : seeds()) {
    for (int i = 0; i < 1500; ++i) {
      Bytes b = full;
      int flips = 1 + rng() % 4;
      for (int k = 0; k < flips; ++k)
        b[8 + rng() % (b.size() - 8)] = uint8_t(rng());
      exerciseAll(b);
    }
  }
}

TEST(BadInput, OverlongLebInSectionSize) {
  Bytes b = moduleHeader();
  Bytes tail = {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  b.insert(b.end(), tail.begin(), tail.end());
  expectError(readBinary(b), "integer representation too long", 13);
  Bytes big = moduleHeader();
  Bytes tail2 = {0x01, 0xff, 0xff, 0xff, 0xff, 0x7f};
  big.insert(big.end(), tail2.begin(), tail2.end());
  expectError(readBinary(big), "integer too large", 13);
}

TEST(BadInput, SectionSizePastTheEnd) {
  Bytes b = moduleHeader();
  Bytes tail = {0x01, 0x10, 0x00};
  b.insert(b.end(), tail.begin(), tail.end());
  expectError(readBinary(b), "section too large", 9);
}

TEST(BadInput, HugeCountsDoNotAllocate) {
  // A type section claiming 2^32-1 entries in 6 bytes.
  Bytes b = moduleHeader();
  addSection(b, 1, {0xff, 0xff, 0xff, 0xff, 0x0f});
  expectError(readBinary(b), "types count is out of bounds");
  Bytes c = moduleHeader();
  addSection(c, 1, {0xc0, 0x84, 0x3d, 0x60}); // 1,000,000 types in 4 bytes
  expectError(readBinary(c), "exceeds the bytes left");
  Bytes comp = componentHeader();
  addSection(comp, 7, {0xff, 0xff, 0x03, 0x72});
  expectError(readBinary(comp), "exceeds the bytes left");
}

TEST(BadInput, InvalidUtf8Names) {
  Bytes imp = moduleHeader();
  addSection(imp, 2, {0x01, 0x01, 0xff, 0x01, 'f', 0x00, 0x00});
  expectError(readBinary(imp), "malformed UTF-8 encoding", 11);
  Bytes exp = componentHeader();
  addSection(exp, 11, {0x01, 0x00, 0x02, 0xc3, 0x28, 0x01, 0x00, 0x00});
  expectError(readBinary(exp), "malformed UTF-8 encoding", 12);
}

/// Builds components nested `depth` deep in one pass: the sizes are known
/// from the inside out, the bytes are written from the outside in.
Bytes nestedComponents(unsigned depth) {
  std::vector<uint64_t> size(depth + 1);
  size[0] = 8;
  for (unsigned i = 1; i <= depth; ++i) {
    Encoder leb;
    leb.u64(size[i - 1]);
    size[i] = 8 + 1 + leb.size() + size[i - 1];
  }
  Bytes out;
  out.reserve(size[depth]);
  for (unsigned i = depth; i >= 1; --i) {
    Bytes h = componentHeader();
    out.insert(out.end(), h.begin(), h.end());
    Encoder sec;
    sec.u8(4);
    sec.u64(size[i - 1]);
    out.insert(out.end(), sec.bytes.begin(), sec.bytes.end());
  }
  Bytes h = componentHeader();
  out.insert(out.end(), h.begin(), h.end());
  return out;
}

TEST(BadInput, DeepNestingIsBounded) {
  EXPECT_TRUE(bool(readBinary(nestedComponents(50))));
  Bytes deep = nestedComponents(100000);
  expectError(readBinary(deep), "nesting too deep");
  if (auto d = buildDump(deep); !d) {
    ErrorReport rep = describeError(d.takeError());
    EXPECT_NE(rep.text.find("nesting too deep"), std::string::npos);
  } else {
    ADD_FAILURE() << "dump accepted 100000 nested components";
  }
  // Instance types nested inside instance types, 100000 deep, in one type section.
  Bytes body = {0x01};
  unsigned depth = 100000;
  for (unsigned i = 0; i < depth; ++i) {
    body.push_back(0x42);
    body.push_back(0x01); // one declaration
    body.push_back(0x01); // a type declaration
  }
  body.push_back(0x7f);
  Bytes types = componentHeader();
  addSection(types, 7, body);
  expectError(readBinary(types), "type nesting too deep");
}

TEST(BadInput, DeeplyNestedBlocksAreNotRecursive) {
  // 100000 nested blocks in one function: the reader is iterative.
  Bytes code = {0x00};
  for (int i = 0; i < 100000; ++i) {
    code.push_back(0x02);
    code.push_back(0x40);
  }
  code.insert(code.end(), 100001, 0x0b);
  Encoder body;
  body.byteVec(code);
  Bytes b = moduleHeader();
  addSection(b, 1, {0x01, 0x60, 0x00, 0x00});
  addSection(b, 3, {0x01, 0x00});
  Bytes sec = {0x01};
  sec.insert(sec.end(), body.bytes.begin(), body.bytes.end());
  addSection(b, 10, sec);
  auto r = readBinary(b);
  ASSERT_TRUE(bool(r)) << errorText(r.takeError());
  EXPECT_EQ(r->module.code[0].code.ops.size(), 200001u);
}

} // namespace

TEST(BadInput, ErrorOnAVeryLongLineShowsAWindow) {
  // A generated file with a 300,000-byte line: the caret excerpt is a
  // window of it around the column, not the whole line.
  std::string src = "package a:b;\n" + std::string(150000, 'x') + "@" +
                    std::string(150000, 'y') + "\n";
  uint64_t at = src.find('@');
  std::string out = renderTextError("big.wit", src, at, "unexpected `@`");
  EXPECT_LT(out.size(), 600u);
  EXPECT_NE(out.find("big.wit:2:150001: error: unexpected `@`"), std::string::npos) << out;
  // The caret sits under the `@` of the excerpt.
  size_t l2 = out.find('\n') + 1, l3 = out.find('\n', l2) + 1;
  std::string excerpt = out.substr(l2, l3 - l2 - 1), caret = out.substr(l3);
  EXPECT_EQ(excerpt[caret.find('^')], '@') << out;
  EXPECT_NE(excerpt.find("..."), std::string::npos);
}
