//===- wit/loader.cpp - WIT from files and folders ------------------------===//
#include "wit/loader.h"

#include "binary/error.h"
#include "binary/io.h"
#include "wit/decode.h"
#include "wit/resolver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <memory>

namespace wcomp::wit {

namespace {

using binary::makeError;

/// Every file parsed for one load; the package sources point into them.
struct Files {
  std::vector<std::unique_ptr<ast::File>> asts;
  std::vector<uint32_t> index; ///< the SourceMap file of each
};

llvm::Error ioError(llvm::StringRef path, std::error_code ec) {
  return llvm::createStringError(ec, "cannot read `" + path + "`: " + ec.message());
}

/// The `.wit` files of a folder, in name order (a stable order whatever the
/// file system lists).
llvm::Expected<std::vector<std::string>> witFiles(llvm::StringRef dir) {
  std::vector<std::string> out;
  std::error_code ec;
  binary::recordRead(dir);
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".wit")
      out.push_back(it->path());
  if (ec)
    return ioError(dir, ec);
  std::sort(out.begin(), out.end());
  return out;
}

/// Parses `paths` as one package (plus the packages nested in them).
llvm::Error group(SourceMap &sm, Files &files, const std::vector<std::string> &paths,
                  llvm::StringRef what, std::vector<PackageSource> &out,
                  const std::string *text = nullptr) {
  PackageSource pkg;
  bool named = false;
  std::string docsFile; ///< the file whose package docs were taken
  std::vector<PackageSource> nested;
  for (const std::string &p : paths) {
    std::string src;
    if (text) { // given already (stdin)
      src = *text;
    } else {
      auto buf = binary::loadFile(p); // a regular file, within the input limit
      if (!buf)
        return buf.takeError();
      src = (*buf)->getBuffer().str();
    }
    auto f = sm.addAndParse(p, std::move(src));
    if (!f)
      return f.takeError();
    files.asts.push_back(std::make_unique<ast::File>(std::move(*f)));
    uint32_t fileIndex = sm.fileCount() - 1;
    const ast::File &file = *files.asts.back();
    if (file.package) {
      if (named && (file.package->str() != pkg.name.str()))
        return makeError(file.package->offset, "package `" + file.package->str() +
                                                   "` does not match `" + pkg.name.str() +
                                                   "` named by another file of " + what);
      if (!named)
        pkg.name = *file.package;
      named = true;
      if (!file.packageAttrs.docs.empty()) {
        // One file documents the package (wit-parser refuses two).
        if (!pkg.docs.empty())
          return makeError(sm.base(fileIndex),
                           "found doc comments on the `package` items of two files of " + what +
                               " (the other is `" + docsFile + "`)");
        pkg.docs = file.packageAttrs.docs;
        docsFile = p;
      }
    }
    for (const ast::PackageItem &item : file.items)
      pkg.items.push_back({fileIndex, &item});
    for (const ast::NestedPackage &n : file.nested) {
      PackageSource ns;
      ns.name = n.name;
      ns.docs = n.attrs.docs;
      for (const ast::PackageItem &item : n.items)
        ns.items.push_back({fileIndex, &item});
      nested.push_back(std::move(ns));
    }
  }
  if (!named && !pkg.items.empty())
    return makeError(sm.base(sm.fileCount() - 1),
                     "no `package` header was found in any WIT file of " + what);
  if (named)
    out.push_back(std::move(pkg));
  for (PackageSource &n : nested)
    out.push_back(std::move(n));
  return llvm::Error::success();
}

} // namespace

llvm::Expected<Loaded> loadWit(Resolve &r, SourceMap &sm, llvm::StringRef path,
                               const ResolveOptions &opts, const std::string *text) {
  // The parsed files must outlive resolution; the Resolve keeps no pointer.
  Files files;
  std::vector<PackageSource> pkgs;
  std::vector<PackageId> decoded; ///< packages of `deps/*.wasm`
  size_t rootCount = 0;
  if (!text && llvm::sys::fs::is_directory(path)) {
    std::vector<std::string> root;
    WCOMP_ASSIGN(root, witFiles(path));
    if (root.empty())
      return llvm::createStringError("no `.wit` files in `" + path + "`");
    WCOMP_CHECK(group(sm, files, root, (llvm::Twine("`") + path + "`").str(), pkgs));
    rootCount = pkgs.size();
    if (rootCount == 0) // files with nothing in them
      return makeError(sm.base(sm.fileCount() - 1),
                       "no `package` header was found in any WIT file of `" + path + "`");
    llvm::SmallString<256> deps(path);
    llvm::sys::path::append(deps, "deps");
    if (llvm::sys::fs::is_directory(deps)) {
      std::vector<std::string> entries;
      std::error_code ec;
      binary::recordRead(deps);
      for (llvm::sys::fs::directory_iterator it(deps, ec), end; it != end && !ec;
           it.increment(ec))
        entries.push_back(it->path());
      if (ec)
        return ioError(deps, ec);
      std::sort(entries.begin(), entries.end());
      for (const std::string &e : entries) {
        if (llvm::sys::fs::is_directory(e)) {
          std::vector<std::string> fs;
          WCOMP_ASSIGN(fs, witFiles(e));
          WCOMP_CHECK(group(sm, files, fs, (llvm::Twine("`") + e + "`").str(), pkgs));
        } else if (llvm::sys::path::extension(e) == ".wit") {
          WCOMP_CHECK(group(sm, files, {e}, (llvm::Twine("`") + e + "`").str(), pkgs));
        } else if (llvm::sys::path::extension(e) == ".wasm" ||
                   (llvm::sys::path::extension(e) == ".wat" && opts.parseWat)) {
          // A WIT package encoded as a component (in binary or text):
          // decoded before the text packages are resolved, which may then
          // `use` it.
          auto buf = binary::loadFile(e);
          if (!buf)
            return buf.takeError();
          llvm::ArrayRef<uint8_t> bytes(
              reinterpret_cast<const uint8_t *>((*buf)->getBufferStart()), (*buf)->getBufferSize());
          std::vector<uint8_t> fromText;
          if (llvm::sys::path::extension(e) == ".wat") {
            WCOMP_ASSIGN(fromText, opts.parseWat(e, (*buf)->getBuffer()));
            bytes = fromText;
          }
          validate::ValidateOptions vopts;
          vopts.features = validate::Features::all();
          auto info = validate::validateComponent(bytes, vopts);
          if (!info)
            return llvm::createStringError("`" + e + "`: " + binary::errorText(info.takeError()));
          Loaded dep;
          WCOMP_ASSIGN(dep, decodeComponent(r, *info, bytes));
          if (r[dep.root].ns == "root" && r[dep.root].name == "component")
            return llvm::createStringError("`" + e + "` is a component, not a WIT package");
          decoded.push_back(dep.root);
          decoded.insert(decoded.end(), dep.others.begin(), dep.others.end());
        }
      }
    }
  } else {
    WCOMP_CHECK(
        group(sm, files, {path.str()}, (llvm::Twine("`") + path + "`").str(), pkgs, text));
    rootCount = pkgs.size();
    if (pkgs.empty() || !files.asts[0]->package)
      return makeError(0, "no `package` header was found in `" + path + "`");
  }
  std::vector<PackageId> ids;
  WCOMP_ASSIGN(ids, resolvePackages(r, pkgs, opts));
  Loaded out;
  out.root = ids[0];
  // Dependencies in the order they were resolved (dependencies first).
  for (size_t i = 1; i < ids.size(); ++i)
    out.others.push_back(ids[i]);
  for (PackageId d : decoded)
    if (std::find(out.others.begin(), out.others.end(), d) == out.others.end())
      out.others.push_back(d);
  std::sort(out.others.begin(), out.others.end(),
            [](PackageId a, PackageId b) { return a.index < b.index; });
  (void)rootCount;
  return out;
}

} // namespace wcomp::wit
