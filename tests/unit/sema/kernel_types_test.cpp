// KernelTypes over the fake host's BTF (fake_btf.cpp).
#include <gtest/gtest.h>

#include "sema/kernel_types.h"
#include "sema/sema_test_util.h"

namespace bpfsh::sema {
namespace {

KernelTypes &kt() {
  auto &k = *test::kernel_types();
  std::string why;
  EXPECT_TRUE(k.available(&why)) << why;
  return k;
}

TEST(KernelTypes, NamesIntegersWithoutBtf) {
  auto t = (*test::kernel_types()).parse("unsigned long");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->str(), "uint64");
  EXPECT_EQ((*test::kernel_types()).parse("short int")->str(), "int16");
  EXPECT_EQ((*test::kernel_types()).parse("__u8")->str(), "uint8");
}

TEST(KernelTypes, StructsTypedefsAndPointers) {
  auto task = kt().named("struct task_struct");
  ASSERT_TRUE(task);
  EXPECT_TRUE(task->is_record());
  EXPECT_GT(task->c_size(), 1000u);
  EXPECT_EQ(kt().named("pid_t")->str(), "int32");
  auto file = kt().parse("const struct file *");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->str(), "struct file *");
  EXPECT_EQ(kt().parse("const char *")->str(), "int8 *");
  EXPECT_EQ(kt().parse("void *")->str(), "void *");
  EXPECT_FALSE(kt().named("struct no_such_struct_bpfsh"));
}

TEST(KernelTypes, ArraysCharArraysAreStrings) {
  EXPECT_EQ(kt().parse("__u8[4]")->str(), "uint8[4]");
  EXPECT_TRUE(kt().parse("char[16]")->is_str());
  auto comm = kt().member(*kt().named("struct task_struct"), "comm");
  ASSERT_TRUE(comm);
  EXPECT_TRUE(comm->type.is_str());
  EXPECT_EQ(comm->type.str_size, 16u);
}

// A tracepoint field "int grid[2][3]" is 2 arrays of 3, as C reads it;
// char[2][16] is 2 strings of 16.
TEST(KernelTypes, MultiDimensionalArraysNestOutermostFirst) {
  auto grid = kt().parse("int[2][3]");
  ASSERT_TRUE(grid);
  EXPECT_EQ(grid->str(), "int32[2][3]");
  EXPECT_EQ(grid->count, 2u);
  EXPECT_EQ(grid->elems[0].count, 3u);
  EXPECT_EQ(grid->c_size(), 24u);
  auto names = kt().parse("char[2][16]");
  ASSERT_TRUE(names && names->is_array());
  EXPECT_EQ(names->count, 2u);
  EXPECT_TRUE(names->elems[0].is_str());
  EXPECT_EQ(names->elems[0].str_size, 16u);
}

TEST(KernelTypes, MembersNestedAnonymousAndBitfields) {
  auto task = *kt().named("struct task_struct");
  auto pid = kt().member(task, "pid");
  ASSERT_TRUE(pid);
  EXPECT_EQ(pid->type.str(), "int32");
  EXPECT_EQ(pid->bit_size, 0u);
  auto parent = kt().member(task, "real_parent");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->type.str(), "struct task_struct *");
  auto se = kt().member(task, "se");  // embedded, read by address
  ASSERT_TRUE(se);
  EXPECT_TRUE(se->type.is_record());
  auto bit = kt().member(task, "in_execve");
  ASSERT_TRUE(bit);
  EXPECT_EQ(bit->bit_size, 1u);
  EXPECT_EQ(bit->offset % 8, 0u);
  EXPECT_LT(bit->bit_offset, 64u);
  // struct sk_buff keeps `len` inside anonymous unions/structs.
  auto skb = kt().named("struct sk_buff");
  ASSERT_TRUE(skb);
  EXPECT_TRUE(kt().member(*skb, "len"));
  EXPECT_FALSE(kt().member(task, "no_such_member"));
}

TEST(KernelTypes, RawTracepointParametersAreNamed) {
  auto params = kt().raw_tracepoint_params("sched_switch");
  ASSERT_TRUE(params);
  std::vector<std::string> names;
  for (auto &p : *params) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"preempt", "prev", "next", "prev_state"}));
  EXPECT_EQ((*params)[1].offset, 8u);
  EXPECT_EQ((*params)[1].type.str(), "struct task_struct *");
  EXPECT_FALSE(kt().raw_tracepoint_params("no_such_event_bpfsh"));
}

}  // namespace
}  // namespace bpfsh::sema
