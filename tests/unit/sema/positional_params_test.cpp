// Positional parameters become literals before any check: an argument is an
// integer literal when bpftrace reads it as a number, else a string literal;
// str($N) is always its text; attach points take the text in place of $N.
#include <gtest/gtest.h>

#include "sema/param_numbers.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using sema::ParamNumber;
using sema::read_param_number;
using Kind = ParamNumber::Kind;

test::Analysed analyse_with(const std::string &text, std::vector<std::string> args) {
  sema::SemaOptions o;
  o.positional = std::move(args);
  return test::analyse(text, o);
}

ast::Expr *assigned(const test::Analysed &a, size_t i) {
  return static_cast<ast::Assign *>(a.ctx->program->probes[0]->body->stmts[i])->value;
}

void expect_number(const char *text, uint64_t bits, bool is_unsigned = false) {
  ParamNumber n = read_param_number(text);
  EXPECT_EQ(n.kind, Kind::Number) << text;
  EXPECT_EQ(n.bits, bits) << text;
  EXPECT_EQ(n.is_unsigned, is_unsigned) << text;
}

TEST(ParamNumbers, EveryBaseBpftraceReads) {
  expect_number("42", 42);
  expect_number("0x1F", 31);
  expect_number("0b101", 5);
  expect_number("010", 8);
  expect_number("08", 8);  // not octal: its second digit is not one
  expect_number("1_000", 1000);
  expect_number("2e3", 2000);
  expect_number("7u", 7);
  expect_number("7UL", 7);
  expect_number("5ms", 5000000);
  expect_number("2d", 172800000000000ull);
  expect_number("-7", uint64_t(0) - 7);
  expect_number("-0x10", uint64_t(0) - 16);
  expect_number("-9223372036854775808", uint64_t(1) << 63);
  expect_number("0xffffffffffffffff", UINT64_MAX, true);
}

TEST(ParamNumbers, OtherTextIsAString) {
  for (const char *s : {"", "-", "hello", "12abc", "0x", "0b2", "018", "10e2", "1e0", "5 ", "--5", "4294967296u"})
    EXPECT_EQ(read_param_number(s).kind, Kind::NotANumber) << s;
}

TEST(ParamNumbers, NumbersOver64BitsAreTooLarge) {
  for (const char *s : {"18446744073709551616", "99999999999999999999999", "-9223372036854775809",
                        "0x10000000000000000", "9e19", "18446744073709551615ms"})
    EXPECT_EQ(read_param_number(s).kind, Kind::TooLarge) << s;
}

TEST(PositionalParams, BecomeIntegerOrStringLiterals) {
  auto a = analyse_with("BEGIN { $a = $1; $b = $2; $c = $3; $d = $#; $e = $4; }", {"0x10", "name", "-3"});
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(assigned(a, 0)->kind, ast::ExprKind::Int);
  EXPECT_EQ(static_cast<ast::IntLit *>(assigned(a, 0))->value, 16u);
  ASSERT_EQ(assigned(a, 1)->kind, ast::ExprKind::Str);
  EXPECT_EQ(static_cast<ast::StrLit *>(assigned(a, 1))->value, "name");
  EXPECT_EQ(static_cast<ast::IntLit *>(assigned(a, 2))->value, uint64_t(0) - 3);
  EXPECT_TRUE(assigned(a, 2)->type.is_signed);
  EXPECT_EQ(static_cast<ast::IntLit *>(assigned(a, 3))->value, 3u);
  // A missing one is 0, and said so.
  ASSERT_EQ(assigned(a, 4)->kind, ast::ExprKind::Int);
  EXPECT_EQ(static_cast<ast::IntLit *>(assigned(a, 4))->value, 0u);
  ASSERT_EQ(a.diags.all().size(), 1u);
  EXPECT_EQ(a.diags.all()[0].severity, Severity::Warning);
  EXPECT_EQ(a.diags.all()[0].message, "Positional parameter $4 is empty or not provided. ");
}

TEST(PositionalParams, StrTakesTheArgumentsText) {
  auto a = analyse_with("BEGIN { $a = str($1); $b = str($2 + 2); $c = str($3); $d = str($2, 4); $e = str($2 + 9); }",
                        {"42", "hello"});
  ASSERT_TRUE(a.ok) << a.first_error();
  const char *want[] = {"42", "llo", "", "hell", ""};
  for (size_t i = 0; i < 5; i++) {
    ASSERT_EQ(assigned(a, i)->kind, ast::ExprKind::Str) << i;
    EXPECT_EQ(static_cast<ast::StrLit *>(assigned(a, i))->value, want[i]) << i;
  }
  ASSERT_EQ(a.diags.all().size(), 1u);  // only str($2 + 9) is worth a word
  EXPECT_EQ(a.diags.all()[0].message, "literal string will always be empty");
}

TEST(PositionalParams, StandWhereALiteralMust) {
  std::vector<std::string> args = {"0", "100", "10", "3", "2"};
  EXPECT_TRUE(analyse_with("BEGIN { @h = lhist(5, $1, $2, $3); }", args).ok);
  EXPECT_TRUE(analyse_with("BEGIN { unroll($4) { @n = count(); } }", args).ok);
  auto k = analyse_with("tracepoint:syscalls:sys_enter_getpid { @k[kstack($4)] = count(); @u[ustack(perf, $5)] = count(); }",
                        args);
  ASSERT_TRUE(k.ok) << k.first_error();
  auto key = [&](size_t i) {
    auto *target = static_cast<ast::Assign *>(k.ctx->program->probes[0]->body->stmts[i])->target;
    return static_cast<ast::MapRef *>(target)->keys[0];
  };
  EXPECT_EQ(key(0)->type.stack_limit, 3u);
  EXPECT_EQ(key(1)->type.stack_limit, 2u);
  EXPECT_EQ(key(1)->type.stack_mode, ast::StackMode::Perf);
  auto c = analyse_with("config = { max_strlen = $2 } BEGIN { }", args);
  ASSERT_TRUE(c.ok) << c.first_error();
  EXPECT_EQ(c.info.config.max_strlen, 100u);
}

TEST(PositionalParams, FillInAttachPoints) {
  auto a = analyse_with("tracepoint:$1:$2, i:ms:$3, interval:s:$3 { }", {"syscalls", "sys_enter_getpid", "5"});
  ASSERT_TRUE(a.ok) << a.first_error();
  auto &aps = a.ctx->program->probes[0]->attach_points;
  EXPECT_EQ(aps[0]->raw, "tracepoint:syscalls:sys_enter_getpid");
  EXPECT_EQ(aps[1]->raw, "i:ms:5");
  ASSERT_EQ(a.info.probes.size(), 3u);
  EXPECT_EQ(a.info.probes[1].period_ns, 5000000u);
  EXPECT_EQ(a.info.probes[2].period_ns, 5000000000u);
}

TEST(PositionalParams, AQuotedDollarInAnAttachPointStays) {
  auto a = analyse_with("uprobe:/bin/sh:\"$1\" { }", {"main"});
  EXPECT_EQ(a.ctx->program->probes[0]->attach_points[0]->raw, "uprobe:/bin/sh:\"$1\"");
}

TEST(PositionalParams, ADollarBeforeAnythingElseIsAnError) {
  for (const char *ap : {"uprobe:/bin/sh:$x", "i:ms:$0"}) {
    auto a = analyse_with(std::string(ap) + " { }", {"1"});
    EXPECT_FALSE(a.ok) << ap;
    std::string c(1, ap[std::string(ap).size() - 1]);
    EXPECT_EQ(a.first_error(), "invalid trailing character for positional param: " + c +
                                   ". Try quoting this entire part if this is intentional e.g. \"$" + c + "\".");
    size_t errors = 0;
    for (auto &d : a.diags.all()) errors += d.severity == Severity::Error;
    EXPECT_EQ(errors, 1u) << "the attach point is not resolved as well";
  }
}

TEST(PositionalParams, AnArgumentOver64BitsIsAnError) {
  auto a = analyse_with("BEGIN { $x = $1; }", {"18446744073709551616"});
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "$1 is 18446744073709551616, which does not fit in 64 bits");
}

TEST(PositionalParams, MacroBodiesSeeTheArguments) {
  auto a = analyse_with("macro m() { $1 + 1 } BEGIN { $x = m(); }", {"41"});
  ASSERT_TRUE(a.ok) << a.first_error();
}

}  // namespace
}  // namespace bpfsh
