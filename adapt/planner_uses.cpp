//===- adapt/planner_uses.cpp - What provides each core import -----------===//
//
// The import side of `new`'s planning: each core import of the main module
// or an adapter resolved to a world item, an adapter's or the main module's
// export, or a canonical built-in (resources, the async ABI, streams and
// futures, threads), by wit-component's legacy names or BuildTargets.md's.
//
//===----------------------------------------------------------------------===//
#include "adapt/planner.h"

namespace wcomp::adapt::detail {

/// wasm-ld's accessors of the stack pointer and TLS base (`env`):
/// context slots, as wit-component maps them. Nullopt for other imports.
std::optional<bool> Planner::wasmLdAccessor(Use &u, const binary::Import &imp,
                                            std::string &why) {
  llvm::StringRef mod = imp.module, field = imp.name;
  // wasm-ld's stack pointer accessors (`-mllvm -wasm-use-context-stack`
  // style builds): context slot 0, through `context.get`/`context.set` of
  // the pointer's type, as wit-component maps them.
  if (mod == "env" && (field == "__wasm_get_stack_pointer" || field == "__wasm_set_stack_pointer")) {
    const binary::CompositeType *t = funcType(p.units[u.unit].m, imp.index);
    bool get = field == "__wasm_get_stack_pointer";
    if (!t || (get ? t->params.size() != 0 || t->results.size() != 1
                   : t->params.size() != 1 || !t->results.empty())) {
      why = get ? "expected the type `[] -> [i32]` (or i64)" : "expected the type `[i32] -> []`";
      return false;
    }
    u.kind = get ? Use::ContextGet : Use::ContextSet;
    u.slotType = get ? t->results[0] : t->params[0];
    return true;
  }
  // wasm-ld's TLS base accessors: context slot 1 or a global of the shim
  // module, decided once every import is known (placeTlsBase).
  if (mod == "env" && (field == "__wasm_get_tls_base" || field == "__wasm_set_tls_base")) {
    const binary::CompositeType *t = funcType(p.units[u.unit].m, imp.index);
    bool get = field == "__wasm_get_tls_base";
    const binary::ValType *v = !t ? nullptr : get ? (t->params.empty() && t->results.size() == 1 ? &t->results[0] : nullptr)
                                                  : (t->params.size() == 1 && t->results.empty() ? &t->params[0] : nullptr);
    if (!v || (v->code != binary::typecode::I32 && v->code != binary::typecode::I64)) {
      why = get ? "expected the type `[] -> [i32]` (or i64)" : "expected the type `[i32] -> []` (or i64)";
      return false;
    }
    u.kind = get ? Use::ContextGet : Use::ContextSet;
    u.slotType = *v;
    u.contextSlot = 1;
    u.tlsBase = true;
    return true;
  }
  return std::nullopt;
}

/// `[task-return]f` under `[export]iface` or `[export]$root` (`target`
/// is `iface` or `$root`, `fname` is `f`): the task.return of an exported
/// function.
bool Planner::taskReturnUse(Use &u, llvm::StringRef target, llvm::StringRef fname,
                            std::string &why) {
  std::optional<size_t> es = target == "$root" ? exportSlot(fname) : exportSlot(target);
  const wit::Function *f = nullptr;
  if (es && target == "$root" && p.exports[*es].kind == ExportSlot::Function)
    f = p.exports[*es].func;
  else if (es && target != "$root" && p.exports[*es].kind == ExportSlot::Interface)
    f = findFunc(p.exports[*es].iface, fname);
  if (!f) {
    why = "the world exports no function " + quoted(fname) +
          (target == "$root" ? std::string() : " in interface " + quoted(target));
    return false;
  }
  u.kind = Use::TaskReturn;
  u.slot = *es;
  u.func = f;
  return true;
}

/// `[resource-new]r` (and rep, drop) of a resource an exported interface
/// `iface` defines (`[export]iface`, or `cm32p2|_ex_iface` `r_new`).
bool Planner::exportedResourceUse(Use &u, llvm::StringRef iface, llvm::StringRef field,
                                  bool standard, std::string &why) {
  llvm::StringRef mod = iface;
  auto es = exportSlot(mod);
  if (!es || p.exports[*es].kind != ExportSlot::Interface) {
    why = "the world exports no interface " + quoted(mod);
    return false;
  }
  llvm::StringRef name = field;
  auto resourceOp = [&](llvm::StringRef &n, llvm::StringRef legacy, llvm::StringRef suffix) {
    return standard ? n.consume_back(suffix) : n.consume_front(legacy);
  };
  if (resourceOp(name, "[resource-new]", "_new"))
    u.kind = Use::ExportedNew;
  else if (resourceOp(name, "[resource-rep]", "_rep"))
    u.kind = Use::ExportedRep;
  else if (resourceOp(name, "[resource-drop]", "_drop"))
    u.kind = Use::ExportedDrop;
  else {
    why = "not a resource function of an exported interface";
    return false;
  }
  wit::TypeId t = findType(p.exports[*es].iface, name);
  if (!t.valid() || p.r[p.r.dealias(t)].kind != wit::TypeDef::Resource) {
    why = "interface " + quoted(p.exports[*es].name) + " has no resource " + quoted(name);
    return false;
  }
  u.slot = *es;
  u.resource = name.str();
  return true;
}

/// Works out what provides one core function import; false (with `why`)
/// when nothing does.
bool Planner::resolveUse(Use &u, const binary::Import &imp, std::string &why) {
  llvm::StringRef mod = imp.module, field = imp.name;
  // Adapters, by the module name the main module imports them as.
  for (unsigned a = 1; a < p.units.size(); ++a)
    if (u.unit == 0 && p.units[a].name == mod) {
      if (!p.units[a].funcExports.count(field)) {
        why = "adapter " + quoted(p.units[a].name) + " does not export it";
        return false;
      }
      u.kind = Use::FromAdapter;
      u.from = a;
      u.exportName = field.str();
      return true;
    }
  if (std::optional<bool> ok = wasmLdAccessor(u, imp, why))
    return *ok;
  if (mod == "__main_module__" && u.unit != 0) {
    if (!p.units[0].funcExports.count(field) && field != "cabi_realloc") {
      why = "the main module does not export it";
      return false;
    }
    u.kind = Use::FromMain;
    u.exportName = field.str();
    return true;
  }
  bool standard = mod.consume_front("cm32p2|") || mod == "cm32p2";
  if (!standard && rejectLegacy && u.unit == 0) {
    why = "a legacy name, and --reject-legacy-names accepts `cm32p2` names only";
    return false;
  }
  auto resourceOp = [&](llvm::StringRef &name, llvm::StringRef legacy, llvm::StringRef suffix) {
    return standard ? name.consume_back(suffix) : name.consume_front(legacy);
  };
  // The async ABI's built-ins, under `$root` (wit-component's legacy names).
  if (!standard && (mod == "$root" || mod == "[export]$root") && asyncBuiltin(u, field))
    return true;
  if (!standard)
    if (std::optional<bool> ok = payloadBuiltin(u, mod, field, why))
      return *ok;
  // `[task-return]f` of an exported function.
  if (!standard && mod.starts_with("[export]") && field.starts_with("[task-return]"))
    return taskReturnUse(u, mod.drop_front(8), field.drop_front(13), why);
  // Resources of exported interfaces: `[export]iface` / `cm32p2|_ex_iface`.
  if ((!standard && mod.consume_front("[export]")) || (standard && mod.consume_front("_ex_")))
    return exportedResourceUse(u, mod, field, standard, why);
  // `[async-lower]f`: an async function lowered with the async ABI.
  if (!standard && field.consume_front("[async-lower]"))
    u.async = true;
  llvm::StringRef name = field;
  bool drop = resourceOp(name, "[resource-drop]", "_drop");
  if (mod == "$root" || (standard && mod == "cm32p2")) {
    auto it = importByName.find(name);
    if (it == importByName.end()) {
      why = "the world imports no function or type " + quoted(name);
      return false;
    }
    ImportSlot &s = p.imports[it->second];
    if (drop && s.kind == ImportSlot::Type && p.r[p.r.dealias(s.type)].kind == wit::TypeDef::Resource) {
      u.kind = Use::ImportedDrop;
      u.slot = it->second;
      u.resource = name.str();
      return true;
    }
    if (!drop && s.kind == ImportSlot::Function) {
      u.kind = Use::Lower;
      u.slot = it->second;
      u.func = s.func;
      return asyncLowerOk(u, why);
    }
    why = "the world imports no function or resource " + quoted(field);
    return false;
  }
  auto slot = importSlot(mod);
  if (!slot || p.imports[*slot].kind != ImportSlot::Interface) {
    why = "the world imports no interface " + quoted(mod);
    return false;
  }
  ImportSlot &s = p.imports[*slot];
  u.slot = *slot;
  if (drop) {
    wit::TypeId t = findType(s.iface, name);
    if (t.valid() && p.r[p.r.dealias(t)].kind == wit::TypeDef::Resource) {
      u.kind = Use::ImportedDrop;
      u.resource = name.str();
      return true;
    }
  }
  if (const wit::Function *f = findFunc(s.iface, field)) {
    u.kind = Use::Lower;
    u.func = f;
    return asyncLowerOk(u, why);
  }
  why = "interface " + quoted(s.name) + " has no function " + quoted(field);
  return false;
}

std::optional<bool> Planner::payloadBuiltin(Use &u, llvm::StringRef mod, llvm::StringRef field,
                                            std::string &why) {
  static const std::pair<const char *, uint8_t> ops[] = {
      {"new", canonop::StreamNew},
      {"read", canonop::StreamRead},
      {"write", canonop::StreamWrite},
      {"cancel-read", canonop::StreamCancelRead},
      {"cancel-write", canonop::StreamCancelWrite},
      {"drop-readable", canonop::StreamDropReadable},
      {"drop-writable", canonop::StreamDropWritable},
      {"forward", canonop::StreamForward}};
  bool async = field.consume_front("[async-lower]");
  bool stream = field.starts_with("[stream-");
  if (!stream && !field.starts_with("[future-"))
    return std::nullopt;
  llvm::StringRef rest = field.drop_front(stream ? 8 : 8); // "[stream-" / "[future-"
  uint8_t opcode = 0;
  for (auto &[name, code] : ops) {
    llvm::StringRef n(name);
    if (rest.starts_with(n) && rest.size() > n.size() && rest[n.size()] == '-') {
      opcode = code;
      rest = rest.drop_front(n.size() + 1);
      break;
    }
  }
  size_t close = rest.find(']');
  if (!opcode || close == llvm::StringRef::npos)
    return std::nullopt;
  if (!stream) // the future built-ins follow the stream ones, in the same order
    opcode = opcode == canonop::StreamForward
                 ? canonop::FutureForward
                 : uint8_t(opcode + (canonop::FutureNew - canonop::StreamNew));
  llvm::StringRef index = rest.take_front(close), fname = rest.drop_front(close + 1);
  if (index == "unit") {
    // `[stream-new-unit]` and friends: a stream or future without a
    // payload, of no function in particular.
    u.kind = Use::Payload;
    u.builtin = opcode;
    u.async = async;
    u.unitStream = stream;
    return true;
  }
  unsigned n;
  if (index.getAsInteger(10, n)) {
    why = "expected a type index or `unit` in " + quoted(field);
    return false;
  }
  // The function: imported (from `$root` or an interface) or exported.
  const wit::Function *f = nullptr;
  bool exported = mod.consume_front("[export]");
  if (exported) {
    std::optional<size_t> es = mod == "$root" ? exportSlot(fname) : exportSlot(mod);
    if (es && mod == "$root" && p.exports[*es].kind == ExportSlot::Function)
      f = p.exports[*es].func;
    else if (es && mod != "$root" && p.exports[*es].kind == ExportSlot::Interface)
      f = findFunc(p.exports[*es].iface, fname);
  } else if (mod == "$root") {
    auto it = importByName.find(fname);
    if (it != importByName.end() && p.imports[it->second].kind == ImportSlot::Function)
      f = p.imports[it->second].func;
  } else if (auto slot = importSlot(mod); slot && p.imports[*slot].kind == ImportSlot::Interface) {
    f = findFunc(p.imports[*slot].iface, fname);
    u.slot = *slot;
  }
  if (!f) {
    why = "no world function " + quoted(fname) + " for " + quoted(field);
    return false;
  }
  std::vector<wit::TypeId> found = futuresAndStreams(p.r, *f);
  if (n >= found.size() ||
      p.r[found[n]].kind != (stream ? wit::TypeDef::Stream : wit::TypeDef::Future)) {
    why = "function " + quoted(fname) + " has no " + (stream ? "stream" : "future") + " type " +
          std::to_string(n);
    return false;
  }
  u.kind = Use::Payload;
  u.builtin = opcode;
  u.async = async;
  u.payload = found[n];
  u.func = f;
  return true;
}


} // namespace wcomp::adapt::detail
