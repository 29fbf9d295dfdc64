// Where string temporaries live and which strings carry the truncation trailer.
#include <gtest/gtest.h>

#include <sstream>

#include "codegen/codegen.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

// The module's IR (before optimisation) and whether it compiled.
std::string ir_of(const std::string &text, bool &ok, std::optional<artifact::Artifact> *out = nullptr) {
  auto a = test::analyse(text);
  EXPECT_TRUE(a.ok) << a.first_error();
  std::ostringstream ir;
  driver::Options o;
  o.dumps.ir = true;
  o.dumps.out = &ir;
  auto art = driver::emit(*a.ctx, o, a.info, a.diags);
  ok = art.has_value();
  if (out) *out = std::move(art);
  return ir.str();
}

TEST(StringStorage, DefaultStringsGoToOneScratchSlotPerProgram) {
  bool ok = false;
  std::string ir = ir_of(
      "tracepoint:syscalls:sys_enter_openat { $s = str(args.filename); @[$s] = count(); printf(\"%s\\n\", $s); }"
      "tracepoint:syscalls:sys_enter_dup { printf(\"%s %s\\n\", comm, str(args.fildes)); }"
      "BEGIN { @n = 1; }",
      ok);
  ASSERT_TRUE(ok);
  // Two programs use scratch, BEGIN does not: two slots.
  EXPECT_NE(ir.find("@scratch = "), std::string::npos);
  EXPECT_EQ(ir.find("scratch.tmp"), std::string::npos);
  // No 1 KiB stack buffer is left.
  EXPECT_EQ(ir.find("alloca [1024 x i8]"), std::string::npos);
  EXPECT_EQ(ir.find("alloca [1032 x i8]"), std::string::npos);
}

TEST(StringStorage, SmallValuesStayOnTheStack) {
  bool ok = false;
  std::string ir = ir_of("BEGIN { @[comm] = count(); $x = 1; printf(\"%d\\n\", $x); }", ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ir.find("@scratch"), std::string::npos);
}

TEST(StringStorage, OnStackLimitMovesSmallStringsToScratch) {
  bool ok = false;
  std::string ir = ir_of("config = { on_stack_limit = 8 } BEGIN { @[comm] = count(); }", ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(ir.find("@scratch = "), std::string::npos);
}

TEST(StringStorage, TooMuchScratchForOneProgramIsAnError) {
  auto a = test::analyse(
      "config = { max_strlen = 2000000 } tracepoint:syscalls:sys_enter_openat "
      "{ $a = str(args.filename); $b = str(args.filename); printf(\"%s %s\\n\", $a, $b); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  driver::Options o;
  EXPECT_FALSE(driver::emit(*a.ctx, o, a.info, a.diags));
  EXPECT_TRUE(a.diags.has_errors());
}

TEST(StringStorage, StringsPast32KiBFitAndAreZeroedInALoop) {
  bool ok = false;
  std::string ir = ir_of(
      "config = { max_strlen = 40000 } tracepoint:syscalls:sys_enter_openat "
      "{ $a = str(args.filename); printf(\"%d %s\\n\", strlen($a), $a); }",
      ok);
  ASSERT_TRUE(ok);
  // A plain array indexed by CPU: a per-CPU value can not hold 40 KB.
  EXPECT_NE(ir.find("@scratch = "), std::string::npos);
  EXPECT_NE(ir.find("_zero"), std::string::npos);
  EXPECT_NE(ir.find("_copy"), std::string::npos);
  EXPECT_NE(ir.find("_strlen"), std::string::npos);
}

TEST(StringStorage, StatementsEndTheirTemporaries) {
  bool ok = false;
  std::string ir = ir_of("BEGIN { @s[1] = \"one\"; @s[2] = \"two\"; $x = 1; }", ok);
  ASSERT_TRUE(ok);
  // Each map store's key slot ends with its statement; the variable's does not.
  EXPECT_NE(ir.find("call void @llvm.lifetime.end.p0(i64 8, ptr %\"@s.key\")"), std::string::npos) << ir;
  EXPECT_EQ(ir.find("lifetime.start.p0(i64 8, ptr %\"$x\")"), std::string::npos);
}

TEST(StringStorage, StringsReadAtRunTimeCarryTheTrailer) {
  bool ok = false;
  std::optional<artifact::Artifact> art;
  ir_of("config = { max_strlen = 32; str_trunc_trailer = \"~\" } tracepoint:syscalls:sys_enter_openat "
        "{ printf(\"%s %s %s %s\\n\", str(args.filename), str(args.filename, 4), comm, \"lit\"); "
        "@[str(args.filename)] = 1; }",
        ok, &art);
  ASSERT_TRUE(ok && art);
  auto &args = art->formats.at(0).args;
  ASSERT_EQ(args.size(), 4u);
  // A string that fills its type was cut: str() reads one byte more than
  // its type holds (max_strlen under 1024), so only a long string does.
  EXPECT_EQ(args[0].layout.trunc_len, 32u);
  EXPECT_EQ(args[0].layout.trailer, "~");
  EXPECT_EQ(args[1].layout.trunc_len, 5u);  // str(p, 4): string[5], read to its NUL
  EXPECT_EQ(args[2].layout.trunc_len, 16u);  // comm, always NUL-ended
  EXPECT_EQ(args[3].layout.trunc_len, 4u);  // a literal, too
  EXPECT_EQ(art->maps.at(0).key.trunc_len, 32u);
  EXPECT_EQ(art->maps.at(0).key.trailer, "~");
}

// The read: max_strlen + 1 bytes under 1024 (a fitting string keeps its NUL
// inside the type, a longer one fills it), max_strlen from 1024 on.
TEST(StringStorage, StrReadsOneMoreByteBelow1024) {
  bool ok = false;
  std::string small = ir_of("config = { max_strlen = 32 } tracepoint:syscalls:sys_enter_openat "
                            "{ printf(\"%s\\n\", str(args.filename)); }", ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(small.find("i64 33,"), std::string::npos) << small;
  std::string big = ir_of("config = { max_strlen = 1024 } tracepoint:syscalls:sys_enter_openat "
                          "{ printf(\"%s\\n\", str(args.filename)); }", ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(big.find("i64 1024,"), std::string::npos) << big;
  EXPECT_EQ(big.find("i64 1025,"), std::string::npos) << big;
}

}  // namespace
}  // namespace bpfsh
