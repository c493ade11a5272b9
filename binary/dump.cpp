#include "binary/dump.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"

namespace wcomp::binary {

namespace {
/// Sections whose body is a vector: those get an item count.
bool isVecSection(bool component, uint8_t id) {
  if (id == 0)
    return false;
  if (component)
    return id != compsec::CoreModule && id != compsec::Component && id != compsec::Start;
  return id != coresec::Start && id != coresec::DataCount;
}
} // namespace

llvm::Expected<DumpBinary> buildDump(llvm::ArrayRef<uint8_t> bytes) {
  DumpBinary root;
  bool started = false;
  WCOMP_CHECK(buildPartialDump(bytes, root, started));
  return root;
}

llvm::Error buildPartialDump(llvm::ArrayRef<uint8_t> bytes, DumpBinary &root, bool &started) {
  Parser parser(bytes);
  Payload p;
  std::vector<DumpBinary *> stack;
  // Where each open binary must end: the input's end, or the end of the
  // section holding a nested one.
  std::vector<uint64_t> limits;
  root = DumpBinary();
  started = false;
  DumpSection *pendingNested = nullptr;
  for (;;) {
    auto more = parser.next(p);
    if (!more) {
      // Everything still open is unfinished and runs to where it had to end.
      for (size_t i = 0; i < stack.size(); ++i) {
        stack[i]->complete = false;
        stack[i]->size = limits[i] - stack[i]->offset;
      }
      return more.takeError();
    }
    if (!*more)
      break;
    switch (p.kind) {
    case Payload::ModuleHeader:
    case Payload::ComponentHeader: {
      DumpBinary *b = &root;
      uint64_t limit = bytes.size();
      if (!stack.empty()) {
        pendingNested->nested = std::make_unique<DumpBinary>();
        b = pendingNested->nested.get();
        limit = pendingNested->end;
      }
      b->component = p.kind == Payload::ComponentHeader;
      b->version = p.version;
      b->offset = p.startOffset;
      stack.push_back(b);
      limits.push_back(limit);
      started = true;
      break;
    }
    case Payload::End:
      stack.back()->size = p.startOffset - stack.back()->offset;
      stack.pop_back();
      limits.pop_back();
      break;
    case Payload::Section: {
      DumpBinary *b = stack.back();
      b->sections.emplace_back();
      DumpSection &s = b->sections.back();
      s.id = p.id;
      s.name = sectionName(b->component, p.id).str();
      s.customName = p.customName.str();
      s.offset = p.startOffset;
      s.dataOffset = p.dataOffset;
      s.size = p.size;
      s.end = p.dataOffset + p.data.size();
      if (isVecSection(b->component, p.id)) {
        BinaryReader r = p.reader();
        if (auto n = r.readU32())
          s.count = *n;
        else
          // the count is a hint for the listing; the section itself reports the error
          llvm::consumeError(n.takeError());
      }
      if (b->component && (p.id == compsec::CoreModule || p.id == compsec::Component))
        pendingNested = &s;
      break;
    }
    }
  }
  return llvm::Error::success();
}

namespace {
void printBinary(llvm::raw_ostream &os, const DumpBinary &d, unsigned indent) {
  os.indent(indent) << (d.component ? "component" : "module") << " (version "
                    << llvm::format("0x%x", d.version) << ") "
                    << llvm::format("0x%llx - 0x%llx", (unsigned long long)d.offset,
                                    (unsigned long long)(d.offset + d.size))
                    << ", " << d.size << " bytes" << (d.complete ? "" : " (incomplete)")
                    << "\n";
  for (const DumpSection &s : d.sections) {
    std::string label = s.name;
    if (s.id == 0)
      label = "custom \"" + s.customName + "\"";
    unsigned width = indent + 2 + label.size() < 40 ? 40 - indent - 2 : 1;
    os.indent(indent + 2) << llvm::left_justify(label, width) << " | "
                          << llvm::format("%10s - %10s",
                                          ("0x" + llvm::utohexstr(s.offset, true)).c_str(),
                                          ("0x" + llvm::utohexstr(s.end, true)).c_str())
                          << " | " << llvm::format("%9llu bytes", (unsigned long long)s.size);
    if (s.count)
      os << " | " << *s.count << " count";
    os << "\n";
    if (s.nested)
      printBinary(os, *s.nested, indent + 4);
  }
}
} // namespace

void printDump(llvm::raw_ostream &os, const DumpBinary &d) { printBinary(os, d, 0); }

nlohmann::ordered_json dumpToJson(const DumpBinary &d) {
  nlohmann::ordered_json j;
  j["kind"] = d.component ? "component" : "module";
  j["version"] = d.version;
  j["offset"] = d.offset;
  j["size"] = d.size;
  if (!d.complete)
    j["incomplete"] = true;
  nlohmann::ordered_json secs = nlohmann::ordered_json::array();
  for (const DumpSection &s : d.sections) {
    nlohmann::ordered_json js;
    js["id"] = s.id;
    js["name"] = s.name;
    if (s.id == 0)
      js["custom_name"] = s.customName;
    js["offset"] = s.offset;
    js["data_offset"] = s.dataOffset;
    js["end"] = s.end;
    js["size"] = s.size;
    if (s.count)
      js["count"] = *s.count;
    if (s.nested)
      js["nested"] = dumpToJson(*s.nested);
    secs.push_back(std::move(js));
  }
  j["sections"] = std::move(secs);
  return j;
}

} // namespace wcomp::binary
