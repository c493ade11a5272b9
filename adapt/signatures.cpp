//===- adapt/signatures.cpp - Core signatures against the world -----------===//
//
// Every core import a world item satisfies and every core export that
// implements one must have the flat signature the Canonical ABI gives that
// item (CanonicalABI.md, `flatten_functype`). Checked before anything is
// encoded, so that a mismatch names the core function and the world item,
// with both signatures, as wit-component does ("type mismatch for function
// ..."), instead of surfacing as an invalid component.
//
//===----------------------------------------------------------------------===//
#include "adapt/abi.h"
#include "adapt/plan.h"

#include "binary/error.h"
#include "binary/types.h"

namespace wcomp::adapt {

namespace {

/// `[I32, I64]`, as wasm-tools writes a list of core value types.
std::string list(const std::vector<std::string> &types) {
  std::string s = "[";
  for (size_t i = 0; i < types.size(); ++i)
    s += (i ? ", " : "") + types[i];
  return s + "]";
}

std::string upper(const char *t) {
  std::string s(t);
  for (char &c : s)
    c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string coreName(const binary::ValType &t) {
  switch (t.code) {
  case binary::typecode::I32: return "I32";
  case binary::typecode::I64: return "I64";
  case binary::typecode::F32: return "F32";
  case binary::typecode::F64: return "F64";
  case binary::typecode::V128: return "V128";
  default: return "Ref";
  }
}

struct Sig {
  std::vector<std::string> params, results;
  bool operator==(const Sig &) const = default;
  std::string str() const { return "`" + list(params) + " -> " + list(results) + "`"; }
};

Sig expected(const FlatSig &f) {
  Sig s;
  for (const char *t : f.params)
    s.params.push_back(upper(t));
  for (const char *t : f.results)
    s.results.push_back(upper(t));
  return s;
}

Sig found(const binary::CompositeType &t) {
  Sig s;
  for (const binary::ValType &v : t.params)
    s.params.push_back(coreName(v));
  for (const binary::ValType &v : t.results)
    s.results.push_back(coreName(v));
  return s;
}

/// The type of function `index` of `m` (imports first), or null.
const binary::CompositeType *typeOfFunction(const binary::Module &m, uint32_t index) {
  for (const binary::Import &imp : m.imports) {
    if (imp.kind != binary::extkind::Func)
      continue;
    if (index == 0)
      return funcType(m, imp.index);
    --index;
  }
  if (index >= m.functions.size())
    return nullptr;
  return funcType(m, m.functions[index]);
}

llvm::Error mismatch(const std::string &where, const std::string &name, const Sig &want,
                     const Sig &got) {
  return binary::makeError(binary::WasmError::NoOffset,
                           where + ": type mismatch for function `" + name + "`: expected " +
                               want.str() + " but found " + got.str());
}

} // namespace

llvm::Error checkSignatures(const Plan &p) {
  const Sig handle{{"I32"}, {}}, handleToRep{{"I32"}, {"I32"}};
  for (const Use &u : p.uses) {
    const binary::CompositeType *t = funcType(p.units[u.unit].m, u.coreType);
    if (!t)
      continue; // validated already: cannot happen
    std::string where = (u.unit ? "adapter `" + p.units[u.unit].name + "`: " : std::string()) +
                        "core import `" + u.module + "` `" + u.field + "`";
    Sig want;
    std::string name = u.field;
    switch (u.kind) {
    case Use::Lower: {
      const ImportSlot &s = p.imports[u.slot];
      name = p.r.functionName(*u.func);
      where += " (" + worldFunction(s.kind == ImportSlot::Function ? "" : s.name, name) + ")";
      want = expected(u.async ? asyncLowerSignature(p.r, *u.func) : flatSignature(p.r, *u.func, false));
      break;
    }
    case Use::TaskReturn:
      name = "[task-return]" + p.r.functionName(*u.func);
      want = expected(taskReturnSignature(p.r, *u.func));
      break;
    case Use::Builtin: case Use::Payload: continue; // fixed types, checked by validation
    case Use::ImportedDrop: case Use::ExportedDrop: want = handle; break;
    case Use::ExportedNew: case Use::ExportedRep: want = handleToRep; break;
    case Use::FromAdapter: case Use::FromMain: case Use::FromShim: continue; // checked by validation
    case Use::ContextGet: case Use::ContextSet: continue; // checked when resolved
    }
    if (Sig got = found(*t); !(got == want))
      return mismatch(where, name, want, got);
  }
  for (const ExportSlot &s : p.exports) {
    const CoreUnit &cu = p.units[s.unit];
    auto check = [&](const wit::Function &f) -> llvm::Error {
      if (f.async)
        return llvm::Error::success();
      std::string fn = p.r.functionName(f);
      auto it = s.core.find(fn);
      if (it == s.core.end())
        return llvm::Error::success();
      auto &[core, post] = it->second;
      FlatSig flat = flatSignature(p.r, f, true);
      Sig want = expected(flat);
      std::string item = worldFunction(s.kind == ExportSlot::Function ? "" : s.name, fn);
      if (const binary::CompositeType *t = typeOfFunction(cu.m, cu.funcExports.lookup(core)))
        if (Sig got = found(*t); !(got == want))
          return mismatch("core export `" + core + "` (" + item + ")", fn, want, got);
      if (post.empty())
        return llvm::Error::success();
      Sig postWant{want.results, {}};
      if (const binary::CompositeType *t = typeOfFunction(cu.m, cu.funcExports.lookup(post)))
        if (Sig got = found(*t); !(got == postWant))
          return mismatch("core export `" + post + "` (post-return of " + item + ")",
                          fn + " post-return", postWant, got);
      return llvm::Error::success();
    };
    if (s.kind == ExportSlot::Function) {
      if (llvm::Error err = check(*s.func))
        return err;
      continue;
    }
    for (const wit::Function &f : p.r[s.iface].functions)
      if (llvm::Error err = check(f))
        return err;
    for (auto &[resource, dtor] : s.dtors) {
      if (dtor.empty())
        continue;
      if (const binary::CompositeType *t = typeOfFunction(cu.m, cu.funcExports.lookup(dtor)))
        if (Sig got = found(*t); !(got == handle))
          return mismatch("core export `" + dtor + "`", "[dtor]" + resource.str(), handle, got);
    }
  }
  return llvm::Error::success();
}

} // namespace wcomp::adapt
