#include "validate/features.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace wcomp::validate {

namespace {
struct FeatureInfo {
  const char *name;
  int level;
};
constexpr FeatureInfo infos[] = {
#define FEATURE(Name, Text, Level) {Text, Level},
#include "validate/features.def"
};
} // namespace

llvm::StringRef featureName(Feature f) { return infos[unsigned(f)].name; }

Features Features::version(int v) {
  Features out;
  for (unsigned i = 0; i < unsigned(Feature::Count); ++i)
    if (infos[i].level <= v)
      out.set(Feature(i), true);
  return out;
}

Features Features::defaults() { return version(4); }
Features Features::all() { return version(5); }

llvm::Error Features::apply(llvm::StringRef spec) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  spec.split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    bool remove = part.consume_front("-");
    if (part == "all" || part == "wasm1" || part == "wasm2" || part == "wasm3" ||
        part == "default") {
      Features group = part == "all"       ? all()
                       : part == "default" ? defaults()
                                           : version(part.back() - '0');
      if (remove)
        bits &= ~group.bits;
      else if (part.starts_with("wasm"))
        bits = group.bits; // a version is a whole set, not an addition
      else
        bits |= group.bits;
      continue;
    }
    bool found = false;
    for (unsigned i = 0; i < unsigned(Feature::Count); ++i) {
      if (part == infos[i].name) {
        set(Feature(i), !remove);
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (const FeatureInfo &info : infos)
        known += std::string(known.empty() ? "" : ", ") + info.name;
      return llvm::createStringError("unknown feature `" + part.str() +
                                     "` (known: all, wasm1, wasm2, wasm3, default, " + known + ")");
    }
  }
  return llvm::Error::success();
}

std::string Features::describe() const {
  std::string out;
  for (unsigned i = 0; i < unsigned(Feature::Count); ++i)
    if (has(Feature(i)))
      out += std::string(out.empty() ? "" : ",") + infos[i].name;
  return out;
}

} // namespace wcomp::validate
