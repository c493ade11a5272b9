//===- cli/conventions.cpp - Help, suggestions, completions ---------------===//
//
// What makes the command line friendly across every command: `wcomp help
// CMD`, placeholders and an example in each `--help`, "did you mean" for
// mistyped commands and options, shell completions, and the refusal to
// print a binary on a terminal.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Process.h"

#include <map>

namespace wcomp::cli {

namespace {

/// One line each command's help ends with.
const std::map<std::string, std::string> &examples() {
  static const std::map<std::string, std::string> m = {
      {"dump", "wcomp dump app.wasm"},
      {"validate", "wcomp validate app.wasm -f cm-async"},
      {"print", "wcomp print app.wasm --skeleton -o app.wat"},
      {"parse", "wcomp parse app.wat -o app.wasm"},
      {"wast", "wcomp wast tests/*.wast"},
      {"wit", "wcomp wit wit/ --wasm -o package.wasm"},
      {"embed", "wcomp embed wit/ --world app module.wasm -o embedded.wasm"},
      {"new", "wcomp new embedded.wasm --adapt wasi_snapshot_preview1=reactor.wasm -o app.wasm"},
      {"adapt", "wcomp adapt --wasi reactor module.wasm -o app.wasm"},
      {"compose", "wcomp compose app.wac --deps-dir deps -o composed.wasm"},
      {"targets", "wcomp targets app.wasm wit/ --world app"},
      {"demangle", "wcomp demangle app.wasm -o demangled.wasm"},
      {"strip", "wcomp strip app.wasm -o stripped.wasm"},
      {"metadata", "wcomp metadata show app.wasm"},
      {"objdump", "wcomp objdump app.wasm"},
      {"unbundle", "wcomp unbundle app.wasm --module-dir modules -o app-slim.wasm"},
      {"addr2line", "wcomp addr2line app.wasm 0x1f3a 0x2004"},
      {"json-from-wast", "wcomp json-from-wast spec.wast -o out/spec.json --wasm-dir out"},
      {"help", "wcomp help compose"},
      {"completion", "wcomp completion bash > /etc/bash_completion.d/wcomp"},
  };
  return m;
}

/// The placeholder of an option that takes a value, by its long name.
std::string placeholderFor(const CLI::Option *opt) {
  static const std::map<std::string, std::string> byName = {
      {"output", "FILE"},      {"config", "FILE"},   {"depfile", "FILE"},
      {"stamp", "FILE"},       {"adapter", "FILE"},  {"adapt", "[NAME=]FILE"},
      {"world", "WORLD"},      {"wit", "WIT"},       {"deps-dir", "DIR"},
      {"out-dir", "DIR"},      {"allow-import", "NAME|GLOB"},
      {"max-input-size", "SIZE"}, {"features", "LIST"}, {"jobs", "N"},
      {"color", "WHEN"},       {"wasi", "KIND"},     {"prev", "WORLD"},
      {"new", "WORLD"},        {"encoding", "ENCODING"}, {"name", "NAME"}};
  for (const std::string &n : opt->get_lnames())
    if (auto it = byName.find(n); it != byName.end())
      return it->second;
  if (opt->get_positional())
    return "";
  return "VALUE";
}

/// The closest of `names` to `word`, if close enough to be a likely typo.
std::optional<std::string> closest(llvm::StringRef word, const std::vector<std::string> &names) {
  std::optional<std::string> best;
  unsigned bestDistance = 0;
  for (const std::string &n : names) {
    unsigned d = llvm::StringRef(n).edit_distance(word, true, /*MaxEditDistance=*/4);
    if (d <= std::max<size_t>(2, word.size() / 3) && (!best || d < bestDistance)) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

std::vector<std::string> commandNames(CLI::App &app) {
  std::vector<std::string> out;
  for (const CLI::App *sub : app.get_subcommands({}))
    out.push_back(sub->get_name());
  return out;
}

/// Every `--long` and `-s` name of a command's options (the shared ones too).
std::vector<std::string> optionNames(const CLI::App *cmd) {
  std::vector<std::string> out;
  for (const CLI::App *a = cmd; a; a = a->get_parent())
    for (const CLI::Option *o : a->get_options()) {
      for (const std::string &n : o->get_lnames())
        out.push_back("--" + n);
      for (const std::string &n : o->get_snames())
        out.push_back("-" + n);
    }
  return out;
}

std::string bashCompletion(CLI::App &app) {
  std::string cmds = llvm::join(commandNames(app), " ");
  std::string out = "# bash completion for wcomp (`wcomp completion bash`)\n"
                    "_wcomp() {\n"
                    "  local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}\n"
                    "  if ((COMP_CWORD == 1)); then\n"
                    "    COMPREPLY=($(compgen -W \"" + cmds + "\" -- \"$cur\"))\n"
                    "    return\n"
                    "  fi\n"
                    "  case $cmd in\n";
  for (const CLI::App *sub : app.get_subcommands({}))
    out += "    " + sub->get_name() + ") opts=\"" + llvm::join(optionNames(sub), " ") + "\" ;;\n";
  out += "    *) opts= ;;\n"
         "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _wcomp wcomp\n";
  return out;
}

std::string zshCompletion(CLI::App &app) {
  std::string out = "#compdef wcomp\n# zsh completion for wcomp (`wcomp completion zsh`)\n"
                    "_wcomp() {\n"
                    "  local -a cmds\n"
                    "  cmds=(\n";
  for (const CLI::App *sub : app.get_subcommands({})) {
    std::string d = sub->get_description();
    d = d.substr(0, d.find('\n'));
    std::string esc;
    for (char c : d)
      esc += c == '\'' ? std::string("'\\''") : c == ':' ? std::string("\\:") : std::string(1, c);
    out += "    '" + sub->get_name() + ":" + esc + "'\n";
  }
  out += "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    _describe 'command' cmds\n"
         "    return\n"
         "  fi\n"
         "  case $words[2] in\n";
  for (const CLI::App *sub : app.get_subcommands({}))
    out += "    " + sub->get_name() + ") compadd -- " + llvm::join(optionNames(sub), " ") +
           "; _files ;;\n";
  out += "  esac\n"
         "}\n"
         "_wcomp \"$@\"\n";
  return out;
}

std::string fishCompletion(CLI::App &app) {
  std::string out = "# fish completion for wcomp (`wcomp completion fish`)\n";
  for (const CLI::App *sub : app.get_subcommands({})) {
    std::string d = sub->get_description();
    d = d.substr(0, d.find('\n'));
    std::string esc;
    for (char c : d)
      esc += c == '\'' ? std::string("\\'") : std::string(1, c);
    out += "complete -c wcomp -n __fish_use_subcommand -a " + sub->get_name() + " -d '" + esc +
           "'\n";
    for (const CLI::Option *o : sub->get_options())
      for (const std::string &n : o->get_lnames())
        out += "complete -c wcomp -n '__fish_seen_subcommand_from " + sub->get_name() +
               "' -l " + n + "\n";
  }
  return out;
}

} // namespace

void registerHelp(CLI::App &app, int &exitCode) {
  auto topic = std::make_shared<std::string>();
  CLI::App *cmd = app.add_subcommand("help", "Print the help of wcomp, or of one command");
  cmd->add_option("COMMAND", *topic, "The command")->type_name("");
  cmd->callback([&app, topic, &exitCode] {
    if (topic->empty()) {
      llvm::outs() << app.help();
      return;
    }
    CLI::App *sub = nullptr;
    for (CLI::App *s : app.get_subcommands({}))
      if (s->get_name() == *topic)
        sub = s;
    if (!sub) {
      std::string msg = "unknown command `" + *topic + "`";
      if (auto near = closest(*topic, commandNames(app)))
        msg += "; did you mean `" + *near + "`?";
      error(msg + " (`wcomp help` lists the commands)");
      exitCode = Usage;
      return;
    }
    llvm::outs() << sub->help();
  });
}

void registerCompletion(CLI::App &app, int &exitCode) {
  auto shell = std::make_shared<std::string>();
  CLI::App *cmd =
      app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  cmd->add_option("SHELL", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}))
      ->type_name("SHELL");
  cmd->callback([&app, shell, &exitCode] {
    std::string text = *shell == "bash"  ? bashCompletion(app)
                       : *shell == "zsh" ? zshCompletion(app)
                                         : fishCompletion(app);
    exitCode = writeOutput("", text);
  });
}

void polishHelp(CLI::App &app) {
  auto polish = [](CLI::App *a) {
    for (CLI::Option *o : a->get_options()) {
      if (o->get_type_name().rfind("TEXT", 0) != 0 && o->get_type_name().rfind("UINT", 0) != 0 &&
          o->get_type_name().rfind("INT", 0) != 0)
        continue;
      o->type_name(placeholderFor(o));
    }
  };
  polish(&app);
  for (CLI::App *sub : app.get_subcommands({})) {
    polish(sub);
    if (auto it = examples().find(sub->get_name());
        it != examples().end() && sub->get_footer().empty())
      sub->footer("Example: " + it->second);
  }
}

std::optional<int> suggestUnknown(CLI::App &app, int argc, char **argv) {
  // The first word that is not a shared option (or its value) names the
  // command.
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef a = argv[i];
    if (a == "--color" || a == "--max-input-size") {
      ++i;
      continue;
    }
    if (a.starts_with("-"))
      continue;
    std::vector<std::string> names = commandNames(app);
    if (std::find(names.begin(), names.end(), a.str()) != names.end())
      return std::nullopt;
    std::string msg = "unknown command `" + a.str() + "`";
    if (auto near = closest(a, names))
      msg += "; did you mean `" + *near + "`?";
    error(msg + " (`wcomp help` lists the commands)");
    return Usage;
  }
  return std::nullopt;
}

bool suggestOptions(CLI::App &app, const CLI::ParseError &e) {
  llvm::StringRef what = e.what();
  if (!what.consume_front("The following argument was not expected: ") &&
      !what.consume_front("The following arguments were not expected: "))
    return false;
  const CLI::App *cmd = &app;
  for (const CLI::App *sub : app.get_subcommands())
    cmd = sub;
  std::string where = cmd == &app ? "wcomp" : "wcomp " + cmd->get_name();
  llvm::SmallVector<llvm::StringRef, 4> extras;
  what.split(extras, ' ', -1, false);
  bool any = false;
  for (llvm::StringRef x : extras) {
    if (!x.starts_with("-"))
      continue;
    llvm::StringRef name = x.split('=').first;
    std::string msg = "unknown option `" + name.str() + "` for `" + where + "`";
    if (auto near = closest(name, optionNames(cmd)))
      msg += "; did you mean `" + *near + "`?";
    error(msg + " (`wcomp help" + (cmd == &app ? "" : " " + cmd->get_name()) +
          "` lists the options)");
    any = true;
  }
  return any;
}

bool refuseBinaryOnTerminal(const std::string &path, llvm::StringRef data) {
  if (!(path.empty() || path == "-") || !data.starts_with(llvm::StringRef("\0asm", 4)) ||
      !llvm::sys::Process::StandardOutIsDisplayed())
    return false;
  error("cannot print binary wasm output to a terminal: give an output file (-o FILE) or "
        "redirect standard output");
  return true;
}

} // namespace wcomp::cli
