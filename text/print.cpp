//===- text/print.cpp - Printing binaries as text --------------------------===//
#include "text/print_component.h"
#include "text/print_module.h"

#include "binary/error.h"

namespace wcomp::text {

namespace {

/// Rewrites the printers' indentation (two spaces a level) into levels of
/// another text, as the text streams through, so the printers keep one
/// indentation rule. With `--print-offsets` every line but the first starts
/// with a `(;@offset;)` comment or the 11 spaces that stand for one; that
/// prefix is kept as it is. State carries across writes, so a line may
/// arrive in pieces.
class Reindent : public llvm::raw_ostream {
public:
  Reindent(llvm::raw_ostream &out, llvm::StringRef unit, bool offsets)
      : out(out), unit(unit), offsets(offsets) {
    SetUnbuffered();
  }
  ~Reindent() override { flush(); }

private:
  enum State { LineStart, Offset, Blank, Spaces, Text };
  /// The width of the spaces standing for an unknown offset (appendOffset).
  static constexpr unsigned BlankWidth = 11;
  void write_impl(const char *p, size_t n) override {
    for (const char *e = p + n; p != e; ++p) {
      char c = *p;
      switch (state) {
      case LineStart:
        spaces = 0;
        if (offsets && c == '(') {
          // An offset comment, or the first line (`(module`), which has none.
          state = Offset;
          out << c;
          break;
        }
        if (offsets && c == ' ') {
          state = Blank;
          out << c;
          spaces = 1;
          break;
        }
        state = Spaces;
        [[fallthrough]];
      case Spaces:
        if (c == ' ') {
          ++spaces;
          continue;
        }
        for (unsigned k = 0; k < spaces / 2; ++k)
          out << unit;
        if (spaces % 2)
          out << ' ';
        state = c == '\n' ? LineStart : Text;
        out << c;
        continue;
      case Offset:
        out << c;
        if (c == '\n') {
          state = LineStart;
        } else if (c == ')' && prev == ';') {
          state = Spaces;
          spaces = 0;
        }
        break;
      case Blank:
        out << c;
        if (c == '\n')
          state = LineStart;
        else if (++spaces == BlankWidth) {
          state = Spaces;
          spaces = 0;
        }
        break;
      case Text:
        out << c;
        if (c == '\n')
          state = LineStart;
        break;
      }
      prev = c;
    }
  }
  uint64_t current_pos() const override { return out.tell(); }

  llvm::raw_ostream &out;
  std::string unit;
  bool offsets;
  State state = LineStart;
  unsigned spaces = 0;
  char prev = 0;
};

} // namespace

llvm::Error printWasm(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes,
                      const PrintOptions &opts) {
  if (opts.indent != "  ") {
    PrintOptions inner = opts;
    inner.indent = "  ";
    Reindent re(os, opts.indent, opts.printOffsets);
    return printWasm(re, bytes, inner);
  }
  if (bytes.size() >= 8 && bytes[4] == 0x0d && bytes[6] == 0x01)
    return printComponent(os, bytes, 0, opts);
  return printModule(os, bytes, 0, opts, 0, "(module");
}

} // namespace wcomp::text
