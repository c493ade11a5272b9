//===- cli/common.h - Shared CLI plumbing ----------------------*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"

#include <CLI/CLI.hpp>

namespace wcomp::cli {

/// Exit codes: 0 success, 1 invalid input or refused operation, 2 usage
/// error, 3 I/O error.
enum ExitCode : int { Ok = 0, Invalid = 1, Usage = 2, IoError = 3 };

/// Prints `error: <prefix><error text>` to stderr.
void reportError(llvm::StringRef prefix, llvm::Error err);

/// Writes `data` to `path` ("-" or empty: stdout); an unwritable or failed
/// output is reported and leaves no partial file. Returns the exit code.
int writeOutput(const std::string &path, llvm::StringRef data);

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

} // namespace wcomp::cli
