//===- bench/read_bench.cpp - Read throughput on a real module ------------===//
// Usage: wcomp_bench --input=FILE [google-benchmark flags]
// Reports bytes/second of the input for: decoding every operator (scan), a
// full model with decoded bodies, a model with lazy bodies, and full
// validation on 1 and 2 threads.
#include "binary/io.h"
#include "binary/scan.h"
#include "validate/module_validator.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>

namespace {
std::unique_ptr<llvm::MemoryBuffer> input;

llvm::ArrayRef<uint8_t> bytes() { return wcomp::binary::bytesOf(*input); }

void scanAllOperators(benchmark::State &state) {
  uint64_t ops = 0;
  for (auto _ : state) {
    auto stats = wcomp::binary::scanOperators(bytes());
    if (!stats) {
      state.SkipWithError(wcomp::binary::errorText(stats.takeError()).c_str());
      return;
    }
    ops = stats->operators;
    benchmark::DoNotOptimize(ops);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes().size()));
  state.counters["operators"] = double(ops);
}

void readFullModel(benchmark::State &state) {
  for (auto _ : state) {
    auto b = wcomp::binary::readBinary(bytes());
    if (!b) {
      state.SkipWithError(wcomp::binary::errorText(b.takeError()).c_str());
      return;
    }
    benchmark::DoNotOptimize(b->module.code.size());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes().size()));
}

void readLazyModel(benchmark::State &state) {
  wcomp::binary::ReadOptions lazy;
  lazy.decodeBodies = false;
  for (auto _ : state) {
    auto b = wcomp::binary::readBinary(bytes(), lazy);
    if (!b) {
      state.SkipWithError(wcomp::binary::errorText(b.takeError()).c_str());
      return;
    }
    benchmark::DoNotOptimize(b->module.code.size());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes().size()));
}

void validateModule(benchmark::State &state) {
  wcomp::validate::ValidateOptions opts;
  opts.threads = unsigned(state.range(0));
  for (auto _ : state) {
    if (llvm::Error err = wcomp::validate::validateBinary(bytes(), opts)) {
      state.SkipWithError(wcomp::binary::errorText(std::move(err)).c_str());
      return;
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes().size()));
}

BENCHMARK(validateModule)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(scanAllOperators)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(readFullModel)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(readLazyModel)->Unit(benchmark::kMillisecond)->MinTime(1.0);
} // namespace

int main(int argc, char **argv) {
  std::string path;
  std::vector<char *> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--input=", 8) == 0)
      path = argv[i] + 8;
    else
      rest.push_back(argv[i]);
  }
  if (path.empty()) {
    std::cerr << "usage: wcomp_bench --input=FILE [benchmark flags]\n";
    return 2;
  }
  auto buf = wcomp::binary::loadFile(path);
  if (!buf) {
    std::cerr << wcomp::binary::errorText(buf.takeError()) << "\n";
    return 3;
  }
  input = std::move(*buf);
  int n = int(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
