#pragma once
// User stacks through code built without frame pointers: a copy of the
// stack's top and three registers, taken when the event fired, unwound here
// from each binary's call frame information (.eh_frame, else .debug_frame)
// with LLVM's DWARFDebugFrame and UnwindTable, as perf --call-graph dwarf
// does. x86-64 only: the CFA is rsp or rbp plus an offset, the return
// address and the saved rbp live at offsets from it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "symbols/user_symbolizer.h"

namespace bpfsh::symbols {

// What the kernel copied: the registers at the event, and `stack`, the
// bytes from `sp` up (fewer where the stack's mapping ends).
struct StackSample {
  uint64_t ip = 0, sp = 0, bp = 0;
  std::span<const uint8_t> stack;
};

// How to find the caller's registers at one address: CFA = reg + offset;
// the caller's rbp at CFA + bp_at unless it is unchanged.
struct FrameRule {
  bool cfa_from_bp = false;  // else from sp
  int64_t cfa_offset = 0;
  int64_t ra_at = -8;
  std::optional<int64_t> bp_at;
  bool outermost = false;  // the return address is undefined: _start, thread starts
};

class CfiUnwinder {
 public:
  // Addresses are placed in their binaries through `locate`, which must outlive this.
  explicit CfiUnwinder(UserSymbolizer &locate);
  ~CfiUnwinder();
  CfiUnwinder(const CfiUnwinder &) = delete;
  CfiUnwinder &operator=(const CfiUnwinder &) = delete;

  // The return addresses of process `pid`'s stack, innermost (the ip) first,
  // at most `limit`; it stops where a rule or the copied bytes run out.
  std::vector<uint64_t> unwind(int pid, const StackSample &s, uint32_t limit);
  // The rule at `vaddr` as the binary at `path` was linked.
  std::optional<FrameRule> rule(const std::string &path, uint64_t vaddr);

 private:
  struct FileCfi;
  FileCfi *cfi_of(const std::string &path);

  UserSymbolizer &locate_;
  std::map<std::string, std::unique_ptr<FileCfi>> files_;  // null: no CFI
};

}  // namespace bpfsh::symbols
