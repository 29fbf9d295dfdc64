// tracefs' text formats, and that finding tracefs has no side effect.
#include "host/tracefs.h"

#include <gtest/gtest.h>

namespace bpfsh::host {
namespace {

TEST(Tracefs, EventListSkipsEmptyLines) {
  EXPECT_EQ(parse_event_list("sched:sched_switch\n\nsyscalls:sys_enter_read\n"),
            (std::vector<std::string>{"sched:sched_switch", "syscalls:sys_enter_read"}));
}

TEST(Tracefs, FormatLeavesCommonFieldsOut) {
  auto f = parse_format(
      "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
      "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
      "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "prev_comm");
  EXPECT_EQ(f[0].c_type, "char[16]");
  EXPECT_TRUE(f[0].is_array);
  EXPECT_EQ(f[1].name, "filename");
  EXPECT_TRUE(f[1].is_pointer);
  EXPECT_EQ(f[1].offset, 24u);
}

TEST(Tracefs, TwoDimensionalFieldKeepsBothSizes) {
  auto f = parse_format("\tfield:int grid[2][3];\toffset:8;\tsize:24;\tsigned:1;\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].name, "grid");
  EXPECT_EQ(f[0].c_type, "int[2][3]");
  EXPECT_TRUE(f[0].is_array);
}

TEST(Tracefs, DataLocFieldIsNamedAfterItsBrackets) {
  auto f = parse_format(
      "\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
      "\tfield:__data_loc unsigned int[] lengths;\toffset:12;\tsize:4;\tsigned:0;\n"
      "\tfield:__data_loc char[];\toffset:16;\tsize:4;\tsigned:0;\n");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "filename");
  EXPECT_EQ(f[0].c_type, "char[]");
  EXPECT_TRUE(f[0].is_data_loc);
  EXPECT_FALSE(f[0].is_array);
  EXPECT_EQ(f[0].size, 4u);
  EXPECT_EQ(f[1].name, "lengths");
  EXPECT_EQ(f[1].c_type, "unsigned int[]");
}

TEST(Tracefs, FindingItNamesAnEventsDirectoryOrNothing) {
  // Whatever the machine has, looking is all find_tracefs() does.
  if (auto root = find_tracefs()) EXPECT_TRUE(*root == "/sys/kernel/tracing" || *root == "/sys/kernel/debug/tracing");
}

}  // namespace
}  // namespace bpfsh::host
