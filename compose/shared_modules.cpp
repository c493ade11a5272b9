//===- compose/shared_modules.cpp - Core modules defined once -------------===//
#include "compose/shared_modules.h"

#include "binary/component.h"
#include "binary/parser.h"
#include "binary/raw_sections.h"
#include "binary/reader.h"
#include "binary/writer.h"
#include "validate/component_validator.h"

namespace wcomp::compose {

namespace {

/// One top-level section: its id, all of its bytes, and its contents.
struct RawSection {
  uint8_t id;
  llvm::ArrayRef<uint8_t> whole, payload;
};

/// The top-level sections of a component (its framing only; the component
/// was validated before).
llvm::Expected<std::vector<RawSection>> sections(llvm::ArrayRef<uint8_t> bytes) {
  std::vector<RawSection> out;
  auto header = binary::forEachSection(bytes, 0, [&](binary::RawSection &s) {
    out.push_back({s.id, s.whole, s.contents});
    return llvm::Error::success();
  });
  if (!header)
    return header.takeError();
  return out;
}

} // namespace

SharedModules::Seen *SharedModules::Kind::find(llvm::ArrayRef<uint8_t> bytes, bool add) {
  auto &bucket = bySize[bytes.size()];
  for (size_t i : bucket)
    if (seen[i].bytes == bytes)
      return &seen[i];
  if (!add)
    return nullptr;
  bucket.push_back(seen.size());
  seen.push_back({bytes, 0, ~0u});
  return &seen.back();
}

llvm::Error SharedModules::count(llvm::ArrayRef<uint8_t> component) {
  auto secs = sections(component);
  if (!secs)
    return secs.takeError();
  for (const RawSection &s : *secs) {
    if (s.id == binary::compsec::CoreModule)
      modules.find(s.payload, true)->uses++;
    else if (s.id == binary::compsec::Component)
      components.find(s.payload, true)->uses++;
  }
  return llvm::Error::success();
}

std::vector<llvm::ArrayRef<uint8_t>> SharedModules::shared(uint32_t first) {
  std::vector<llvm::ArrayRef<uint8_t>> out;
  for (Seen &s : modules.seen)
    if (s.uses > 1) {
      s.index = first + uint32_t(out.size());
      out.push_back(s.bytes);
    }
  return out;
}

std::vector<llvm::ArrayRef<uint8_t>> SharedModules::sharedComponents(uint32_t first) {
  std::vector<llvm::ArrayRef<uint8_t>> out;
  for (Seen &s : components.seen) {
    if (s.uses < 2)
      continue;
    // Self-contained: it types as a component of its own (an outer alias
    // to its parent would have nothing to refer to).
    validate::ComponentTyper alone(validate::Features::all());
    if (auto t = alone.add(s.bytes); !t) {
      llvm::consumeError(t.takeError()); // not shared; it stays where it is
      continue;
    }
    s.index = first + uint32_t(out.size());
    out.push_back(s.bytes);
  }
  return out;
}

llvm::Expected<std::vector<llvm::ArrayRef<uint8_t>>>
SharedModules::rewrite(llvm::ArrayRef<uint8_t> component,
                       std::deque<std::vector<uint8_t>> &store) {
  auto secs = sections(component);
  if (!secs)
    return secs.takeError();
  std::vector<llvm::ArrayRef<uint8_t>> pieces{component.take_front(8)};
  auto keep = [&](llvm::ArrayRef<uint8_t> bytes) {
    // Adjacent pieces of the input are one piece.
    llvm::ArrayRef<uint8_t> &last = pieces.back();
    if (!store.empty() && last.data() == store.back().data())
      pieces.push_back(bytes);
    else if (last.end() == bytes.begin())
      last = {last.begin(), bytes.end()};
    else
      pieces.push_back(bytes);
  };
  for (const RawSection &s : *secs) {
    bool module = s.id == binary::compsec::CoreModule;
    Seen *m = module                                  ? modules.find(s.payload, false)
              : s.id == binary::compsec::Component ? components.find(s.payload, false)
                                                   : nullptr;
    if (!m || m->index == ~0u) {
      keep(s.whole);
      continue;
    }
    binary::Alias a;
    a.sort.kind = module ? binary::sortkind::Core : binary::sortkind::Component;
    if (module)
      a.sort.core = binary::coresort::Module;
    a.target = binary::aliastarget::Outer;
    a.instance = 1; // the composition, one scope out
    a.index = m->index;
    binary::Encoder body, section;
    body.u32(1);
    binary::writeAlias(body, a);
    section.section(binary::compsec::Alias, body);
    store.emplace_back(section.bytes.begin(), section.bytes.end());
    pieces.push_back(store.back());
  }
  return pieces;
}

} // namespace wcomp::compose
