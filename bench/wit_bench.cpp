//===- bench/wit_bench.cpp - WIT in-process timings -----------------------===//
// Usage: wcomp_wit_bench [--component=FILE] [--wit=PATH]... [benchmark flags]
// Times, without process start-up: the WIT of a component (validate, decode,
// print — what `wcomp wit FILE` does) and loading, resolving and printing
// WIT sources (a file or a folder with deps/, as `wcomp wit --deps PATH`).
#include "binary/io.h"
#include "validate/component_validator.h"
#include "wit/decode.h"
#include "wit/loader.h"
#include "wit/printer.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>

namespace {

void witOfComponent(benchmark::State &state, std::string path) {
  auto buf = wcomp::binary::loadFile(path);
  if (!buf) {
    state.SkipWithError(wcomp::binary::errorText(buf.takeError()).c_str());
    return;
  }
  llvm::ArrayRef<uint8_t> bytes = wcomp::binary::bytesOf(**buf);
  wcomp::validate::ValidateOptions opts;
  opts.features = wcomp::validate::Features::all();
  size_t printed = 0;
  for (auto _ : state) {
    auto info = wcomp::validate::validateComponent(bytes, opts);
    if (!info) {
      state.SkipWithError(wcomp::binary::errorText(info.takeError()).c_str());
      return;
    }
    wcomp::wit::Resolve r;
    auto loaded = wcomp::wit::decodeComponent(r, *info, bytes);
    if (!loaded) {
      state.SkipWithError(wcomp::binary::errorText(loaded.takeError()).c_str());
      return;
    }
    printed = wcomp::wit::printWit(r, loaded->root, {}).size();
    benchmark::DoNotOptimize(printed);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}

void witOfSources(benchmark::State &state, std::string path) {
  size_t printed = 0;
  for (auto _ : state) {
    wcomp::wit::Resolve r;
    wcomp::wit::SourceMap sm;
    auto loaded = wcomp::wit::loadWit(r, sm, path);
    if (!loaded) {
      state.SkipWithError(sm.render(loaded.takeError()).c_str());
      return;
    }
    printed = wcomp::wit::printWit(r, loaded->root, loaded->others).size();
    benchmark::DoNotOptimize(printed);
  }
  state.counters["printed_bytes"] = double(printed);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--component=", 12) == 0)
      benchmark::RegisterBenchmark(("wit_of_component/" + std::string(argv[i] + 12)).c_str(),
                                   witOfComponent, std::string(argv[i] + 12))
          ->Unit(benchmark::kMillisecond);
    else if (std::strncmp(argv[i], "--wit=", 6) == 0)
      benchmark::RegisterBenchmark(("wit_sources/" + std::string(argv[i] + 6)).c_str(),
                                   witOfSources, std::string(argv[i] + 6))
          ->Unit(benchmark::kMillisecond);
    else
      rest.push_back(argv[i]);
  }
  int n = int(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
