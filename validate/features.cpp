#include "validate/features.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace wcomp::validate {

namespace {
struct FeatureInfo {
  const char *name;
  bool on;     ///< in wasm-tools' default set
  int since;   ///< first spec version holding it (9: none)
  bool lime1;  ///< in the lime1 set
  const char *description;
};
constexpr FeatureInfo infos[] = {
#define FEATURE(Name, Text, Default, Since, Lime1, Desc) {Text, Default != 0, Since, Lime1 != 0, Desc},
#include "validate/features.def"
};

/// The sub-feature a feature brings along (wasm-tools defines
/// `reference-types` and `bulk-memory` as two bits each).
std::optional<Feature> companion(Feature f) {
  if (f == Feature::ReferenceTypes)
    return Feature::CallIndirectOverlong;
  if (f == Feature::BulkMemory)
    return Feature::BulkMemoryOpt;
  return std::nullopt;
}

/// The feature that cannot stay on without `f`.
std::optional<Feature> dependent(Feature f) {
  if (f == Feature::CallIndirectOverlong)
    return Feature::ReferenceTypes;
  if (f == Feature::BulkMemoryOpt)
    return Feature::BulkMemory;
  return std::nullopt;
}
} // namespace

llvm::StringRef featureName(Feature f) { return infos[unsigned(f)].name; }
llvm::StringRef featureDescription(Feature f) { return infos[unsigned(f)].description; }

std::string notEnabled(Feature f) {
  if (f == Feature::Floats)
    return "floating-point support is disabled";
  return std::string(featureDescription(f)) + " support is not enabled";
}

namespace {
/// The features whose table entry satisfies `pred`.
template <typename Pred> Features where(Pred pred) {
  Features out;
  for (unsigned i = 0; i < unsigned(Feature::Count); ++i)
    if (pred(infos[i]))
      out.set(Feature(i), true);
  return out;
}
} // namespace

Features Features::version(int v) {
  return where([v](const FeatureInfo &f) { return f.since <= v; });
}
Features Features::lime1() { return where([](const FeatureInfo &f) { return f.lime1; }); }
Features Features::defaults() { return where([](const FeatureInfo &f) { return f.on; }); }
Features Features::all() { return where([](const FeatureInfo &) { return true; }); }

llvm::Error Features::apply(llvm::StringRef spec) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  spec.split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    bool remove = part.consume_front("-");
    std::optional<Features> group;
    if (part == "all")
      group = all();
    else if (part == "default")
      group = defaults();
    else if (part == "mvp")
      group = version(0);
    else if (part == "wasm1" || part == "wasm2" || part == "wasm3")
      group = version(part.back() - '0');
    else if (part == "lime1")
      group = lime1();
    if (group) {
      if (remove)
        bits &= ~group->bits;
      else
        bits = group->bits; // a group is a whole set, not an addition
      continue;
    }
    bool found = false;
    for (unsigned i = 0; i < unsigned(Feature::Count); ++i) {
      if (part != infos[i].name)
        continue;
      Feature f = Feature(i);
      set(f, !remove);
      if (auto c = companion(f))
        set(*c, !remove);
      if (auto d = dependent(f); d && remove)
        set(*d, false);
      found = true;
    }
    if (!found) {
      std::string known;
      for (const FeatureInfo &info : infos)
        known += std::string(known.empty() ? "" : ", ") + info.name;
      return llvm::createStringError("unknown feature `" + part.str() + "`\nValid features: " +
                                     known + ", mvp, wasm1, wasm2, wasm3, lime1, all, default");
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
