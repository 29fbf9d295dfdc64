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

std::string with_offset(const Frame &f) {
  if (!f.known()) return hex_address(f.addr, true);
  return (*f.sym)->name + "+" + std::to_string((*f.sym)->offset);
}

}  // namespace

std::string format_stack(const std::vector<Frame> &frames, artifact::StackMode mode, bool user) {
  std::string out = "\n";
  for (const Frame &f : frames) {
    switch (mode) {
      case artifact::StackMode::Bpftrace:
        out += "        " + with_offset(f) + "\n";
        break;
      case artifact::StackMode::Perf:
        out += "\t" + hex_address(f.addr, false) + " " + with_offset(f);
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
