#include "validate/type_context.h"

#include "binary/error.h"
#include "binary/limits.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

namespace {
bool isBottom(uint8_t c) {
  return c == tc::None || c == tc::NoFunc || c == tc::NoExtern || c == tc::NoExn || c == tc::NoCont;
}
void appendU32(std::string &key, uint32_t v) { key.append(reinterpret_cast<const char *>(&v), 4); }
} // namespace

uint8_t TypeContext::topOf(const HeapType &h) const {
  if (h.kind == HeapType::Index) {
    if (h.value >= size())
      return tc::Any;
    switch (composite(h.value).kind) {
    case tc::FuncType: return tc::Func;
    case tc::ContType: return tc::Cont;
    default: return tc::Any;
    }
  }
  switch (h.value) {
  case tc::Func: case tc::NoFunc: return tc::Func;
  case tc::Extern: case tc::NoExtern: return tc::Extern;
  case tc::Exn: case tc::NoExn: return tc::Exn;
  case tc::Cont: case tc::NoCont: return tc::Cont;
  default: return tc::Any;
  }
}

bool TypeContext::canonSub(uint32_t a, uint32_t b) const {
  // Supertypes always have smaller canonical ids, so this terminates.
  for (uint32_t c = a; c != None; c = canonSuper[c])
    if (c == b)
      return true;
  return false;
}

bool TypeContext::sharedOf(const HeapType &h) const {
  if (h.kind == HeapType::Abstract)
    return h.shared;
  return h.value < size() && composite(h.value).shared;
}

bool TypeContext::sameHierarchy(const HeapType &a, const HeapType &b) const {
  return topOf(a) == topOf(b) && sharedOf(a) == sharedOf(b);
}

bool TypeContext::heapMatches(const HeapType &a, const HeapType &b) const {
  // Shared and unshared types form separate hierarchies (shared-everything-threads).
  if (sharedOf(a) != sharedOf(b))
    return false;
  if (a.kind == HeapType::Abstract) {
    if (b.kind == HeapType::Abstract) {
      if (a.value == b.value)
        return true;
      if (isBottom(uint8_t(a.value)))
        return topOf(a) == topOf(b);
      switch (a.value) {
      case tc::I31: case tc::Struct: case tc::Array:
        return b.value == tc::Eq || b.value == tc::Any;
      case tc::Eq:
        return b.value == tc::Any;
      default:
        return false;
      }
    }
    // Only a bottom type is below a concrete type.
    return isBottom(uint8_t(a.value)) && topOf(a) == topOf(b);
  }
  if (a.value >= size())
    return false;
  if (b.kind == HeapType::Abstract) {
    switch (composite(a.value).kind) {
    case tc::StructType: return b.value == tc::Struct || b.value == tc::Eq || b.value == tc::Any;
    case tc::ArrayType: return b.value == tc::Array || b.value == tc::Eq || b.value == tc::Any;
    case tc::FuncType: return b.value == tc::Func;
    case tc::ContType: return b.value == tc::Cont;
    }
    return false;
  }
  if (b.value >= size())
    return false;
  if (b.exact)
    return a.exact && canon(a.value) == canon(b.value);
  return canonSub(canon(a.value), canon(b.value));
}

bool TypeContext::matches(const ValType &a, const ValType &b) const {
  bool aRef = a.isRef(), bRef = b.isRef();
  if (!aRef || !bRef)
    return !aRef && !bRef && a.code == b.code;
  if (a.nullable() && !b.nullable())
    return false;
  return heapMatches(a.heapType(), b.heapType());
}

bool TypeContext::compositeMatches(const CompositeType &sub, const CompositeType &super) const {
  if (sub.kind != super.kind || sub.shared != super.shared)
    return false;
  auto fieldMatches = [&](const binary::FieldType &a, const binary::FieldType &b) {
    if (a.mut != b.mut)
      return false;
    if (a.storage.isPacked() || b.storage.isPacked())
      return a.storage.code == b.storage.code;
    return a.mut ? equal(a.storage, b.storage) : matches(a.storage, b.storage);
  };
  switch (sub.kind) {
  case tc::FuncType:
    if (sub.params.size() != super.params.size() || sub.results.size() != super.results.size())
      return false;
    for (size_t i = 0; i < sub.params.size(); ++i)
      if (!matches(super.params[i], sub.params[i]))
        return false;
    for (size_t i = 0; i < sub.results.size(); ++i)
      if (!matches(sub.results[i], super.results[i]))
        return false;
    return true;
  case tc::StructType:
    if (sub.fields.size() < super.fields.size())
      return false;
    for (size_t i = 0; i < super.fields.size(); ++i)
      if (!fieldMatches(sub.fields[i], super.fields[i]))
        return false;
    return true;
  case tc::ArrayType:
    return fieldMatches(sub.fields[0], super.fields[0]);
  case tc::ContType:
    return heapMatches(HeapType::index(sub.contType), HeapType::index(super.contType));
  }
  return false;
}

void TypeContext::appendKey(std::string &key, const ValType &t, uint32_t groupStart,
                            uint32_t groupEnd) const {
  // References are keyed by what they denote, not by their encoding: the
  // abbreviation `anyref` and `(ref null any)` are one type.
  if (!t.isRef() || t.isPacked()) {
    key.push_back(char(t.code));
    return;
  }
  key.push_back(char(t.nullable() ? tc::RefNull : tc::Ref));
  const HeapType h = t.heapType();
  key.push_back(char(h.exact | (h.shared << 1)));
  if (h.kind == HeapType::Abstract) {
    key.push_back('A');
    key.push_back(char(h.value));
  } else if (h.value >= groupStart && h.value < groupEnd) {
    key.push_back('L');
    appendU32(key, h.value - groupStart);
  } else {
    key.push_back('C');
    appendU32(key, h.value < size() ? canon(h.value) : None);
  }
}

llvm::Error TypeContext::checkHeapType(const HeapType &h, uint64_t offset, const Features &f,
                                       uint32_t limit) const {
  if (limit == None)
    limit = size();
  if (h.kind == HeapType::Index) {
    if (h.value >= limit)
      return makeError(offset, "unknown type " + llvm::Twine(h.value) + ": type index out of bounds");
    if (!f.has(Feature::FunctionReferences))
      return makeError(offset, "function references support is not enabled");
    if (h.exact && !f.has(Feature::CustomDescriptors))
      return makeError(offset, "custom descriptors support is not enabled");
    return llvm::Error::success();
  }
  if (h.shared && !f.has(Feature::SharedEverythingThreads))
    return makeError(offset, "shared reference types require the shared-everything-threads proposal");
  // Without gc-types (an embedder's switch, not a proposal) only funcref and
  // exnref stay: they need no collector.
  if (h.value != tc::Func && h.value != tc::Exn && !f.has(Feature::GcTypes))
    return makeError(offset, "gc types are disallowed but found type which requires gc");
  switch (h.value) {
  case tc::Func: case tc::Extern:
    return llvm::Error::success();
  case tc::Exn: case tc::NoExn:
    if (!f.has(Feature::Exceptions))
      return makeError(offset, "exceptions support is not enabled");
    return llvm::Error::success();
  case tc::Cont: case tc::NoCont:
    if (!f.has(Feature::StackSwitching))
      return makeError(offset, "continuation refs not supported without the stack switching feature");
    return llvm::Error::success();
  default:
    if (!f.has(Feature::Gc))
      return makeError(offset, "heap types not supported without the gc feature");
    return llvm::Error::success();
  }
}

llvm::Error TypeContext::checkValType(const ValType &t, uint64_t offset, const Features &f,
                                      uint32_t limit) const {
  if (t.code == tc::V128 && !f.has(Feature::Simd))
    return makeError(offset, "SIMD support is not enabled");
  if ((t.code == tc::F32 || t.code == tc::F64) && !f.has(Feature::Floats))
    return makeError(offset, notEnabled(Feature::Floats));
  if (!t.isRef() || t.isPacked())
    return llvm::Error::success();
  if (!f.has(Feature::ReferenceTypes))
    return makeError(offset, "reference types support is not enabled");
  if ((t.code == tc::Ref || t.code == tc::RefNull) && !f.has(Feature::FunctionReferences) &&
      !(t.code == tc::RefNull && t.heap.kind == HeapType::Abstract &&
        (t.heap.value == tc::Func || t.heap.value == tc::Extern)))
    return makeError(offset, "function references required for non-nullable or concrete types");
  return checkHeapType(t.heapType(), offset, f, limit);
}

llvm::Error TypeContext::checkDescriptors(const RecGroup &g, uint32_t start, uint32_t i,
                                          uint64_t offset) const {
  // Custom descriptors: a described struct and its descriptor struct name each
  // other, inside one rec group, the described one first.
  const SubType &s = g.types[i];
  uint32_t self = start + i, end = start + uint32_t(g.types.size());
  if (s.descriptor) {
    uint32_t d = *s.descriptor;
    if (d < start || d >= end)
      return makeError(offset, "descriptor type is outside rec group");
    if (s.composite.kind != tc::StructType)
      return makeError(offset, "described type must be a struct");
    const SubType &dt = g.types[d - start];
    if (dt.composite.kind != tc::StructType)
      return makeError(offset, "descriptor type must be a struct");
    if (!dt.describes || *dt.describes != self)
      return makeError(offset, "type is not described by its descriptor");
  }
  if (s.describes) {
    uint32_t z = *s.describes;
    if (z < start || z >= end)
      return makeError(offset, "described type is outside rec group");
    if (z >= self)
      return makeError(offset, "forward use of described type");
    if (s.composite.kind != tc::StructType)
      return makeError(offset, "descriptor type must be a struct");
    const SubType &zt = g.types[z - start];
    if (zt.composite.kind != tc::StructType)
      return makeError(offset, "described type must be a struct");
    if (!zt.descriptor || *zt.descriptor != self)
      return makeError(offset, "described type is not described by descriptor");
  }
  return llvm::Error::success();
}

llvm::Error TypeContext::checkGroupType(const RecGroup &g, uint32_t start, uint32_t i,
                                        uint64_t offset, const Features &f) const {
  uint32_t end = start + uint32_t(g.types.size());
  const SubType &s = g.types[i];
  const CompositeType &c = s.composite;
  uint32_t self = start + i;
  if (s.form && !f.has(Feature::Gc))
    return makeError(offset, "gc proposal must be enabled to use subtypes");
  if ((c.kind == tc::StructType || c.kind == tc::ArrayType) && !f.has(Feature::Gc))
    return makeError(offset, llvm::Twine(c.kind == tc::StructType ? "struct" : "array") +
                                 " indexed types not supported without the gc feature");
  if (c.kind == tc::ContType && !f.has(Feature::StackSwitching))
    return makeError(offset, "cannot define continuation types when stack switching is disabled");
  if (c.kind == tc::ContType && !f.has(Feature::GcTypes))
    return makeError(offset, "cannot define continuation types when gc types are disabled");
  if (c.kind == tc::ContType) {
    // `cont $ft` wraps a function type, defined before or in this group.
    if (c.contType >= end)
      return makeError(offset, "unknown type " + llvm::Twine(c.contType) +
                                   ": type index out of bounds");
    const CompositeType &ft =
        c.contType < start ? composite(c.contType) : g.types[c.contType - start].composite;
    if (ft.kind != tc::FuncType)
      return makeError(offset, "non-function type " + llvm::Twine(c.contType));
  }
  if ((c.kind == tc::StructType || c.kind == tc::ArrayType) && !f.has(Feature::GcTypes))
    return makeError(offset, llvm::Twine("cannot define ") +
                                 (c.kind == tc::StructType ? "struct" : "array") +
                                 " types when gc types are disabled");
  if ((s.describes || s.descriptor) && !f.has(Feature::CustomDescriptors))
    return makeError(offset, "custom descriptors support is not enabled");
  if (c.kind == tc::FuncType && c.results.size() > 1 && !f.has(Feature::MultiValue))
    return makeError(offset, "func type returns multiple values but the multi-value feature is not enabled");
  if (c.shared && !f.has(Feature::SharedEverythingThreads))
    return makeError(offset, "shared composite types require the shared-everything-threads proposal");
  // A shared composite type holds only shared values (numbers are shared);
  // types of this group are not interned yet, so look them up in it.
  auto isShared = [&](const ValType &t) {
    if (!t.isRef() || t.isPacked())
      return true;
    HeapType h = t.heapType();
    if (h.kind == HeapType::Index && h.value >= start && h.value < end)
      return g.types[h.value - start].composite.shared;
    return sharedOf(h);
  };
  auto check = [&](const ValType &t) -> llvm::Error {
    WCOMP_CHECK(checkValType(t, offset, f, end));
    if (c.shared && !isShared(t))
      return makeError(offset, "shared composite type must contain shared types");
    return llvm::Error::success();
  };
  for (const ValType &t : c.params)
    WCOMP_CHECK(check(t));
  for (const ValType &t : c.results)
    WCOMP_CHECK(check(t));
  for (const auto &fld : c.fields)
    WCOMP_CHECK(check(fld.storage));
  for (uint32_t sup : s.supertypes)
    if (sup >= self)
      return makeError(offset, "supertype " + llvm::Twine(sup) + " of type " + llvm::Twine(self) +
                                   " must be defined before it");
  WCOMP_CHECK(checkDescriptors(g, start, i, offset));
  return llvm::Error::success();
}

std::string TypeContext::groupKey(const RecGroup &g, uint32_t start, uint32_t end) const {
  std::string key;
  for (const SubType &s : g.types) {
    key.push_back(char(s.isFinal()));
    key.push_back(char(s.composite.kind));
    key.push_back(char(s.composite.shared));
    for (uint32_t sup : s.supertypes)
      appendKey(key, ValType::ref(false, HeapType::index(sup)), start, end);
    key.push_back('|');
    for (const auto &opt : {s.describes, s.descriptor}) {
      if (opt)
        appendKey(key, ValType::ref(false, HeapType::index(*opt)), start, end);
      key.push_back('|');
    }
    const CompositeType &c = s.composite;
    appendU32(key, uint32_t(c.params.size()));
    for (const ValType &t : c.params)
      appendKey(key, t, start, end);
    appendU32(key, uint32_t(c.results.size()));
    for (const ValType &t : c.results)
      appendKey(key, t, start, end);
    appendU32(key, uint32_t(c.fields.size()));
    for (const auto &fld : c.fields) {
      appendKey(key, fld.storage, start, end);
      key.push_back(char(fld.mut));
    }
    if (c.kind == tc::ContType)
      appendKey(key, ValType::ref(false, HeapType::index(c.contType)), start, end);
  }
  return key;
}

llvm::Error TypeContext::checkSupertypes(const RecGroup &g, uint32_t start,
                                         uint64_t offset) const {
  for (uint32_t i = 0; i < g.types.size(); ++i) {
    const SubType &s = g.types[i];
    for (uint32_t sup : s.supertypes) {
      const SubType &superType = type(sup);
      if (superType.isFinal())
        return makeError(offset, "sub type " + llvm::Twine(start + i) + " cannot have a final super type " +
                                     llvm::Twine(sup));
      // A described supertype needs a described subtype; descriptors and
      // non-descriptors do not mix across subtyping.
      bool descriptorsMatch = (!superType.descriptor || s.descriptor) &&
                              bool(superType.describes) == bool(s.describes);
      if (!descriptorsMatch || !compositeMatches(s.composite, superType.composite))
        return makeError(offset, "sub type " + llvm::Twine(start + i) +
                                     " does not match super type " + llvm::Twine(sup));
      if (s.descriptor && superType.descriptor &&
          !heapMatches(HeapType::index(*s.descriptor), HeapType::index(*superType.descriptor)))
        return makeError(offset, "descriptor type " + llvm::Twine(*s.descriptor) + " does not match");
      if (s.describes && superType.describes &&
          !heapMatches(HeapType::index(*s.describes), HeapType::index(*superType.describes)))
        return makeError(offset, "described type " + llvm::Twine(*s.describes) + " does not match");
    }
  }
  return llvm::Error::success();
}

llvm::Error TypeContext::addRecGroup(const RecGroup &g, uint64_t offset, const Features &f) {
  uint32_t start = size();
  uint32_t end = start + uint32_t(g.types.size());
  if (g.explicitRec && !f.has(Feature::Gc))
    return makeError(offset, "rec group usage requires `gc` proposal to be enabled");
  if (end > limits::Types)
    return makeError(offset, "types count is out of bounds");
  // Structural checks that need only the group itself.
  for (uint32_t i = 0; i < g.types.size(); ++i)
    WCOMP_CHECK(checkGroupType(g, start, i, offset, f));
  // Intern the group.
  std::string key = groupKey(g, start, end);
  auto [it, inserted] = groups.try_emplace(key, uint32_t(canonSuper.size()));
  uint32_t base = it->second;
  for (uint32_t i = 0; i < g.types.size(); ++i) {
    owned.push_back(g.types[i]);
    canonIds.push_back(base + i);
  }
  if (!inserted)
    return llvm::Error::success();
  for (uint32_t i = 0; i < g.types.size(); ++i) {
    const SubType &s = g.types[i];
    canonSuper.push_back(s.supertypes.empty() ? None : canon(s.supertypes[0]));
    unsigned depth = canonSuper.back() == None ? 0 : canonDepth[canonSuper.back()] + 1u;
    if (depth > limits::SubtypingDepth)
      return makeError(offset, "sub type hierarchy too deep: found depth " + llvm::Twine(depth) +
                                   ", cannot exceed depth " + llvm::Twine(limits::SubtypingDepth));
    canonDepth.push_back(uint8_t(depth));
  }
  // Subtype declarations must match their supertype.
  return checkSupertypes(g, start, offset);
}

std::string TypeContext::heapName(const HeapType &h) {
  if (h.kind == HeapType::Index)
    return (h.exact ? "(exact " + std::to_string(h.value) + ")" : std::to_string(h.value));
  if (h.shared) {
    HeapType unshared = h;
    unshared.shared = false;
    return "(shared " + heapName(unshared) + ")";
  }
  switch (h.value) {
  case tc::Func: return "func";
  case tc::Extern: return "extern";
  case tc::Any: return "any";
  case tc::Eq: return "eq";
  case tc::I31: return "i31";
  case tc::Struct: return "struct";
  case tc::Array: return "array";
  case tc::Exn: return "exn";
  case tc::Cont: return "cont";
  case tc::NoFunc: return "nofunc";
  case tc::NoExtern: return "noextern";
  case tc::None: return "none";
  case tc::NoExn: return "noexn";
  case tc::NoCont: return "nocont";
  }
  return "?";
}

std::string TypeContext::name(const ValType &t) {
  switch (t.code) {
  case tc::I32: return "i32";
  case tc::I64: return "i64";
  case tc::F32: return "f32";
  case tc::F64: return "f64";
  case tc::V128: return "v128";
  case tc::I8: return "i8";
  case tc::I16: return "i16";
  }
  HeapType h = t.heapType();
  if (t.nullable() && h.kind == HeapType::Abstract && !h.shared)
    return heapName(h) + "ref";
  return std::string("(ref ") + (t.nullable() ? "null " : "") + heapName(h) + ")";
}

} // namespace wcomp::validate
