//===- adapt/embed.cpp - Attach a world to a core module ------------------===//
#include "adapt/embed.h"
#include "adapt/abi.h"

#include "binary/names.h"
#include "binary/reader.h"
#include "binary/error.h"

namespace wcomp::adapt {

llvm::Expected<std::vector<uint8_t>> embedWorld(llvm::ArrayRef<uint8_t> module,
                                                const wit::Resolve &r, wit::WorldId world,
                                                StringEncoding enc) {
  if (module.size() < 8 || module[4] != 1)
    return binary::makeError(0, "not a core module (a component or another file)");
  auto data = encodeWorldMetadata(r, world, enc);
  if (!data)
    return data.takeError();
  std::vector<uint8_t> out(module.begin(), module.end());
  appendCustomSection(out, metadataSectionName(r, world), *data);
  return out;
}

namespace {

std::string str(llvm::StringRef s) {
  std::string out;
  binary::appendString(out, s);
  return out;
}

std::string sigText(const CoreSig &params, const CoreSig &results) {
  std::string s;
  for (const char *p : params)
    s.append(" (param ").append(p).append(")");
  for (const char *p : results)
    s.append(" (result ").append(p).append(")");
  return s;
}

} // namespace

std::string dummyModuleWat(const wit::Resolve &r, wit::WorldId world) {
  const wit::World &w = r[world];
  std::string imports, funcs;
  auto importFunc = [&](const std::string &mod, const wit::Function &f) {
    FlatSig s = flatSignature(r, f, false);
    imports += "  (import " + str(mod) + " " + str(r.functionName(f)) + " (func" +
               sigText(s.params, s.results) + "))\n";
  };
  auto drop = [&](const std::string &mod, const std::string &op, const std::string &res,
                  bool result) {
    imports += "  (import " + str(mod) + " " + str("[resource-" + op + "]" + res) +
               " (func (param i32)" + (result ? " (result i32)" : "") + "))\n";
  };
  auto exportFunc = [&](const std::string &core, const wit::Function &f) {
    FlatSig s = flatSignature(r, f, true);
    funcs += "  (func (export " + str(core) + ")" + sigText(s.params, s.results) +
             " unreachable)\n";
    AbiNeeds n = liftNeeds(r, f);
    if (s.retptr || (!s.results.empty() && n.memory))
      funcs += "  (func (export " + str("cabi_post_" + core) + ")" + sigText(s.results, {}) +
               ")\n";
  };
  for (auto &[key, item] : w.imports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      importFunc("$root", item.func);
    } else if (item.kind == wit::WorldItem::TypeItem) {
      if (r[item.type].kind == wit::TypeDef::Resource)
        drop("$root", "drop", nm, false);
    } else {
      for (auto &[n, t] : r[item.iface].types)
        if (r[t].kind == wit::TypeDef::Resource)
          drop(nm, "drop", n, false);
      for (const wit::Function &f : r[item.iface].functions)
        importFunc(nm, f);
    }
  }
  for (auto &[key, item] : w.exports) {
    std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
    if (item.kind == wit::WorldItem::FunctionItem) {
      exportFunc(nm, item.func);
      continue;
    }
    if (item.kind != wit::WorldItem::InterfaceItem)
      continue;
    for (auto &[n, t] : r[item.iface].types)
      if (r[t].kind == wit::TypeDef::Resource) {
        drop("[export]" + nm, "new", n, true);
        drop("[export]" + nm, "rep", n, true);
        drop("[export]" + nm, "drop", n, false);
        funcs += "  (func (export " + str(nm + "#[dtor]" + n) + ") (param i32))\n";
      }
    for (const wit::Function &f : r[item.iface].functions)
      exportFunc(nm + "#" + r.functionName(f), f);
  }
  return "(module\n" + imports + "  (memory (export \"memory\") 0)\n" +
         "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) unreachable)\n" +
         funcs + ")\n";
}

} // namespace wcomp::adapt
