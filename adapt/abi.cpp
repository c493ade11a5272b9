//===- adapt/abi.cpp - What the Canonical ABI needs for a WIT function ----===//
#include "adapt/abi.h"

#include <algorithm>
#include <cstring>

namespace wcomp::adapt {

using wit::TypeDef;
using wit::TypeRef;

namespace {

constexpr size_t MaxFlatParams = 16, MaxFlatResults = 1, MaxFlatAsyncParams = 4;
// A flattening longer than this is never passed flat; stop growing there
// so that a huge fixed-size list cannot make us allocate without bound.
constexpr size_t FlatCap = 64;

const char *join(const char *a, const char *b) {
  if (!std::strcmp(a, b))
    return a;
  if ((!std::strcmp(a, "i32") && !std::strcmp(b, "f32")) ||
      (!std::strcmp(a, "f32") && !std::strcmp(b, "i32")))
    return "i32";
  return "i64";
}

void flatten(const wit::Resolve &r, TypeRef t, CoreSig &out, unsigned depth = 0) {
  if (out.size() > FlatCap || depth > 100)
    return;
  switch (t.prim) {
  case TypeRef::U64: case TypeRef::S64: out.push_back("i64"); return;
  case TypeRef::F32: out.push_back("f32"); return;
  case TypeRef::F64: out.push_back("f64"); return;
  case TypeRef::String: out.push_back("i32"); out.push_back("i32"); return;
  case TypeRef::Defined: break;
  default: out.push_back("i32"); return;
  }
  const TypeDef &d = r[t.id];
  auto cases = [&](std::vector<const std::optional<TypeRef> *> arms) {
    out.push_back("i32");
    CoreSig joined;
    for (auto *arm : arms) {
      if (!*arm)
        continue;
      CoreSig one;
      flatten(r, **arm, one, depth + 1);
      for (size_t i = 0; i < one.size(); ++i)
        if (i < joined.size())
          joined[i] = join(joined[i], one[i]);
        else
          joined.push_back(one[i]);
    }
    out.insert(out.end(), joined.begin(), joined.end());
  };
  switch (d.kind) {
  case TypeDef::Record:
    for (const wit::Member &m : d.members)
      if (m.type)
        flatten(r, *m.type, out, depth + 1);
    return;
  case TypeDef::Tuple:
    for (TypeRef x : d.types)
      flatten(r, x, out, depth + 1);
    return;
  case TypeDef::Flags:
    for (size_t i = 0; i < (d.members.size() + 31) / 32; ++i)
      out.push_back("i32");
    return;
  case TypeDef::Variant: {
    std::vector<const std::optional<TypeRef> *> arms;
    for (const wit::Member &m : d.members)
      arms.push_back(&m.type);
    cases(arms);
    return;
  }
  case TypeDef::Option: {
    std::optional<TypeRef> none;
    cases({&none, &d.a});
    return;
  }
  case TypeDef::Result: cases({&d.a, &d.b}); return;
  case TypeDef::List: case TypeDef::Map: out.push_back("i32"); out.push_back("i32"); return;
  case TypeDef::FixedList:
    for (uint32_t i = 0; i < d.length && out.size() <= FlatCap; ++i)
      flatten(r, *d.a, out, depth + 1);
    return;
  case TypeDef::Alias:
    if (d.a)
      flatten(r, *d.a, out, depth + 1);
    return;
  default: out.push_back("i32"); return; // enum, handles, resources, futures, streams
  }
}

struct Contents {
  bool list = false, string = false;
};

void contents(const wit::Resolve &r, TypeRef t, Contents &c, unsigned depth = 0) {
  if (t.prim == TypeRef::String) {
    c.string = true;
    return;
  }
  if (t.prim != TypeRef::Defined || depth > 100)
    return;
  const TypeDef &d = r[t.id];
  auto sub = [&](const std::optional<TypeRef> &x) {
    if (x)
      contents(r, *x, c, depth + 1);
  };
  switch (d.kind) {
  case TypeDef::Record: case TypeDef::Variant:
    for (const wit::Member &m : d.members)
      sub(m.type);
    return;
  case TypeDef::Tuple:
    for (TypeRef x : d.types)
      contents(r, x, c, depth + 1);
    return;
  case TypeDef::List: case TypeDef::Map:
    c.list = true;
    sub(d.a);
    sub(d.b);
    return;
  case TypeDef::Option: case TypeDef::Result: case TypeDef::FixedList: case TypeDef::Alias:
    sub(d.a);
    sub(d.b);
    return;
  default: return; // handles, futures and streams are passed as i32 handles
  }
}

Contents paramContents(const wit::Resolve &r, const wit::Function &f) {
  Contents c;
  for (auto &[n, t] : f.params)
    contents(r, t, c);
  return c;
}

Contents resultContents(const wit::Resolve &r, const wit::Function &f) {
  Contents c;
  if (f.result)
    contents(r, *f.result, c);
  return c;
}

void futuresAndStreams(const wit::Resolve &r, TypeRef t, std::vector<wit::TypeId> &out,
                       unsigned depth = 0) {
  if (t.prim != TypeRef::Defined || depth > 100)
    return;
  const TypeDef &d = r[t.id];
  auto sub = [&](const std::optional<TypeRef> &x) {
    if (x)
      futuresAndStreams(r, *x, out, depth + 1);
  };
  switch (d.kind) {
  case TypeDef::Record: case TypeDef::Variant:
    for (const wit::Member &m : d.members)
      sub(m.type);
    return;
  case TypeDef::Tuple:
    for (TypeRef x : d.types)
      futuresAndStreams(r, x, out, depth + 1);
    return;
  case TypeDef::Future: case TypeDef::Stream:
    sub(d.a); // the payload's own first, as wit-parser lists them
    out.push_back(t.id);
    return;
  case TypeDef::List: case TypeDef::Map: case TypeDef::Option: case TypeDef::Result:
  case TypeDef::FixedList: case TypeDef::Alias:
    sub(d.a);
    sub(d.b);
    return;
  default: return;
  }
}

} // namespace

std::vector<wit::TypeId> futuresAndStreams(const wit::Resolve &r, const wit::Function &f) {
  std::vector<wit::TypeId> out;
  for (auto &[n, t] : f.params)
    futuresAndStreams(r, t, out);
  if (f.result)
    futuresAndStreams(r, *f.result, out);
  return out;
}

AbiNeeds payloadNeeds(const wit::Resolve &r, const std::optional<TypeRef> &payload, bool read) {
  // Values move through a buffer in memory; a reader's lists and strings
  // are allocated there.
  AbiNeeds n;
  n.memory = true; // a unit payload's buffer too, as wit-component gives it
  if (!payload)
    return n;
  Contents c;
  contents(r, *payload, c);
  n.realloc = read && (c.list || c.string);
  n.strings = c.string;
  return n;
}

FlatSig flatSignature(const wit::Resolve &r, const wit::Function &f, bool lift) {
  FlatSig s;
  for (auto &[n, t] : f.params)
    flatten(r, t, s.params);
  if (f.result)
    flatten(r, *f.result, s.results);
  if (s.params.size() > MaxFlatParams) {
    s.params = {"i32"};
    s.indirectParams = true;
  }
  if (s.results.size() > MaxFlatResults) {
    s.retptr = true;
    s.results.clear();
    if (lift)
      s.results.push_back("i32");
    else
      s.params.push_back("i32");
  }
  return s;
}

FlatSig asyncLowerSignature(const wit::Resolve &r, const wit::Function &f) {
  // CanonicalABI.md: at most 4 flat parameters, the result always through
  // a pointer, an i32 status returned.
  FlatSig s;
  for (auto &[n, t] : f.params)
    flatten(r, t, s.params);
  if (s.params.size() > MaxFlatAsyncParams) {
    s.params = {"i32"};
    s.indirectParams = true;
  }
  if (f.result) {
    s.params.push_back("i32");
    s.retptr = true;
  }
  s.results = {"i32"};
  return s;
}

FlatSig taskReturnSignature(const wit::Resolve &r, const wit::Function &f) {
  FlatSig s;
  if (f.result)
    flatten(r, *f.result, s.params);
  if (s.params.size() > MaxFlatParams) {
    s.params = {"i32"};
    s.indirectParams = true;
  }
  return s;
}

AbiNeeds lowerNeeds(const wit::Resolve &r, const wit::Function &f, bool async) {
  // The callee lifts the parameters out of memory and lowers the results
  // into it, allocating there for lists and strings.
  AbiNeeds n;
  Contents p = paramContents(r, f), q = resultContents(r, f);
  n.memory = p.list || p.string || q.list || q.string;
  n.realloc = q.list || q.string;
  n.strings = p.string || q.string;
  FlatSig s = async ? asyncLowerSignature(r, f) : flatSignature(r, f, false);
  n.memory |= s.retptr || s.indirectParams;
  return n;
}

AbiNeeds taskReturnNeeds(const wit::Resolve &r, const wit::Function &f) {
  // wit-component gives `task.return` the options a synchronous import of
  // the whole function would need (parameters included), without realloc,
  // which `task.return` does not take; the same here, so that outputs agree.
  AbiNeeds n = lowerNeeds(r, f, false);
  n.memory |= taskReturnSignature(r, f).indirectParams;
  n.realloc = false;
  return n;
}

AbiNeeds liftNeeds(const wit::Resolve &r, const wit::Function &f) {
  AbiNeeds n;
  Contents p = paramContents(r, f), q = resultContents(r, f);
  n.memory = p.list || p.string || q.list || q.string;
  n.realloc = p.list || p.string;
  n.strings = p.string || q.string;
  FlatSig s = flatSignature(r, f, true);
  n.memory |= s.retptr || s.indirectParams;
  n.realloc |= s.indirectParams;
  return n;
}

void collectTypes(const wit::Resolve &r, TypeRef t, llvm::DenseSet<uint32_t> &out) {
  std::vector<uint32_t> order; // only the set is wanted
  collectTypesPostOrder(r, t, out, order);
}

void collectTypesPostOrder(const wit::Resolve &r, TypeRef t, llvm::DenseSet<uint32_t> &seen,
                           std::vector<uint32_t> &order) {
  // (type, children pushed yet); children are visited in the order the
  // type lists them, each before the type itself.
  std::vector<std::pair<TypeRef, bool>> work{{t, false}};
  while (!work.empty()) {
    auto [x, expanded] = work.back();
    work.pop_back();
    if (x.prim != TypeRef::Defined)
      continue;
    if (expanded) {
      order.push_back(x.id.index);
      continue;
    }
    if (!seen.insert(x.id.index).second)
      continue;
    work.push_back({x, true});
    const TypeDef &d = r[x.id];
    std::vector<TypeRef> children;
    for (const wit::Member &m : d.members)
      if (m.type)
        children.push_back(*m.type);
    for (TypeRef y : d.types)
      children.push_back(y);
    if (d.a)
      children.push_back(*d.a);
    if (d.b)
      children.push_back(*d.b);
    if (d.resource.valid())
      children.push_back(TypeRef::of(d.resource));
    for (auto it = children.rbegin(); it != children.rend(); ++it)
      work.push_back({*it, false});
  }
}

} // namespace wcomp::adapt
