#include "runtime/stack_format.h"

#include <cinttypes>
#include <cstdio>

namespace bpfsh::runtime {

std::string hex_address(uint64_t addr, bool prefix) {
  char buf[24];
  std::snprintf(buf, sizeof buf, prefix ? "0x%" PRIx64 : "%" PRIx64, addr);
  return buf;
}

std::string frame_name(const Frame &f) { return f.known() ? (*f.sym)->name : hex_address(f.addr, true); }

namespace {

std::string at(const SourceLine &l) { return l.file.empty() ? "" : "@" + l.file + ":" + std::to_string(l.line); }

std::string with_offset(const Frame &f) {
  if (!f.known()) return hex_address(f.addr, true);
  return (*f.sym)->name + "+" + std::to_string((*f.sym)->offset);
}

void add_inlined(std::string &out, const Frame &f, artifact::StackMode mode) {
  if (!f.known()) return;
  for (const InlinedCall &c : (*f.sym)->inlined) {
    if (mode == artifact::StackMode::Bpftrace)
      out += "        [inlined] " + c.name + at(c.at) + "\n";
    else if (mode == artifact::StackMode::Perf)
      out += "\t" + hex_address(f.addr, false) + " " + c.name + " (inlined)\n";
  }
}

}  // namespace

std::vector<std::string> frame_names(const Frame &f) {
  std::vector<std::string> out;
  if (f.known())
    for (const InlinedCall &c : (*f.sym)->inlined) out.push_back(c.name);
  out.push_back(frame_name(f));
  return out;
}

std::string format_stack(const std::vector<Frame> &frames, artifact::StackMode mode, bool user) {
  std::string out = "\n";
  for (const Frame &f : frames) {
    add_inlined(out, f, mode);
    switch (mode) {
      case artifact::StackMode::Bpftrace:
        out += "        " + with_offset(f) + (f.known() ? at((*f.sym)->at) : "") + "\n";
        break;
      case artifact::StackMode::Perf:
        out += "\t" + hex_address(f.addr, false) + " " + with_offset(f);  // perf: no source lines
        if (user) out += " (" + (f.known() ? (*f.sym)->module : std::string("[unknown]")) + ")";
        out += "\n";
        break;
      case artifact::StackMode::Raw:
      case artifact::StackMode::BuildId:  // the kernel's frames, printed by build_id_stack.h
        out += hex_address(f.addr, false) + "\n";
        break;
    }
  }
  return out;
}

}  // namespace bpfsh::runtime
