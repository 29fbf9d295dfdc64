// How the REPL reads an entry: decided by the parser, never by the look of the text.
#include "repl/input.h"

#include <gtest/gtest.h>

namespace bpfsh::repl {
namespace {

InputKind kind(const std::string &text) { return parse_input(text).kind; }

TEST(Input, ProbeBlocks) {
  EXPECT_EQ(kind("tracepoint:syscalls:sys_enter_getppid { @n = count(); }"), InputKind::Probes);
  EXPECT_EQ(kind("BEGIN { printf(\"hi\\n\"); } END { }"), InputKind::Probes);
}

TEST(Input, Statements) {
  EXPECT_EQ(kind("printf(\"%d\\n\", 1 + 2)"), InputKind::Statements);
  EXPECT_EQ(kind("@x = 1; @y = 2"), InputKind::Statements);
  EXPECT_EQ(kind("@x"), InputKind::Statements);
  EXPECT_EQ(kind("1 + 2"), InputKind::Statements);
  // A lone word is also a valid start of a script (an attach point), but it
  // parses completely only as an expression.
  EXPECT_EQ(kind("comm"), InputKind::Statements);
}

TEST(Input, UnfinishedEntriesAskForMore) {
  EXPECT_EQ(kind("tracepoint:syscalls:sys_enter_getppid {"), InputKind::Incomplete);
  EXPECT_EQ(kind("tracepoint:syscalls:sys_enter_getppid {\n  @n = count();"), InputKind::Incomplete);
  EXPECT_EQ(kind("tracepoint:syscalls:sys_enter_getppid"), InputKind::Incomplete);
  EXPECT_EQ(kind("@x = 1 +"), InputKind::Incomplete);
  EXPECT_EQ(kind("if (1) {"), InputKind::Incomplete);
  EXPECT_EQ(kind("BEGIN { /* a comment"), InputKind::Incomplete);
}

TEST(Input, FinishedOnTheNextLine) {
  EXPECT_EQ(kind("tracepoint:syscalls:sys_enter_getppid {\n  @n = count();\n}"), InputKind::Probes);
  EXPECT_EQ(kind("@x = 1 +\n 2"), InputKind::Statements);
}

TEST(Input, EmptyAndComments) {
  EXPECT_EQ(kind(""), InputKind::Empty);
  EXPECT_EQ(kind("   "), InputKind::Empty);
  EXPECT_EQ(kind("// nothing"), InputKind::Empty);
}

TEST(Input, Commands) {
  EXPECT_EQ(kind(".probes"), InputKind::Command);
  EXPECT_EQ(kind("  .detach 1"), InputKind::Command);
}

TEST(Input, ErrorsComeFromTheReadingThatGotFurther) {
  // As a script this fails at its first character; as statements at the second '='.
  auto in = parse_input("@x = = 1");
  ASSERT_EQ(in.kind, InputKind::Error);
  ASSERT_FALSE(in.diags.all().empty());
  EXPECT_EQ(in.diags.all()[0].range.begin.col, 6);
  // As statements this fails at ':'; as a script inside the block.
  auto probe = parse_input("tracepoint:a:b { @x = = 1; }");
  ASSERT_EQ(probe.kind, InputKind::Error);
  EXPECT_EQ(probe.diags.all()[0].range.begin.col, 23);
}

}  // namespace
}  // namespace bpfsh::repl
