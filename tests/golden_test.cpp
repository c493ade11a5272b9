//===- tests/golden_test.cpp - Directive-driven golden files in fixtures/ -===//
//
// Every fixtures/**/*.wat, *.wast, *.wit and *.wac whose first line is
// `;; RUN: <command>` (`// RUN:` in WIT and WAC) is run through /bin/sh with `wcomp` replaced by the built CLI and `%` by the
// file's path. Exit status, stdout and stderr are compared with the sibling
// `<file>.out`; WCOMP_BLESS=1 rewrites the goldens.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string capture(const std::string &cmd, int &status) {
  std::string out;
  FILE *p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    out.append(buf.data(), n);
  int st = pclose(p);
  status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::vector<fs::path> goldenInputs() {
  std::vector<fs::path> files;
  for (auto &e : fs::recursive_directory_iterator(WCOMP_FIXTURES_DIR)) {
    if (!e.is_regular_file())
      continue;
    std::string ext = e.path().extension().string();
    if (ext != ".wat" && ext != ".wast" && ext != ".wit" && ext != ".wac")
      continue;
    std::ifstream in(e.path());
    std::string first;
    std::getline(in, first);
    if (first.rfind(";; RUN: ", 0) == 0 || first.rfind("// RUN: ", 0) == 0)
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string replaceAll(std::string s, const std::string &from, const std::string &to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

class Golden : public ::testing::TestWithParam<fs::path> {};

TEST_P(Golden, Matches) {
  const fs::path &input = GetParam();
  std::ifstream in(input);
  std::string first;
  std::getline(in, first);
  std::string cmd = first.substr(8);
  // Relative paths keep goldens independent of where the tree lives.
  fs::path dir = input.parent_path();
  std::string name = input.filename().string();
  cmd = replaceAll(cmd, "wcomp ", std::string(WCOMP_CLI) + " ");
  cmd = replaceAll(cmd, "%", name);
  int status;
  std::string err = capture("cd '" + dir.string() + "' && (" + cmd + ") 2>&1 >/dev/null", status);
  int status2;
  std::string out = capture("cd '" + dir.string() + "' && (" + cmd + ") 2>/dev/null", status2);
  std::string actual = "exit: " + std::to_string(status) + "\n--- stdout\n" + out +
                       "--- stderr\n" + err;
  fs::path golden = input;
  golden += ".out";
  if (const char *bless = std::getenv("WCOMP_BLESS"); bless && std::string(bless) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing (run with WCOMP_BLESS=1)";
  EXPECT_EQ(readAll(golden), actual) << "golden " << golden << " is stale";
}

std::string testName(const ::testing::TestParamInfo<fs::path> &info) {
  std::string rel = fs::relative(info.param, WCOMP_FIXTURES_DIR).string();
  for (char &c : rel)
    if (!isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return rel;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden, ::testing::ValuesIn(goldenInputs()), testName);

} // namespace
