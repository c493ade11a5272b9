//===- bench/adapt_bench.cpp - `wcomp adapt` in process --------------------===//
// Usage: wcomp_adapt_bench --adapter=FILE --module=FILE... [benchmark flags]
// Times componentNew on each module with the given Preview 1 adapter as
// `wasi_snapshot_preview1`, validation of the result included: what
// `wcomp adapt` does once its files are mapped.
#include "adapt/new.h"
#include "binary/io.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>

namespace {

std::unique_ptr<llvm::MemoryBuffer> adapterBuffer;

void adaptModule(benchmark::State &state, std::string path) {
  auto buf = wcomp::binary::loadFile(path);
  if (!buf) {
    state.SkipWithError(wcomp::binary::errorText(buf.takeError()).c_str());
    return;
  }
  llvm::ArrayRef<uint8_t> bytes = wcomp::binary::bytesOf(**buf);
  wcomp::adapt::NewOptions opts;
  opts.adapters.push_back({"wasi_snapshot_preview1", wcomp::binary::bytesOf(*adapterBuffer),
                           "adapter"});
  size_t out = 0;
  for (auto _ : state) {
    auto r = wcomp::adapt::componentNew(bytes, opts);
    if (!r) {
      state.SkipWithError(wcomp::binary::errorText(r.takeError()).c_str());
      return;
    }
    out = r->component.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
  state.counters["component_bytes"] = double(out);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> rest;
  std::vector<std::string> modules;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--adapter=", 10) == 0) {
      auto buf = wcomp::binary::loadFile(argv[i] + 10);
      if (!buf) {
        fprintf(stderr, "%s\n", wcomp::binary::errorText(buf.takeError()).c_str());
        return 1;
      }
      adapterBuffer = std::move(*buf);
    } else if (std::strncmp(argv[i], "--module=", 9) == 0) {
      modules.push_back(argv[i] + 9);
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (!adapterBuffer) {
    fprintf(stderr, "usage: wcomp_adapt_bench --adapter=FILE --module=FILE...\n");
    return 2;
  }
  for (const std::string &m : modules)
    benchmark::RegisterBenchmark(("adapt/" + m).c_str(), adaptModule, m)
        ->Unit(benchmark::kMillisecond);
  int n = int(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
