//===- cli/common.h - Shared CLI plumbing ----------------------*- C++ -*-===//
#pragma once

#include "validate/features.h"
#include "wit/loader.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wcomp::cli {

/// Exit codes: 0 success, 1 invalid input or refused operation, 2 usage
/// error, 3 I/O error.
enum ExitCode : int { Ok = 0, Invalid = 1, Usage = 2, IoError = 3 };

/// The options every subcommand shares (`--color`, `-q`, `-v`, `--depfile`)
/// and what the run wrote, which the depfile names as its target.
struct Session {
  std::string color = "auto";
  bool quiet = false;
  int verbose = 0;
  bool colors = false; ///< the decision `--color` led to for stderr
  bool colorsDecided = false;
  std::string depfile;
  bool noProcessedBy = false; ///< --no-processed-by
  std::vector<std::string> outputs; ///< files written, in order
  std::string outputError; ///< the last failure to write an output (for JSON)
};
/// The one session of this process.
Session &session();
/// Settles `--color` (done on the first colored output); `auto` means
/// colors when stderr is a terminal, TERM is not `dumb` and NO_COLOR is unset.
void decideColors();

/// Prints `error: <text>` to stderr (the prefix colored when enabled).
void error(llvm::StringRef text);
/// Prints `error: <prefix><error text>` to stderr.
void reportError(llvm::StringRef prefix, llvm::Error err);
/// Prints a rendered diagnostic (text whose lines may start with `error:`,
/// `warning:` or `note:`), coloring those prefixes when enabled.
void diagnostic(llvm::StringRef rendered);
/// Prints `warning: <text>` to stderr unless `-q`.
void warning(llvm::StringRef text);
/// Prints `<text>` to stderr with `-v`.
void verbose(llvm::StringRef text);

/// An output file written to an unnamed temporary file in the output's
/// folder (Linux O_TMPFILE) and linked into place by commit(), so a failed,
/// interrupted or killed run leaves neither a truncated output that a build
/// system would take as up to date (an existing file stays as it was) nor a
/// temporary file. Where the file system has no O_TMPFILE, a named
/// temporary file is renamed into place instead. Stdout for "" and "-".
class OutputFile {
public:
  /// Opens the output; on failure reports it and returns null.
  static std::unique_ptr<OutputFile> open(const std::string &path);
  ~OutputFile();
  /// The stream to write to.
  llvm::raw_ostream &os() { return *stream; }
  /// Finishes the file (rename into place); returns the exit code.
  int commit();
  /// The bytes written so far can be read back from this path (the
  /// temporary file; stdout has none).
  std::optional<std::string> pendingPath() const;

private:
  OutputFile() = default;
  std::string path; ///< as given
  std::string dest; ///< the file replaced (a symbolic link's target)
  std::optional<llvm::sys::fs::TempFile> temp; ///< the named fallback
  int unnamed = -1; ///< the O_TMPFILE descriptor
  std::unique_ptr<llvm::raw_fd_ostream> file;
  llvm::raw_ostream *stream = nullptr;
};

/// JSON text for output. Strings that are not UTF-8 (file names, messages
/// quoting input bytes) would make the JSON library throw: their bad bytes
/// are replaced by U+FFFD instead, and a warning says so.
template <class Json> std::string jsonText(const Json &j, int indent = 2) {
  try {
    return j.dump(indent);
  } catch (const typename Json::type_error &) {
    warning("invalid UTF-8 in the JSON output was replaced by U+FFFD");
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
  }
}

/// Writes `data` to `path` ("-" or empty: stdout) through an OutputFile.
/// Returns the exit code.
int writeOutput(const std::string &path, llvm::StringRef data);

/// Adds `-f,--features` to a subcommand: repeatable, each value a comma list
/// applied in order (as wasm-tools reads it, `-f=X` included).
void addFeaturesOption(CLI::App *cmd, std::vector<std::string> &values);
/// Applies the `-f` values to `features` (which holds the defaults); an
/// unknown name is reported and returns false.
bool applyFeatures(const std::vector<std::string> &values, validate::Features &features);

/// Adds `--depfile FILE` to a subcommand that writes an output file.
void addDepfileOption(CLI::App *cmd);
/// `--no-processed-by` (on the commands that build components).
void addProcessedByOption(CLI::App *cmd);
/// Writes the depfile asked for (if any) after a successful run: the first
/// output as target, every file read (binary::filesRead) as prerequisite.
/// Returns the exit code.
int writeDepfile();

/// An input file read as a binary: WebAssembly text (detected by content,
/// as wasm-tools detects it) is parsed first.
struct BinaryInput {
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::vector<uint8_t> fromText; ///< the parsed text, when the file was text
  llvm::ArrayRef<uint8_t> bytes() const;
};

/// Reads `path` (`-`: standard input) as a binary, parsing WebAssembly text.
/// On failure: nullopt, the error reported (a text error as `file:line:col`
/// with the line and a caret) and `message` set to it (for JSON), and
/// `exitCode` raised to IoError or Invalid.
std::optional<BinaryInput> loadBinaryInput(const std::string &path, int &exitCode,
                                           std::string *message = nullptr, bool report = true);

/// Writes a binary a command made from `input` to `output`, or its text
/// (`-t`); returns the exit code (a binary that does not print is Invalid).
int writeWasm(const std::string &output, llvm::ArrayRef<uint8_t> bytes, bool asText,
              const std::string &input);

/// The shape of the commands that rewrite one binary (strip, demangle,
/// metadata add): reads `input` (binary or text), applies `rewrite` and
/// writes the result with writeWasm; returns the exit code.
int rewriteBinary(const std::string &input, const std::string &output, bool asText,
                  llvm::function_ref<llvm::Expected<std::vector<uint8_t>>(llvm::ArrayRef<uint8_t>)>
                      rewrite);

/// WebAssembly text rather than a binary or WIT: the first thing after
/// white space and `;;` comments is `(` (WIT has no parentheses at the top
/// level).
bool looksLikeWat(llvm::StringRef src);

/// Loads WIT from `path`: a `.wit` file, a WIT folder, or a component
/// binary (a WIT package, or any component: its world `root`). Failures are
/// reported (and their text kept in `*failure` when given) and set
/// `exitCode`.
std::optional<wit::Loaded> loadWitInput(wit::Resolve &r, wit::SourceMap &sm,
                                        const std::string &path,
                                        const wit::ResolveOptions &opts, int &exitCode,
                                        std::string *failure = nullptr);

/// Adds `--features LIST` (a comma list, split into `opts.features`) and
/// `--all-features` to a subcommand that reads WIT.
void addWitFeatureOptions(CLI::App *cmd, wit::ResolveOptions &opts);

/// Registers `wcomp dump`.
void registerDump(CLI::App &app, int &exitCode);
/// Registers `wcomp validate`.
void registerValidate(CLI::App &app, int &exitCode);
/// Registers `wcomp print`.
void registerPrint(CLI::App &app, int &exitCode);
/// Registers `wcomp parse`.
void registerParse(CLI::App &app, int &exitCode);
/// Registers `wcomp wast`.
void registerWast(CLI::App &app, int &exitCode);
/// Registers `wcomp wit`.
void registerWit(CLI::App &app, int &exitCode);
/// Registers `wcomp embed`.
void registerEmbed(CLI::App &app, int &exitCode);
/// Registers `wcomp new`.
void registerNew(CLI::App &app, int &exitCode);
/// Registers `wcomp adapt`.
void registerAdapt(CLI::App &app, int &exitCode);
/// Registers `wcomp compose`.
void registerCompose(CLI::App &app, int &exitCode);
/// Registers `wcomp targets`.
void registerTargets(CLI::App &app, int &exitCode);
/// `semver-check`: is one world a compatible evolution of another.
void registerSemverCheck(CLI::App &app, int &exitCode);
/// A Rust (v0) or Itanium C++ name demangled, or `name` unchanged when
/// neither demangler reads it (what `demangle` and `addr2line` print).
std::string demangleName(llvm::StringRef name);
/// `wcomp addr2line FILE ADDR...`: source lines of code addresses (DWARF).
void registerAddr2line(CLI::App &app, int &exitCode);
/// `wcomp demangle FILE`: Rust and C++ names of a module's `name` section.
void registerDemangle(CLI::App &app, int &exitCode);
/// `wcomp strip FILE`: custom sections removed.
void registerStrip(CLI::App &app, int &exitCode);
/// `wcomp metadata show FILE [--json]`.
void registerMetadata(CLI::App &app, int &exitCode);
/// `wcomp objdump FILE`: the section table.
void registerObjdump(CLI::App &app, int &exitCode);
/// `wcomp unbundle`: large core modules out of a component, imported instead.
void registerUnbundle(CLI::App &app, int &exitCode);
/// `wcomp help [COMMAND]`.
void registerHelp(CLI::App &app, int &exitCode);
/// Registers `wcomp json-from-wast`.
void registerJsonFromWast(CLI::App &app, int &exitCode);
/// `wcomp completion bash|zsh|fish`: a completion script from the commands
/// and options registered.
void registerCompletion(CLI::App &app, int &exitCode);
/// After every command is registered: real placeholders (FILE, WORLD, DIR)
/// instead of CLI11's TEXT, and an example line ending each command's help.
void polishHelp(CLI::App &app);
/// Before parsing: a first word that is no command is a usage error with
/// "did you mean" (CLI11 would say only that a subcommand is required).
/// Returns the exit code when it reported one.
std::optional<int> suggestUnknown(CLI::App &app, int argc, char **argv);
/// For CLI11's "arguments were not expected": each unknown option named,
/// with the closest option of its command. False when `e` is another error.
bool suggestOptions(CLI::App &app, const CLI::ParseError &e);
/// True (and reported) when `data`, a binary, would go to standard output
/// and standard output is a terminal: as wasm-tools, wcomp does not print
/// binaries there.
bool refuseBinaryOnTerminal(const std::string &path, llvm::StringRef data);

} // namespace wcomp::cli
