// Which statement each instruction comes from, as codegen reads it back from
// the object's BTF line info (codegen/insn_sources.h); the loader's verifier
// messages point there.
#include <gtest/gtest.h>

#include "codegen/codegen.h"
#include "codegen/codegen_test_util.h"

namespace bpfsh {
namespace {

using artifact::InsnSource;

using test::build;

std::string dump(const artifact::ProbeSpec &p) {
  std::string out;
  for (const auto &s : p.insn_sources)
    out += std::to_string(s.insn) + ": " + std::to_string(s.stmt.line) + ":" + std::to_string(s.stmt.col) +
           " in " + s.loop_kind + " " + std::to_string(s.loop.line) + ":" + std::to_string(s.loop.col) + "\n";
  return out;
}

// The entry for a statement beginning at line:col, or null.
const InsnSource *stmt_at(const artifact::ProbeSpec &p, int line, int col) {
  for (const auto &s : p.insn_sources)
    if (s.stmt.line == line && s.stmt.col == col) return &s;
  return nullptr;
}

TEST(InsnSources, StatementsInOrderWithTheLoopAroundThem) {
  auto art = build("BEGIN {\n"
                   "  $i = 0;\n"
                   "  while ($i < 10) {\n"
                   "    $i++;\n"
                   "  }\n"
                   "  @x = $i;\n"
                   "}\n");
  ASSERT_TRUE(art);
  const auto &p = art->probes[0];
  EXPECT_EQ(p.place.line, 1);
  EXPECT_EQ(p.place.col, 1);
  ASSERT_FALSE(p.insn_sources.empty());
  EXPECT_EQ(p.insn_sources[0].insn, 0u);
  for (size_t i = 1; i < p.insn_sources.size(); i++) EXPECT_LT(p.insn_sources[i - 1].insn, p.insn_sources[i].insn);
  const InsnSource *body = stmt_at(p, 4, 5);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->loop_kind, "while");
  EXPECT_EQ(body->loop.line, 3);
  EXPECT_EQ(body->loop.col, 3);
  EXPECT_EQ(body->loop.end_line, 5);
  const InsnSource *after = stmt_at(p, 6, 3);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->loop.line, 0);
  EXPECT_GT(after->insn, body->insn);
}

TEST(InsnSources, CallbacksComeAfterTheProgramAsLibbpfAppendsThem) {
  // Both loop bodies are callbacks (bpf_loop); the first referenced is first.
  auto art = build("BEGIN { for ($i : 0..3) { @a = $i; } for ($j : 0..4) { @b = $j; } @c = 1; }");
  ASSERT_TRUE(art);
  const auto &p = art->probes[0];
  const InsnSource *a = stmt_at(p, 1, 27), *b = stmt_at(p, 1, 56), *c = stmt_at(p, 1, 67);
  ASSERT_TRUE(a && b && c) << dump(p);
  EXPECT_EQ(a->loop_kind, "for");
  EXPECT_EQ(a->loop.col, 9);
  EXPECT_EQ(b->loop.col, 38);
  EXPECT_LT(c->insn, a->insn);  // the probe's own code first
  EXPECT_LT(a->insn, b->insn);
}

}  // namespace
}  // namespace bpfsh
