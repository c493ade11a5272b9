//===- adapt/bundled.h - The Preview 1 adapters wcomp carries ----*- C++ -*-===//
//
// Three adapters written here (adapt/preview1/, C compiled to wasm32) are
// built into wcomp, so `wcomp adapt` needs no adapter file: command (exports
// wasi:cli/run, calling `_start`), reactor (a library's imports) and proxy
// (stdio, clocks, random; no filesystem, environment or exit: what the
// wasi:http/proxy world allows).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace wcomp::adapt {

/// Which bundled adapter.
enum class AdapterKind { Command, Reactor, Proxy };

/// `command`, `reactor` or `proxy`; nullopt for anything else.
std::optional<AdapterKind> parseAdapterKind(llvm::StringRef s);

/// The WASI version the bundled adapters import as built (the earliest 0.2
/// release, so that every 0.2 host has what they import).
constexpr llvm::StringRef BundledWasiVersion = "0.2.0";

/// The adapter as built into wcomp (importing WASI BundledWasiVersion).
llvm::ArrayRef<uint8_t> bundledAdapterBytes(AdapterKind k);

/// The adapter importing WASI `version` instead (`0.2.N`; later 0.2 releases
/// only add functions, so what 0.2.0 has is in each): import and export names
/// and the world in its `component-type` section renamed.
llvm::Expected<std::vector<uint8_t>> bundledAdapter(AdapterKind k, llvm::StringRef version);

} // namespace wcomp::adapt
