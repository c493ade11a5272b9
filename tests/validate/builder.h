//===- tests/validate/builder.h - Tiny module builder for validator tests -*- C++ -*-===//
#pragma once

#include "../binary/test_util.h"
#include "validate/module_validator.h"

#include <map>

namespace wcomp::testing {

/// Assembles a module from section bodies: function types, imports, and
/// functions given as (type index, locals + code bytes). Sections are
/// emitted in the standard order with exact sizes.
struct ModBuilder {
  std::vector<Bytes> types;           ///< each a full type entry (e.g. {0x60, 0, 0})
  std::vector<Bytes> imports;         ///< each a full import entry
  std::vector<std::pair<uint32_t, Bytes>> funcs; ///< type index, body (locals + code)
  std::map<uint8_t, Bytes> extra;     ///< other sections by id (whole bodies, with counts)

  /// Adds a function type; returns its index.
  uint32_t type(Bytes params, Bytes results) {
    Bytes t = {0x60, uint8_t(params.size())};
    t.insert(t.end(), params.begin(), params.end());
    t.push_back(uint8_t(results.size()));
    t.insert(t.end(), results.begin(), results.end());
    types.push_back(t);
    return uint32_t(types.size() - 1);
  }
  /// Adds a function with no locals; `code` must end with 0x0b.
  void func(uint32_t typeIndex, Bytes code, Bytes locals = {0x00}) {
    Bytes body = locals;
    body.insert(body.end(), code.begin(), code.end());
    funcs.push_back({typeIndex, body});
  }
  Bytes build() const {
    Bytes out = moduleHeader();
    auto vec = [](const std::vector<Bytes> &items) {
      binary::Encoder e;
      e.u32(uint32_t(items.size()));
      for (const Bytes &i : items)
        e.raw(i);
      return toBytes(e);
    };
    auto sectionIf = [&](uint8_t id) {
      if (auto it = extra.find(id); it != extra.end())
        addSection(out, id, it->second);
    };
    if (!types.empty())
      addSection(out, 1, vec(types));
    if (!imports.empty())
      addSection(out, 2, vec(imports));
    if (!funcs.empty()) {
      binary::Encoder f;
      f.u32(uint32_t(funcs.size()));
      for (auto &[t, body] : funcs)
        f.u32(t);
      addSection(out, 3, toBytes(f));
    }
    for (uint8_t id : {4, 5, 13, 6, 7, 8, 9, 12})
      sectionIf(id);
    if (!funcs.empty()) {
      binary::Encoder e;
      e.u32(uint32_t(funcs.size()));
      for (auto &[t, body] : funcs)
        e.byteVec(body);
      addSection(out, 10, toBytes(e));
    }
    sectionIf(11);
    return out;
  }
};

/// Validates with the given features (default: the standard set).
inline llvm::Error validateBytes(const Bytes &b, const validate::Features &f = validate::Features::defaults(),
                                 unsigned threads = 1) {
  validate::ValidateOptions opts;
  opts.features = f;
  opts.threads = threads;
  return validate::validateBinary(b, opts);
}

/// Expects `b` to validate.
inline void expectValid(const Bytes &b, const validate::Features &f = validate::Features::defaults()) {
  llvm::Error err = validateBytes(b, f);
  EXPECT_FALSE(bool(err)) << binary::errorText(std::move(err));
}

/// Expects validation to fail with a message containing `needle`.
inline void expectInvalid(const Bytes &b, const std::string &needle,
                          const validate::Features &f = validate::Features::defaults()) {
  llvm::Error err = validateBytes(b, f);
  ASSERT_TRUE(bool(err)) << "expected an error containing: " << needle;
  std::string text = binary::errorText(std::move(err));
  EXPECT_NE(text.find(needle), std::string::npos) << "message: " << text;
}

} // namespace wcomp::testing
