// The CFI unwinder on this test binary's own stack, copied as the kernel
// copies a dw_ustack's, and its rules on stack_target (built -O2 without
// frame pointers).
#include "symbols/cfi_unwinder.h"

#include "host/live_host.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace bpfsh::symbols {
namespace {

host::LiveHost live;

struct Captured {
  uint64_t ip = 0, sp = 0, bp = 0;
  std::vector<uint8_t> stack;
};

// This function's registers and the stack from its sp up, page by page
// until the stack's mapping ends (at most 64 KiB), as dw_ustack takes them.
__attribute__((noinline)) Captured capture() {
  Captured c;
  __asm__ volatile("lea 0(%%rip), %0\n\tmov %%rsp, %1\n\tmov %%rbp, %2" : "=r"(c.ip), "=r"(c.sp), "=r"(c.bp));
  int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  c.stack.resize(64 * 1024);
  size_t got = 0;
  while (got < c.stack.size()) {
    size_t want = 4096 - ((c.sp + got) & 4095);
    ssize_t n = pread(fd, c.stack.data() + got, want, off_t(c.sp + got));
    if (n <= 0) break;
    got += size_t(n);
  }
  close(fd);
  c.stack.resize(got);
  return c;
}

__attribute__((noinline)) std::vector<uint64_t> unwound_here(CfiUnwinder &u, uint32_t limit) {
  Captured c = capture();
  __asm__ volatile("" ::: "memory");  // not a tail call: this frame stays on the stack
  return u.unwind(getpid(), StackSample{c.ip, c.sp, c.bp, c.stack}, limit);
}

TEST(CfiUnwinder, UnwindsItsOwnStackThroughEveryFrameToMain) {
  UserSymbolizer names(live);
  CfiUnwinder u(names);
  std::vector<uint64_t> frames = unwound_here(u, 1024);
  ASSERT_GE(frames.size(), 4u);
  auto name = [&](size_t i) {
    auto s = names.resolve(getpid(), i ? frames[i] - 1 : frames[i]);
    return s ? s->name : std::string("?");
  };
  EXPECT_NE(name(0).find("capture"), std::string::npos) << name(0);
  EXPECT_NE(name(1).find("unwound_here"), std::string::npos) << name(1);
  EXPECT_NE(name(2).find("UnwindsItsOwnStackThroughEveryFrameToMain"), std::string::npos) << name(2);
  bool main_seen = false;
  for (size_t i = 0; i < frames.size(); i++) main_seen |= name(i) == "main";
  EXPECT_TRUE(main_seen);
}

TEST(CfiUnwinder, KeepsToTheLimit) {
  UserSymbolizer names(live);
  CfiUnwinder u(names);
  EXPECT_EQ(unwound_here(u, 2).size(), 2u);
}

TEST(CfiUnwinder, StopsWhereTheCopiedStackEnds) {
  UserSymbolizer names(live);
  CfiUnwinder u(names);
  Captured c = capture();
  c.stack.resize(16);  // not even the first frame's return address
  EXPECT_EQ(u.unwind(getpid(), StackSample{c.ip, c.sp, c.bp, c.stack}, 64).size(), 1u);
}

// At a function's first instruction the CFA is sp + 8 and the return
// address just below it; no frame pointer is involved.
TEST(CfiUnwinder, ReadsTheEntryRuleOfAFunctionWithoutFramePointer) {
  std::string target = std::string(BPFSH_TOOLS_DIR) + "/stack_target";
  auto inner = live.symbol_address(target, "inner");
  ASSERT_TRUE(inner);
  UserSymbolizer names(live);
  CfiUnwinder u(names);
  auto r = u.rule(target, *inner);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->cfa_from_bp);
  EXPECT_EQ(r->cfa_offset, 8);
  EXPECT_EQ(r->ra_at, -8);
  EXPECT_FALSE(r->bp_at);
  EXPECT_FALSE(u.rule(target, 0));  // no frame description covers it
}

}  // namespace
}  // namespace bpfsh::symbols
