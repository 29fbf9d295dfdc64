// Probe expansion: each attach point of a block is checked on a body of its own.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using test::analyse;

const ast::Builtin *first_builtin(const ast::Block *body) {
  auto *s = static_cast<const ast::Assign *>(body->stmts[0]);
  auto *m = static_cast<const ast::MapRef *>(s->target);
  return static_cast<const ast::Builtin *>(m->keys[0]);
}

TEST(ProbeExpansion, EachAttachPointHasItsOwnBody) {
  auto a = analyse("BEGIN, interval:ms:250, END { @[probe] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 3u);
  const ast::Probe *block = a.ctx->program->probes[0];
  EXPECT_EQ(a.info.probes[0].body, block->body) << "the first attach point keeps the parsed body";
  EXPECT_NE(a.info.probes[1].body, block->body);
  EXPECT_NE(a.info.probes[2].body, a.info.probes[1].body);
  // `probe` is typed per attach point, each with its own name's length.
  EXPECT_EQ(first_builtin(a.info.probes[0].body)->type.str_size, 6u);   // BEGIN
  EXPECT_EQ(first_builtin(a.info.probes[1].body)->type.str_size, 16u);  // interval:ms:250
  EXPECT_EQ(first_builtin(a.info.probes[2].body)->type.str_size, 4u);   // END
}

TEST(ProbeExpansion, PredicatesAreCopiedToo) {
  auto a = analyse("BEGIN, END /pid > 0/ { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_NE(a.info.probes[0].predicate, nullptr);
  EXPECT_NE(a.info.probes[0].predicate, a.info.probes[1].predicate);
}

TEST(ProbeExpansion, AnErrorInEveryAttachPointIsReportedOnce) {
  auto a = analyse("BEGIN, END, interval:s:1 { $x = 1 + \"a\"; }");
  EXPECT_FALSE(a.ok);
  int errors = 0;
  for (auto &d : a.diags.all()) errors += d.severity == Severity::Error;
  EXPECT_EQ(errors, 1);
}

TEST(ProbeExpansion, AnErrorOfALaterAttachPointNamesIt) {
  // retval means something in a uretprobe only.
  auto a = analyse(std::string("uretprobe:") + BPFSH_PROBE_TARGET + ":main, BEGIN { @ = retval; }");
  ASSERT_FALSE(a.ok);
  ASSERT_EQ(a.diags.all().size(), 1u) << a.first_error();
  auto &hints = a.diags.all()[0].hints;
  EXPECT_NE(std::find(hints.begin(), hints.end(), "in attach point BEGIN"), hints.end());
}

}  // namespace
}  // namespace bpfsh
