//===- adapt/metadata.cpp - The `component-type` custom section -----------===//
#include "adapt/metadata.h"

#include "binary/component.h"
#include "binary/error.h"
#include "validate/component_validator.h"
#include "wit/decode.h"
#include "wit/encode.h"

namespace wcomp::adapt {

llvm::StringRef canonOptionName(StringEncoding e) {
  switch (e) {
  case StringEncoding::Utf8: return "utf8";
  case StringEncoding::Utf16: return "utf16";
  case StringEncoding::CompactUtf16: return "latin1+utf16";
  }
  return "utf8";
}

std::optional<StringEncoding> parseStringEncoding(llvm::StringRef s) {
  if (s == "utf8" || s == "utf-8")
    return StringEncoding::Utf8;
  if (s == "utf16" || s == "utf-16")
    return StringEncoding::Utf16;
  if (s == "compact-utf16" || s == "latin1+utf16")
    return StringEncoding::CompactUtf16;
  return std::nullopt;
}

static llvm::Error versionError(llvm::StringRef name, unsigned found) {
  return binary::makeError(binary::WasmError::NoOffset,
      "section `" + name.str() + "` uses component-type metadata version " +
          std::to_string(found) + ", but wcomp reads version " + std::to_string(MetadataVersion) +
          " (what wit-bindgen 0.12 and later, wasm-tools 1.0.40 and later write); rebuild the "
          "module with a current toolchain, or strip the section and attach the world again "
          "with `wcomp embed WIT module.wasm`");
}

llvm::Expected<WorldMetadata> decodeWorldMetadata(wit::Resolve &r, llvm::StringRef name,
                                                  llvm::ArrayRef<uint8_t> data) {
  if (data.empty())
    return binary::makeError(binary::WasmError::NoOffset, "section `" + name.str() + "` is empty");
  // Version 4 is a component (it starts with the wasm magic); version 3
  // and older start with their version byte.
  if (data[0] != 0)
    return versionError(name, data[0]);
  auto fail = [&](llvm::Error e) {
    return binary::makeError(binary::WasmError::NoOffset, "section `" + name.str() +
                                 "` does not hold a world: " + binary::errorText(std::move(e)));
  };
  auto c = binary::readComponent(data);
  if (!c)
    return fail(c.takeError());
  WorldMetadata md;
  for (const binary::ComponentSection &s : c->sections) {
    if (s.id != 0 || s.custom.name != "wit-component-encoding")
      continue;
    if (s.custom.data.size() != 2)
      return fail(binary::makeError(s.offset, "`wit-component-encoding` is not two bytes"));
    if (s.custom.data[0] != MetadataVersion)
      return versionError(name, s.custom.data[0]);
    if (s.custom.data[1] > 2)
      return fail(binary::makeError(s.offset, "unknown string encoding " +
                                                   std::to_string(s.custom.data[1])));
    md.encoding = StringEncoding(s.custom.data[1]);
  }
  // Any feature a world may use (error-context, ...), as wit-component
  // decodes it; what the component built uses is validated afterwards.
  validate::ValidateOptions opts;
  opts.threads = 1;
  opts.features = validate::Features::all();
  auto info = validate::validateComponent(data, opts);
  if (!info)
    return fail(info.takeError());
  // Several sections (the module's and its adapters') may carry worlds of
  // one package: they are decoded into the same Resolve, where that package
  // then holds them all. This section's world is the one it added.
  size_t before = r.worlds.size();
  auto loaded = wit::decodeComponent(r, *info, data);
  if (!loaded)
    return fail(loaded.takeError());
  if (r.worlds.size() != before + 1)
    return fail(binary::makeError(binary::WasmError::NoOffset,
                                 "expected a package with exactly one world"));
  md.world = wit::WorldId{uint32_t(before)};
  return md;
}

llvm::Expected<std::vector<uint8_t>> encodeWorldMetadata(const wit::Resolve &r, wit::WorldId world,
                                                         StringEncoding enc) {
  auto bytes = wit::encodeWorld(r, world);
  if (!bytes)
    return bytes.takeError();
  // `new` validates this type when it reads the section back: a world it
  // would refuse (types nested more than 99 levels) is not embedded.
  validate::ValidateOptions vo;
  vo.features = validate::Features::all();
  if (auto info = validate::validateComponent(*bytes, vo); !info)
    return binary::addContext(info.takeError(),
                              "the world's encoding would not validate, so it is not embedded");
  uint8_t e[2] = {MetadataVersion, uint8_t(enc)};
  appendCustomSection(*bytes, "wit-component-encoding", e);
  return std::move(*bytes);
}

std::string metadataSectionName(const wit::Resolve &r, wit::WorldId world) {
  const wit::World &w = r[world];
  return "component-type:wcomp:0.1.0:" + r[w.package].id() + ":" + w.name + ":encoded world";
}

} // namespace wcomp::adapt
