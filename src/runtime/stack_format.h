#pragma once
// How stacks and symbols read, as bpftrace prints them. Pure functions of
// addresses and their symbols, so tests can check exact text.
//   bpftrace: "\n" then "        func+off\n" per frame (unknown: "        0xADDR\n")
//   perf:     "\n" then "\tADDR func+off\n" per frame; user frames add " (module)"
//             (unknown: "\tADDR 0xADDR ([unknown])")
//   raw:      "\n" then "ADDR\n" per frame
// A symbol with source lines (show_debug_info) prints its inlined functions
// first, innermost first, each on a line of its own, then itself:
//   bpftrace: "[inlined] NAME@FILE:LINE", then "func+off@FILE:LINE"
//             (no "@..." where the line is not known)
//   perf:     "\tADDR NAME (inlined)", then the frame's line as above
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/symbolizer.h"

namespace bpfsh::runtime {

struct Frame {
  uint64_t addr = 0;
  const std::optional<Symbol> *sym = nullptr;  // nullptr or nullopt: unknown
  bool known() const { return sym && sym->has_value(); }
};

// Frames innermost first, as the kernel records them.
std::string format_stack(const std::vector<Frame> &frames, artifact::StackMode mode, bool user);

// A frame's name without its offset, or "0xADDR": what ksym()/usym() print,
// and a frame of a folded stack.
std::string frame_name(const Frame &f);
// The names a frame stands for, innermost first: its inlined functions,
// then frame_name. A folded stack's frames.
std::vector<std::string> frame_names(const Frame &f);

std::string hex_address(uint64_t addr, bool prefix);

}  // namespace bpfsh::runtime
