// inspect FILE.wasm [WIT_DIR WORLD]: validates a module or component with
// wcomp's libraries, prints its text skeleton and, for a component, its
// WIT; with a WIT folder and a world, says whether the component targets it.
#include "binary/error.h"
#include "binary/io.h"
#include "compose/targets.h"
#include "text/wat.h"
#include "validate/component_validator.h"
#include "validate/module_validator.h"
#include "wit/decode.h"
#include "wit/loader.h"
#include "wit/printer.h"

#include "llvm/Support/raw_ostream.h"

using namespace wcomp;

int main(int argc, char **argv) {
  if (argc != 2 && argc != 4) {
    llvm::errs() << "usage: inspect FILE.wasm [WIT_DIR WORLD]\n";
    return 2;
  }
  auto buf = binary::loadFile(argv[1]);
  if (!buf) {
    llvm::errs() << binary::errorText(buf.takeError()) << "\n";
    return 3;
  }
  llvm::ArrayRef<uint8_t> bytes = binary::bytesOf(**buf);
  validate::ValidateOptions opts;
  if (llvm::Error err = validate::validateBinary(bytes, opts)) {
    llvm::errs() << "invalid: " << binary::errorText(std::move(err)) << "\n";
    return 1;
  }
  text::PrintOptions print;
  print.skeleton = true;
  if (llvm::Error err = text::printWasm(llvm::outs(), bytes, print)) {
    llvm::errs() << binary::errorText(std::move(err)) << "\n";
    return 1;
  }
  auto info = validate::validateComponent(bytes, opts);
  if (!info) { // a core module: no WIT
    llvm::consumeError(info.takeError());
    return 0;
  }
  wit::Resolve r;
  auto loaded = wit::decodeComponent(r, *info, bytes);
  if (!loaded) {
    llvm::errs() << binary::errorText(loaded.takeError()) << "\n";
    return 1;
  }
  llvm::outs() << wit::printWit(r, loaded->root, loaded->others, {});
  if (argc == 4) {
    wit::Resolve target;
    wit::SourceMap sm;
    auto pkg = wit::loadWit(target, sm, argv[2]);
    if (!pkg) {
      llvm::errs() << sm.render(pkg.takeError());
      return 1;
    }
    auto world = wit::selectWorld(target, pkg->root, argv[3]);
    if (!world) {
      llvm::errs() << binary::errorText(world.takeError()) << "\n";
      return 1;
    }
    auto rep = compose::checkTargets(bytes, argv[1], target, *world);
    if (!rep) {
      llvm::errs() << binary::errorText(rep.takeError()) << "\n";
      return 1;
    }
    llvm::outs() << (rep->ok() ? "targets " : "does not target ") << rep->world << "\n";
    for (const compose::TargetProblem &p : rep->problems)
      llvm::outs() << "  " << p.message() << "\n";
    return rep->ok() ? 0 : 1;
  }
  return 0;
}
