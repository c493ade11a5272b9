// cm-gc (Explainer.md's 🛸 `gc` and `core-type` options): a lowering passes
// component values as core GC values of the declared core function type.
// Each component value type must map to its core counterpart: small
// integers to i32 (i8/i16 as struct fields and array elements), records and
// tuples to structs of as many fields, variants, options and results to an
// empty struct, lists to arrays, strings to arrays of i8 (i16 with utf16),
// handles, streams, futures and error contexts to externref. The rules and
// messages are wasmparser 1.262's. The walk uses an explicit worklist: type
// nesting is the input's to choose.
#include "validate/component_checker.h"

#include "binary/error.h"
#include "validate/type_context.h"

namespace wcomp::validate::detail {

using namespace binary;
namespace tc = binary::typecode;

namespace {
/// A core place a component value goes to: a parameter or result (a value
/// type), or a struct field or array element (a storage type, maybe packed).
struct CorePlace {
  ValType type;
  bool field = false;
};

std::string placeName(const CorePlace &p) { return TypeContext::name(p.type); }

const char *primName(uint8_t p) {
  static const char *names[] = {"string", "char", "f64", "f32", "u64", "s64", "u32",
                                "s32",    "u16",  "s16", "u8",  "s8",  "bool"};
  if (p >= 0x73 && p <= 0x7f)
    return names[p - 0x73];
  return "error-context";
}
} // namespace

namespace {
/// checkGcLowering's walk: each component value type against the core
/// place it goes to, with an explicit worklist.
class GcLowering {
public:
  GcLowering(const Scope &sc, const CTypes &types, const CanonOptions &o, uint64_t at)
      : sc(sc), types(types), o(o), at(at) {}

  /// Queues `val` to be checked against `place`.
  void add(CVal val, CorePlace place) { work.push_back({val, place}); }

  /// Checks what is queued and everything inside it (last queued first).
  llvm::Error run() {
    while (!work.empty()) {
      auto [v, p] = work.back();
      work.pop_back();
      uint8_t prim = v.prim;
      const CTypeNode *node = prim ? nullptr : &types[v.id];
      if (node && node->code >= primtype::String)
        prim = node->code; // a defined type that is a primitive
      if (prim || (node && node->code == dvt::ErrorContext))
        WCOMP_CHECK(primitive(prim ? prim : uint8_t(dvt::ErrorContext), p));
      else
        WCOMP_CHECK(defined(*node, p));
    }
    return llvm::Error::success();
  }

private:
  /// The composite type a concrete reference names, if it is defined here.
  const CompositeType *concrete(const CorePlace &p) const {
    if (!p.type.isRef() || p.type.isPacked())
      return nullptr;
    HeapType h = p.type.heapType();
    if (h.kind != HeapType::Index || h.value >= sc.coreTypes.size() || !sc.coreTypes[h.value].sub)
      return nullptr;
    return &sc.coreTypes[h.value].sub->composite;
  }
  static bool isExtern(const CorePlace &p) {
    if (!p.type.isRef() || p.type.isPacked())
      return false;
    HeapType h = p.type.heapType();
    return h.kind == HeapType::Abstract && h.value == tc::Extern;
  }
  llvm::Error mismatch(llvm::StringRef what, llvm::StringRef expected, const CorePlace &p) const {
    return makeError(at, "expected to lower component `" + what + "` type " + expected +
                             ", but found `" + placeName(p) + "`");
  }

  /// A primitive (or error-context) to its core number, packed field,
  /// string array or externref.
  llvm::Error primitive(uint8_t prim, const CorePlace &place) const {
    uint8_t c = place.type.code;
    auto expect = [&](const char *core) {
      return makeError(at, llvm::Twine("expected to lower component `") + primName(prim) +
                               "` type to core `" + core + "` type, found `" + placeName(place) + "`");
    };
    switch (prim) {
    case primtype::Bool: case primtype::S8: case primtype::U8: // bool, s8, u8
      if (place.field ? c != tc::I8 : c != tc::I32)
        return expect(place.field ? "i8" : "i32");
      return llvm::Error::success();
    case primtype::S16: case primtype::U16: // s16, u16
      if (place.field ? c != tc::I16 : c != tc::I32)
        return expect(place.field ? "i16" : "i32");
      return llvm::Error::success();
    case primtype::S32: case primtype::U32: case primtype::Char: // s32, u32, char
      if (c != tc::I32)
        return expect("i32");
      return llvm::Error::success();
    case primtype::S64: case primtype::U64:
      if (c != tc::I64)
        return expect("i64");
      return llvm::Error::success();
    case primtype::F32:
      if (c != tc::F32)
        return expect("f32");
      return llvm::Error::success();
    case primtype::F64:
      if (c != tc::F64)
        return expect("f64");
      return llvm::Error::success();
    case primtype::String: { // string
      const CompositeType *arr = concrete(place);
      uint8_t elem = o.encoding == 1 ? tc::I16 : tc::I8;
      if (!arr || arr->kind != tc::ArrayType || arr->fields[0].storage.code != elem)
        return expect(o.encoding == 1 ? "(ref null? (array (mut? i16)))"
                                      : "(ref null? (array (mut? i8)))");
      return llvm::Error::success();
    }
    default: // error-context
      if (!isExtern(place))
        return makeError(at, "expected to lower component `error-context` type into core "
                             "`(ref null? extern)` type, but found `" + placeName(place) + "`");
      return llvm::Error::success();
    }
    return llvm::Error::success();
  }

  /// A defined value type to its struct, array, i32 or externref; what it
  /// holds is queued.
  llvm::Error defined(const CTypeNode &def, const CorePlace &place) {
    const CTypeNode *node = &def;
    switch (node->code) {
    case dvt::Record: case dvt::Tuple: {
      const char *what = node->code == dvt::Record ? "record" : "tuple";
      const CompositeType *s = concrete(place);
      if (!s || s->kind != tc::StructType)
        return mismatch(what, "to core `(ref null? (struct ...))`", place);
      size_t n = node->code == dvt::Record ? node->named.size() : node->vals.size();
      if (s->fields.size() != n)
        return makeError(at, "core `struct` has " + llvm::Twine(s->fields.size()) +
                                 " fields, but component `" + what + "` has " + llvm::Twine(n) +
                                 " fields");
      // Pushed in reverse so fields are checked in order.
      for (size_t i = n; i-- > 0;)
        work.push_back({node->code == dvt::Record ? node->named[i].second : node->vals[i],
                        {s->fields[i].storage, true}});
      break;
    }
    case dvt::Variant: case dvt::Option: case dvt::Result: {
      const char *what = node->code == dvt::Variant ? "variant"
                         : node->code == dvt::Option ? "option"
                                                     : "result";
      const CompositeType *s = concrete(place);
      if (!s || s->kind != tc::StructType || !s->fields.empty())
        return mismatch(what, "to core `(ref null? (struct))`", place);
      break;
    }
    case dvt::List: case dvt::FixedList: {
      const CompositeType *a = concrete(place);
      if (!a || a->kind != tc::ArrayType)
        return mismatch("list", "into `(ref null? (array ...))`", place);
      work.push_back({*node->a, {a->fields[0].storage, true}});
      break;
    }
    case dvt::Map:
      return makeError(at, "GC lowering for component `map` type is not yet implemented");
    case dvt::Flags: case dvt::Enum:
      if (place.type.code != tc::I32)
        return mismatch(node->code == dvt::Flags ? "flags" : "enum", "into core `i32` type", place);
      break;
    default: { // own, borrow, stream, future
      const char *what = node->code == dvt::Own      ? "own"
                         : node->code == dvt::Borrow ? "borrow"
                         : node->code == dvt::Stream ? "stream"
                                                     : "future";
      if (!isExtern(place))
        return mismatch(what, "into core `(ref null? extern)` type", place);
      break;
    }
    }
    return llvm::Error::success();
  }

  const Scope &sc;
  const CTypes &types;
  const CanonOptions &o;
  uint64_t at;
  std::vector<std::pair<CVal, CorePlace>> work;
};
} // namespace

llvm::Error Checker::checkGcLowering(CTypeId func, uint32_t coreTypeIndex, const CanonOptions &o,
                                     uint64_t at) const {
  const Scope &sc = cur();
  const SubType *declared = sc.coreTypes[coreTypeIndex].sub;
  // A type aliased from an outer scope keeps its indices there: not followed.
  if (!declared || declared->composite.kind != tc::FuncType)
    return llvm::Error::success();
  const CTypeNode &ft = types[func];
  const CompositeType &core = declared->composite;
  if (core.params.size() != ft.named.size())
    return makeError(at, "declared `core-type` has " + llvm::Twine(core.params.size()) +
                             " parameters, but component function has " +
                             llvm::Twine(ft.named.size()) + " parameters");
  size_t compResults = ft.a ? 1 : 0;
  if (core.results.size() != compResults)
    return makeError(at, "declared `core-type` has " + llvm::Twine(core.results.size()) +
                             " results, but component function has " + llvm::Twine(compResults) +
                             " results");

  GcLowering walk(sc, types, o, at);
  for (size_t i = 0; i < core.params.size(); ++i)
    walk.add(ft.named[i].second, {core.params[i], false});
  if (ft.a)
    walk.add(*ft.a, {core.results[0], false});
  return walk.run();
}

} // namespace wcomp::validate::detail
