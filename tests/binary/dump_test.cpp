#include "binary/dump.h"
#include "test_util.h"

#include <array>
#include <cstdio>
#include <cstdlib>

using namespace wcomp::binary;
using namespace wcomp::testing;

namespace {

struct RunResult {
  int status;
  std::string out;
};

/// Runs the wcomp CLI with `args` (stderr folded into stdout).
RunResult runCli(const std::string &args) {
  std::string cmd = std::string(WCOMP_CLI) + " " + args + " 2>&1";
  RunResult r{0, {}};
  FILE *p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

/// Compares `actual` with the golden file; WCOMP_BLESS=1 rewrites it.
void checkGolden(const std::filesystem::path &golden, const std::string &actual) {
  if (const char *bless = std::getenv("WCOMP_BLESS"); bless && std::string(bless) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden)) << golden << " missing (run with WCOMP_BLESS=1)";
  Bytes want = readFileBytes(golden);
  EXPECT_EQ(std::string(want.begin(), want.end()), actual) << "golden " << golden << " is stale";
}

TEST(DumpGolden, EveryFixture) {
  for (const auto &f : filesIn(WCOMP_FIXTURES_DIR, ".wasm")) {
    RunResult text = runCli("dump " + f.string());
    EXPECT_EQ(text.status, 0) << text.out;
    checkGolden(f.string() + ".dump", text.out);
    RunResult json = runCli("dump --json " + f.string());
    EXPECT_EQ(json.status, 0);
    auto parsed = nlohmann::json::parse(json.out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << json.out;
    EXPECT_TRUE(parsed.contains("sections"));
    checkGolden(f.string() + ".dump.json", json.out);
  }
}

TEST(DumpGolden, NestingAndCountsInJson) {
  Bytes in = readFileBytes(std::filesystem::path(WCOMP_FIXTURES_DIR) / "components/app.wasm");
  auto d = buildDump(in);
  ASSERT_TRUE(bool(d));
  EXPECT_TRUE(d->component);
  unsigned nested = 0;
  for (const auto &s : d->sections)
    if (s.nested)
      ++nested;
  EXPECT_EQ(nested, 3u); // two core modules, one component
  auto j = dumpToJson(*d);
  EXPECT_EQ(j["kind"], "component");
  EXPECT_EQ(j["sections"][0]["name"], "type");
  EXPECT_EQ(j["size"], in.size());
}

TEST(DumpPartial, KeepsWhatWasReadBeforeTheError) {
  Bytes in = readFileBytes(std::filesystem::path(WCOMP_FIXTURES_DIR) / "components/app.wasm");
  auto whole = buildDump(in);
  ASSERT_TRUE(bool(whole));
  // Break the frame of the last section of the first nested core module (its
  // size runs past the module's end): the outer frames stay intact.
  const DumpSection *first = nullptr;
  for (const auto &s : whole->sections)
    if (s.nested) {
      first = &s;
      break;
    }
  ASSERT_NE(first, nullptr);
  Bytes part = in;
  part[first->nested->sections.back().offset + 1] = 0x7f;
  DumpBinary d;
  bool started = false;
  llvm::Error err = buildPartialDump(part, d, started);
  ASSERT_TRUE(bool(err));
  ErrorReport rep = describeError(std::move(err));
  EXPECT_NE(rep.offset, WasmError::NoOffset) << rep.text;
  EXPECT_TRUE(started);
  EXPECT_FALSE(d.complete);
  EXPECT_EQ(d.size, part.size());
  ASSERT_FALSE(d.sections.empty());
  const DumpSection &last = d.sections.back();
  ASSERT_TRUE(last.nested);
  EXPECT_FALSE(last.nested->complete);
  EXPECT_EQ(last.nested->offset + last.nested->size, last.end); // not the file's end
  EXPECT_EQ(last.nested->sections.size(), first->nested->sections.size() - 1);
  auto j = dumpToJson(d);
  EXPECT_EQ(j["incomplete"], true);
  EXPECT_FALSE(dumpToJson(*whole).contains("incomplete"));
  // Not even a header: nothing started.
  Bytes junk{'x', 'y'};
  llvm::Error junkErr = buildPartialDump(junk, d, started);
  EXPECT_TRUE(bool(junkErr));
  llvm::consumeError(std::move(junkErr));
  EXPECT_FALSE(started);
}

TEST(Cli, ValidateReportsOffsetsAndExitCodes) {
  auto dir = std::filesystem::temp_directory_path() / "wcomp-cli-test";
  std::filesystem::create_directories(dir);
  Bytes full = readFileBytes(std::filesystem::path(WCOMP_FIXTURES_DIR) / "modules/features.wasm");
  auto cut = dir / "cut.wasm";
  std::ofstream(cut, std::ios::binary).write(reinterpret_cast<const char *>(full.data()), 40);
  RunResult ok = runCli(std::string("validate ") + WCOMP_FIXTURES_DIR + "/modules/features.wasm");
  EXPECT_EQ(ok.status, 0) << ok.out;
  RunResult bad = runCli("validate " + cut.string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("error: " + cut.string() + ": "), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("(at offset 0x"), std::string::npos) << bad.out;
  RunResult json = runCli("validate --json " + cut.string());
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << json.out;
  EXPECT_EQ(j[0]["valid"], false);
  EXPECT_TRUE(j[0].contains("offset"));
  RunResult missing = runCli("validate " + (dir / "nope.wasm").string());
  EXPECT_EQ(missing.status, 3) << missing.out;
  RunResult usage = runCli("validate --no-such-option x.wasm");
  EXPECT_EQ(usage.status, 2) << usage.out;
}

} // namespace
