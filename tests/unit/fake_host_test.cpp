// The fake host answers like a small machine: what sema tests rely on.
#include "fake_host.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>

namespace bpfsh::test {
namespace {

TEST(FakeHost, TracepointsHaveFields) {
  FakeHost h;
  EXPECT_TRUE(h.tracepoint_exists("syscalls", "sys_enter_openat"));
  EXPECT_FALSE(h.tracepoint_exists("syscalls", "nope_nope"));
  auto f = h.tracepoint_fields("syscalls", "sys_enter_openat");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 5u);
  EXPECT_EQ((*f)[2].name, "filename");
}

TEST(FakeHost, BtfHasTaskStructAndFunctions) {
  FakeHost h;
  const struct btf *b = h.kernel_btf();
  ASSERT_TRUE(b);
  EXPECT_GT(btf__find_by_name_kind(b, "task_struct", BTF_KIND_STRUCT), 0);
  EXPECT_GT(btf__find_by_name_kind(b, "vfs_read", BTF_KIND_FUNC), 0);
  EXPECT_EQ(h.kallsyms().address_of("vfs_read"), 0xffffffff81200000ull);
}

}  // namespace
}  // namespace bpfsh::test
