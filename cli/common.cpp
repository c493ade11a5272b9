//===- cli/common.cpp - Shared CLI plumbing -------------------------------===//
#include "cli/common.h"

#include "binary/error.h"
#include "binary/io.h"
#include "text/wat.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

#include <cstdlib>

#include <fcntl.h>
#include <unistd.h>

namespace wcomp::cli {

Session &session() {
  static Session s;
  return s;
}

void decideColors() {
  Session &s = session();
  s.colorsDecided = true;
  if (s.color == "always")
    s.colors = true;
  else if (s.color == "never")
    s.colors = false;
  else {
    const char *term = std::getenv("TERM");
    const char *noColor = std::getenv("NO_COLOR");
    s.colors = llvm::sys::Process::StandardErrIsDisplayed() &&
               !(term && llvm::StringRef(term) == "dumb") && !(noColor && *noColor);
  }
}

namespace {

/// Writes `label` (`error`, `warning`, `note`) and a colon, colored as
/// clang colors them when the session has colors.
void prefix(llvm::StringRef label) {
  llvm::HighlightColor c = label == "error"     ? llvm::HighlightColor::Error
                           : label == "warning" ? llvm::HighlightColor::Warning
                                                : llvm::HighlightColor::Note;
  if (!session().colorsDecided)
    decideColors();
  llvm::WithColor(llvm::errs(), c,
                  session().colors ? llvm::ColorMode::Enable : llvm::ColorMode::Disable)
      << label << ":";
}

} // namespace

void error(llvm::StringRef text) {
  prefix("error");
  llvm::errs() << " " << text << "\n";
}

void reportError(llvm::StringRef pre, llvm::Error err) {
  error((pre + binary::errorText(std::move(err))).str());
}

void diagnostic(llvm::StringRef rendered) {
  llvm::SmallVector<llvm::StringRef, 16> lines;
  rendered.split(lines, '\n');
  if (!lines.empty() && lines.back().empty())
    lines.pop_back();
  for (llvm::StringRef line : lines) {
    // `file:line:col: error: text` or `error: text`.
    bool done = false;
    for (llvm::StringRef label : {"error", "warning", "note"}) {
      std::string tag = (label + ": ").str();
      size_t at = line.find(tag);
      if (at != llvm::StringRef::npos && (at == 0 || line.substr(0, at).ends_with(": "))) {
        llvm::errs() << line.substr(0, at);
        prefix(label);
        llvm::errs() << line.substr(at + label.size() + 1) << "\n";
        done = true;
        break;
      }
    }
    if (!done)
      llvm::errs() << line << "\n";
  }
}

void warning(llvm::StringRef text) {
  if (session().quiet)
    return;
  prefix("warning");
  llvm::errs() << " " << text << "\n";
}

void verbose(llvm::StringRef text) {
  if (session().verbose > 0 && !session().quiet)
    llvm::errs() << text << "\n";
}

namespace {
/// Reports an output failure and keeps its text for reports that carry it.
void outputFailed(const std::string &text) {
  session().outputError = text;
  error(text);
}
} // namespace

std::unique_ptr<OutputFile> OutputFile::open(const std::string &path) {
  std::unique_ptr<OutputFile> out(new OutputFile);
  out->path = path;
  if (path.empty() || path == "-") {
    out->stream = &llvm::outs();
    return out;
  }
  // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written as it is:
  // renaming over it would replace it.
  namespace fs = llvm::sys::fs;
  fs::file_status st;
  if (!fs::status(path, st) && st.type() != fs::file_type::regular_file &&
      st.type() != fs::file_type::directory_file) {
    std::error_code ec;
    out->file = std::make_unique<llvm::raw_fd_ostream>(path, ec, fs::OF_None);
    if (ec) {
      outputFailed(path + ": " + ec.message());
      return nullptr;
    }
    out->stream = out->file.get();
    return out;
  }
  // A symbolic link keeps pointing where it did: the file it names is the
  // one replaced.
  llvm::SmallString<256> target(path);
  if (fs::is_symlink_file(path))
    if (fs::real_path(path, target))
      target = path;
  out->dest = std::string(target);
  // An unnamed file in the output's folder: nothing to clean up if the
  // process dies, even by SIGKILL. Linking it needs /proc (or privilege).
  llvm::StringRef dir = llvm::sys::path::parent_path(target);
  if (::access("/proc/self/fd", X_OK) == 0) {
    int fd = ::open(dir.empty() ? "." : std::string(dir).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC,
                    0666);
    if (fd >= 0) {
      out->unnamed = fd;
      out->file = std::make_unique<llvm::raw_fd_ostream>(fd, /*shouldClose=*/false);
      out->stream = out->file.get();
      return out;
    }
  }
  // The temporary file sits beside the output, so the rename stays on one
  // file system and is atomic; it is removed on a fatal signal too.
  auto temp = fs::TempFile::create(target + ".tmp-%%%%%%%%");
  if (!temp) {
    std::error_code ec = llvm::errorToErrorCode(temp.takeError());
    outputFailed(path + ": " + ec.message());
    return nullptr;
  }
  out->temp.emplace(std::move(*temp));
  out->file = std::make_unique<llvm::raw_fd_ostream>(out->temp->FD, /*shouldClose=*/false);
  out->stream = out->file.get();
  return out;
}

OutputFile::~OutputFile() {
  // The stream goes first: it flushes what it buffered while its descriptor
  // is still open (after the close, the flush would fail).
  file.reset();
  if (temp)
    // a temporary file that cannot be removed is not the user's error
    llvm::consumeError(temp->discard());
  if (unnamed >= 0)
    ::close(unnamed); // the unnamed file goes with its last descriptor
}

std::optional<std::string> OutputFile::pendingPath() const {
  if (unnamed >= 0) {
    file->flush();
    return "/proc/self/fd/" + std::to_string(unnamed);
  }
  if (!temp)
    return std::nullopt; // stdout or a device: nothing to read back
  file->flush();
  return temp->TmpName;
}

namespace {

/// Gives the unnamed file `fd` the name `dest`, replacing what is there:
/// linked under a fresh name beside it, then renamed over it (link cannot
/// replace), so readers see the old file or the new one, never a part.
std::error_code linkUnnamed(int fd, const std::string &dest) {
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  for (unsigned attempt = 0;; ++attempt) {
    llvm::SmallString<256> temp;
    llvm::sys::fs::createUniquePath(dest + ".tmp-%%%%%%%%", temp, /*MakeAbsolute=*/false);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST && attempt < 8)
        continue;
      return {errno, std::generic_category()};
    }
    if (::rename(temp.c_str(), dest.c_str()) != 0) {
      std::error_code ec(errno, std::generic_category());
      ::unlink(temp.c_str());
      return ec;
    }
    return {};
  }
}

} // namespace

int OutputFile::commit() {
  stream->flush(); // the stream does not own a temporary file's descriptor
  if (file && file->has_error()) {
    std::string msg = file->error().message();
    file->clear_error();
    outputFailed(path + ": write failed: " + msg);
    return IoError;
  }
  if (unnamed >= 0) {
    std::error_code ec = linkUnnamed(unnamed, dest);
    ::close(unnamed);
    unnamed = -1;
    if (ec) {
      outputFailed(path + ": " + ec.message());
      return IoError;
    }
  } else if (temp) {
    llvm::Error err = temp->keep(dest); // closes the descriptor, renames
    temp.reset();
    if (err) {
      outputFailed(path + ": " + llvm::toString(std::move(err)));
      return IoError;
    }
  } else if (!file) {
    return Ok; // stdout
  }
  session().outputs.push_back(path);
  verbose("wrote " + path);
  return Ok;
}

int writeOutput(const std::string &path, llvm::StringRef data) {
  if (refuseBinaryOnTerminal(path, data))
    return Usage;
  auto out = OutputFile::open(path);
  if (!out)
    return IoError;
  out->os() << data;
  return out->commit();
}

void addProcessedByOption(CLI::App *cmd) {
  cmd->add_flag("--no-processed-by", session().noProcessedBy,
                "Do not record `processed-by: wcomp` in a producers section");
}

void addDepfileOption(CLI::App *cmd) {
  cmd->add_option("--depfile", session().depfile,
                  "Write a Make/Ninja depfile naming every file read (needs -o)");
}

namespace {

/// A path escaped for Make and Ninja depfiles.
std::string depEscape(llvm::StringRef p) {
  std::string out;
  for (char c : p) {
    if (c == ' ' || c == '#')
      out += '\\';
    if (c == '$')
      out += '$';
    out += c;
  }
  return out;
}

} // namespace

int writeDepfile() {
  Session &s = session();
  if (s.depfile.empty())
    return Ok;
  if (s.outputs.empty()) {
    error("--depfile needs an output file (-o)");
    return Usage;
  }
  std::string text = depEscape(s.outputs.front()) + ":";
  for (const std::string &f : binary::filesRead()) {
    // Absolute, so the depfile means the same whatever folder the build
    // tool runs in.
    llvm::SmallString<256> abs(f);
    llvm::sys::fs::make_absolute(abs);
    llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
    text += " \\\n  " + depEscape(abs);
  }
  text += "\n";
  auto out = OutputFile::open(s.depfile);
  if (!out)
    return IoError;
  out->os() << text;
  return out->commit();
}

} // namespace wcomp::cli

namespace wcomp::cli {

void addFeaturesOption(CLI::App *cmd, std::vector<std::string> &values) {
  cmd->add_option("-f,--features", values,
                  "Features to enable, a comma list (repeatable): a name (cm-async), -name to "
                  "turn one off, all, -all, or a set replacing the current one (mvp, wasm1, "
                  "wasm2, wasm3, lime1, default); default: wasm-tools 1.262's set")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("LIST");
}

bool applyFeatures(const std::vector<std::string> &values, validate::Features &features) {
  for (llvm::StringRef v : values) {
    // CLI11 hands `-f=X` over as "=X"; wasm-tools reads it as X.
    v.consume_front("=");
    if (llvm::Error err = features.apply(v)) {
      reportError("", std::move(err));
      return false;
    }
  }
  return true;
}

llvm::ArrayRef<uint8_t> BinaryInput::bytes() const {
  if (!fromText.empty() || !buffer)
    return fromText;
  return binary::bytesOf(*buffer);
}

std::optional<BinaryInput> loadBinaryInput(const std::string &path, int &exitCode,
                                           std::string *message, bool report) {
  BinaryInput in;
  auto buf = binary::loadFile(path);
  if (!buf) {
    std::string msg = binary::errorText(buf.takeError());
    if (report)
      error(msg);
    if (message)
      *message = msg;
    exitCode = std::max(exitCode, int(IoError));
    return std::nullopt;
  }
  in.buffer = std::move(*buf);
  llvm::StringRef src = in.buffer->getBuffer();
  if (looksLikeWat(src)) {
    auto bytes = text::parseWat(src);
    if (!bytes) {
      std::string rendered = text::renderTextError(path, src, bytes.takeError());
      if (report)
        diagnostic(rendered);
      if (message)
        *message = llvm::StringRef(rendered).rtrim('\n').str();
      exitCode = std::max(exitCode, int(Invalid));
      return std::nullopt;
    }
    in.fromText = std::move(*bytes);
  }
  return in;
}

int rewriteBinary(const std::string &input, const std::string &output, bool asText,
                  llvm::function_ref<llvm::Expected<std::vector<uint8_t>>(llvm::ArrayRef<uint8_t>)>
                      rewrite) {
  int exitCode = Ok;
  auto in = loadBinaryInput(input, exitCode);
  if (!in)
    return exitCode;
  auto out = rewrite(in->bytes());
  if (!out) {
    reportError(input + ": ", out.takeError());
    return Invalid;
  }
  return writeWasm(output, *out, asText, input);
}

int writeWasm(const std::string &output, llvm::ArrayRef<uint8_t> bytes, bool asText,
              const std::string &input) {
  if (!asText)
    return writeOutput(output,
                       llvm::StringRef(reinterpret_cast<const char *>(bytes.data()), bytes.size()));
  std::string text;
  llvm::raw_string_ostream os(text);
  if (llvm::Error e = text::printWasm(os, bytes, {})) {
    reportError(input + ": ", std::move(e));
    return Invalid;
  }
  return writeOutput(output, os.str());
}

} // namespace wcomp::cli
