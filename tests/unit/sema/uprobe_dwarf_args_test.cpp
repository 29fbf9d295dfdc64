// uprobe args by name, whole args and uretprobe's retval, typed from the
// probed binary's DWARF (the fake host reads the real dwarf_target files),
// and the located errors where DWARF can not answer.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

const std::string kTools = BPFSH_TOOLS_DIR;

test::Analysed check(const std::string &probe, const std::string &body, const std::string &bin = "dwarf_target") {
  return test::analyse(probe + ":" + kTools + "/" + bin + ":" + body);
}

TEST(UprobeDwarfArgs, ArgumentsAreTypedByName) {
  for (const char *bin : {"dwarf_target", "dwarf_target_opt", "dwarf_target_link"}) {
    auto a = check("uprobe", "pointers { $y = args.s->corners[1].y; $l = str(args.label); $v = args.values[2]; }", bin);
    EXPECT_TRUE(a.ok) << bin << ": " << a.first_error();
  }
  auto a = check("uprobe", "scalars { $s = args.a + args.b; if (args.col == BLUE) { } }");
  EXPECT_TRUE(a.ok) << a.first_error();
}

TEST(UprobeDwarfArgs, WholeArgsIsARecordOfTheArguments) {
  auto a = check("uprobe", "scalars { print(args); @m = args; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *m = a.info.find_map("@m");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->value.field_names, (std::vector<std::string>{"a", "b", "c", "col"}));
}

TEST(UprobeDwarfArgs, UretprobeRetvalIsTypedAndStructsCast) {
  auto a = check("uretprobe", "make_shape { $n = retval->ncorners; $c = retval->corners[0].x; }");
  EXPECT_TRUE(a.ok) << a.first_error();
  a = check("uprobe", "pointers { $s = (struct shape *)arg1; $c = $s->next->color; }");
  EXPECT_TRUE(a.ok) << a.first_error();
  // Without DWARF retval is the integer it always was.
  a = test::analyse("uretprobe:" + std::string(BPFSH_PROBE_TARGET) + ":fire { $x = retval->x; }");
  EXPECT_FALSE(a.ok);
}

TEST(UprobeDwarfArgs, UnknownOrUnavailableArgumentsAreLocatedErrors) {
  auto a = check("uprobe", "scalars { $x = args.colour; }");
  EXPECT_EQ(a.first_error(), "function scalars has no argument named 'colour'");
  a = check("uprobe", "floating { $x = args.d; }");
  EXPECT_NE(a.first_error().find("it is passed in a floating-point register"), std::string::npos) << a.first_error();
  a = check("uprobe", "scalars+4 { $x = args.a; }");
  EXPECT_NE(a.first_error().find("args is known at the entry of scalars only"), std::string::npos) << a.first_error();
  a = test::analyse("uprobe:" + std::string(BPFSH_PROBE_TARGET) + ":fire { $x = args.i; }");
  EXPECT_NE(a.first_error().find("has no DWARF debug info"), std::string::npos) << a.first_error();
  a = test::analyse("uprobe:" + std::string(BPFSH_PROBE_TARGET) + ":fire { print(args); }");
  EXPECT_NE(a.first_error().find("has no DWARF debug info"), std::string::npos) << a.first_error();
}

// uprobe:BIN@FILE:LINE: one instance per place the line starts at, each
// named as written and placed in the function that holds it.
TEST(UprobeSourceLines, EveryPlaceOfALineIsAnInstance) {
  auto a = test::analyse("uprobe:" + kTools + "/dwarf_target@dwarf_target.c:73 { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 2u);
  for (auto &p : a.info.probes) {
    EXPECT_EQ(p.func, "make_shape");
    EXPECT_EQ(p.display, "uprobe:" + kTools + "/dwarf_target@dwarf_target.c:73");
  }
  EXPECT_NE(a.info.probes[0].offset, a.info.probes[1].offset);
  a = test::analyse("uprobe:" + kTools + "/dwarf_target@dwarf_target.c:73 { $x = args.s; }");
  EXPECT_NE(a.first_error().find("args is known at the entry of make_shape only"), std::string::npos)
      << a.first_error();
}

}  // namespace
}  // namespace bpfsh
