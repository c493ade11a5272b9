//===- validate/component_display.cpp - Component types as text ------------===//
//
// A WIT-like rendering of interned types for messages and for tools that
// list a component's imports and exports. Types are DAGs that can expand
// exponentially when written out, so output stops at a byte budget.
//
//===----------------------------------------------------------------------===//
#include "binary/component.h"
#include "validate/component_types.h"

namespace wcomp::validate {

using namespace binary;

namespace {

class Printer {
public:
  Printer(const CTypes &types, size_t limit, CTypeId context) : types(types), limit(limit) {
    if (context < types.size()) {
      nameTypes(types[context].imports);
      nameTypes(types[context].exports);
    }
  }

  std::string out;

  bool full() {
    if (out.size() <= limit)
      return false;
    if (!truncated) {
      out += "...";
      truncated = true;
      end = out.size();
    }
    return true;
  }

  /// The text, ending at the `...` once shortened.
  std::string take() {
    if (truncated)
      out.resize(end);
    return std::move(out);
  }

  void val(CVal v) {
    if (full())
      return;
    if (v.prim || v.id >= types.size()) {
      out += primValTypeName(v.prim).str();
      return;
    }
    if (auto it = names.find(v.name); v.name && it != names.end()) {
      out += it->second;
      return;
    }
    type(v.id);
  }

  void optVal(const std::optional<CVal> &v, const char *none) {
    if (v)
      val(*v);
    else
      out += none;
  }

  void labels(const char *kw, const std::vector<std::string> &ls) {
    out += kw;
    out += " { ";
    for (size_t i = 0; i < ls.size() && !full(); ++i)
      out += (i ? ", " : "") + ls[i];
    out += " }";
  }

  void type(CTypeId id) {
    if (full())
      return;
    const CTypeNode &n = types[id];
    switch (n.kind) {
    case CTypeNode::Resource: out += "resource"; return;
    case CTypeNode::Module: out += "core module"; return;
    case CTypeNode::Func: func(n); return;
    case CTypeNode::Instance:
      nameTypes(n.exports);
      out += "instance {";
      externs(n.exports, "");
      out += " }";
      return;
    case CTypeNode::Component:
      nameTypes(n.imports);
      nameTypes(n.exports);
      out += "component {";
      externs(n.imports, "import ");
      externs(n.exports, "export ");
      out += " }";
      return;
    case CTypeNode::Defined: defined(n); return;
    }
  }

  void func(const CTypeNode &n) {
    out += n.async ? "async func(" : "func(";
    for (size_t i = 0; i < n.named.size() && !full(); ++i) {
      out += (i ? ", " : "") + n.named[i].first + ": ";
      val(n.named[i].second);
    }
    out += ")";
    if (n.a) {
      out += " -> ";
      val(*n.a);
    }
  }

  /// Types exported or imported by name are written by that name where
  /// other items use them.
  void nameTypes(const std::vector<std::pair<std::string, CExtern>> &list) {
    for (auto &[name, e] : list)
      if (e.kind == externkind::Type && e.name)
        names.try_emplace(e.name, name);
  }

  void externs(const std::vector<std::pair<std::string, CExtern>> &list, const char *prefix) {
    for (auto &[name, e] : list) {
      if (full())
        return;
      out += " ";
      out += prefix;
      out += name + ": ";
      ext(e);
      out += ";";
    }
  }

  void ext(const CExtern &e) {
    switch (e.kind) {
    case externkind::Value: out += "value "; val(e.val); return;
    case externkind::Type:
      out += "type ";
      if (e.type < types.size() && types[e.type].kind == CTypeNode::Resource)
        out += "resource";
      else if (e.type < types.size())
        type(e.type);
      return;
    default:
      if (e.type < types.size())
        type(e.type);
      return;
    }
  }

  void defined(const CTypeNode &n) {
    switch (n.code) {
    case dvt::Record:
      out += "record { ";
      for (size_t i = 0; i < n.named.size() && !full(); ++i) {
        out += (i ? ", " : "") + n.named[i].first + ": ";
        val(n.named[i].second);
      }
      out += " }";
      return;
    case dvt::Variant:
      out += "variant { ";
      for (size_t i = 0; i < n.cases.size() && !full(); ++i) {
        out += (i ? ", " : "") + n.cases[i].first;
        if (n.cases[i].second) {
          out += "(";
          val(*n.cases[i].second);
          out += ")";
        }
      }
      out += " }";
      return;
    case dvt::Enum: labels("enum", n.labels); return;
    case dvt::Flags: labels("flags", n.labels); return;
    case dvt::Tuple:
      out += "tuple<";
      for (size_t i = 0; i < n.vals.size() && !full(); ++i) {
        out += i ? ", " : "";
        val(n.vals[i]);
      }
      out += ">";
      return;
    case dvt::Result:
      out += "result";
      if (n.a || n.b) {
        out += "<";
        optVal(n.a, "_");
        if (n.b) {
          out += ", ";
          val(*n.b);
        }
        out += ">";
      }
      return;
    case dvt::Own: case dvt::Borrow: {
      auto it = names.find(n.resourceName);
      out += n.code == dvt::Own ? "own<" : "borrow<";
      out += n.resourceName && it != names.end() ? it->second : "resource";
      out += ">";
      return;
    }
    case dvt::FixedList:
      out += "list<";
      optVal(n.a, "_");
      out += ", " + std::to_string(n.length) + ">";
      return;
    case dvt::Map:
      out += "map<";
      optVal(n.a, "_");
      out += ", ";
      optVal(n.b, "_");
      out += ">";
      return;
    case dvt::List: case dvt::Option: case dvt::Stream: case dvt::Future: {
      static const std::pair<uint8_t, const char *> names[] = {
          {dvt::List, "list"}, {dvt::Option, "option"}, {dvt::Stream, "stream"},
          {dvt::Future, "future"}};
      for (auto &[code, name] : names)
        if (code == n.code)
          out += name;
      if (n.a) {
        out += "<";
        val(*n.a);
        out += ">";
      }
      return;
    }
    default:
      out += primValTypeName(n.code).str();
    }
  }

private:
  const CTypes &types;
  size_t limit;
  bool truncated = false;
  size_t end = 0;
  llvm::DenseMap<NameTag, std::string> names;
};

} // namespace

std::string CTypes::display(const CExtern &e, CTypeId context, size_t limit) const {
  Printer p(*this, limit, context);
  p.ext(e);
  return p.take();
}

std::string CTypes::display(CVal v, CTypeId context, size_t limit) const {
  Printer p(*this, limit, context);
  p.val(v);
  return p.take();
}

} // namespace wcomp::validate
