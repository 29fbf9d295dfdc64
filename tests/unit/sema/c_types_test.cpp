// The script's C definitions and the type rules that use them: layout,
// offsetof, container_of, enums by name, and print()'s expansion of records.
#include <gtest/gtest.h>

#include "sema/c_types.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

// The first print() argument of the first probe, as sema typed it.
const ast::Type &printed(test::Analysed &a) {
  auto *stmt = static_cast<ast::ExprStmt *>(a.ctx->program->probes[0]->body->stmts[0]);
  return static_cast<ast::Call *>(stmt->expr)->args[0]->type;
}

uint64_t printed_offset(const std::string &script) {
  auto a = test::analyse(script);
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return ~0ull;
  auto *stmt = static_cast<ast::ExprStmt *>(a.ctx->program->probes[0]->body->stmts[0]);
  auto *call = static_cast<ast::Call *>(stmt->expr);
  return static_cast<ast::Offsetof *>(call->args[0])->offset;
}

TEST(ScriptTypes, LayoutFollowsCAlignmentBitfieldsAndUnions) {
  const char *defs =
      "struct s { char c; long l; short h; int b1:3; int b2:30; char tail[3]; }"
      "union u { char c[5]; int i; }"
      "struct w { union u x; struct s *next; }";
  auto a = test::analyse(std::string(defs) + " BEGIN { print(sizeof(struct s)); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  sema::CTypes types(a.info.script_types.get(), *a.info.kernel_types);
  auto s = *types.named("struct s");
  EXPECT_EQ(types.member(s, "l")->offset, 8u);
  EXPECT_EQ(types.member(s, "h")->offset, 16u);
  auto b1 = *types.member(s, "b1");
  EXPECT_EQ(b1.offset * 8 + b1.bit_offset, 18u * 8);
  EXPECT_EQ(b1.bit_size, 3u);
  auto b2 = *types.member(s, "b2");  // would straddle the int at 16: moves to 20
  EXPECT_EQ(b2.offset * 8 + b2.bit_offset, 20u * 8);
  EXPECT_EQ(types.member(s, "tail")->offset, 24u);
  EXPECT_TRUE(types.member(s, "tail")->type.is_str());
  EXPECT_EQ(s.c_size(), 32u);
  EXPECT_EQ(types.named("union u")->c_size(), 8u);
  auto w = *types.named("struct w");
  EXPECT_EQ(types.member(w, "next")->offset, 8u);
  EXPECT_EQ(types.member(w, "next")->type.str(), "struct s *");
}

TEST(ScriptTypes, OffsetofScriptAndKernelStructsThroughMembers) {
  EXPECT_EQ(printed_offset("struct in { int a; long b; } struct o { char c; struct in i; }"
                           " BEGIN { print(offsetof(struct o, i.b)); }"),
            16u);
  auto &k = *test::kernel_types();
  auto task = *k.named("struct task_struct");
  EXPECT_EQ(printed_offset("BEGIN { print(offsetof(struct task_struct, tgid)); }"), k.member(task, "tgid")->offset);
  auto se = k.member(task, "se")->offset;
  auto sched = *k.named("struct sched_entity");
  EXPECT_EQ(printed_offset("BEGIN { print(offsetof(struct task_struct, se.vruntime)); }"),
            se + k.member(sched, "vruntime")->offset);
  EXPECT_EQ(printed_offset("BEGIN { print(offsetof(*curtask, pid)); }"), k.member(task, "pid")->offset);
}

// container_of(ptr, type, member): the member's offset, and a pointer to the type.
TEST(ScriptTypes, ContainerOfIsAPointerToTheStructLessTheOffset) {
  auto a = test::analyse("struct in { int a; long b; } struct o { char c; struct in i; }"
                         " BEGIN { $b = (int64 *)8; print(container_of($b, struct o, i.b)); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *stmt = static_cast<ast::ExprStmt *>(a.ctx->program->probes[0]->body->stmts[1]);
  auto *c = static_cast<ast::Offsetof *>(static_cast<ast::Call *>(stmt->expr)->args[0]);
  EXPECT_EQ(c->offset, 16u);
  EXPECT_EQ(c->type.str(), "struct o *");
  for (auto &d : a.diags.all()) EXPECT_NE(d.severity, Severity::Warning) << d.message;

  // The kernel's macro refuses a ptr of another type than the member's: a warning here.
  auto w = test::analyse("BEGIN { print(container_of(&curtask->pid, struct task_struct, se)); }");
  ASSERT_TRUE(w.ok) << w.first_error();
  ASSERT_FALSE(w.diags.all().empty());
  EXPECT_EQ(w.diags.all()[0].severity, Severity::Warning);
  EXPECT_EQ(w.diags.all()[0].message,
            "container_of: ptr points to 'int32', but member 'se' of struct task_struct is 'struct sched_entity'");
}

TEST(ScriptTypes, ContainerOfMisuseIsLocated) {
  const std::pair<const char *, const char *> cases[] = {
      {"container_of(curtask, tasks)", "container_of(ptr, type, member) takes a type as its second argument"},
      {"container_of(\"x\", struct task_struct, se)",
       "container_of: ptr must be a pointer (or an address), not 'string'"},
      {"container_of(curtask, struct task_struct, sz)", "container_of: struct task_struct has no member named 'sz'"},
      {"container_of(curtask, int64, se)", "container_of: 'int64' is not a struct or union, it has no member 'se'"},
      {"size_of(curtask, struct task_struct, se)",
       "size_of() takes no type: only container_of(ptr, type, member), offsetof() and sizeof() do"},
      {"container_of(1, 2, struct task_struct, se)",
       "container_of(ptr, type, member) takes one pointer before the type, 2 given"},
  };
  for (const auto &[call, error] : cases)
    EXPECT_EQ(test::analyse(std::string("BEGIN { print(") + call + "); }").first_error(), error) << call;
}

TEST(ScriptTypes, EnumeratorsAreTypedByTheirEnum) {
  auto a = test::analyse("enum e { A = 4, B, C = -1 } BEGIN { print(B); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  const ast::Type &t = printed(a);
  ASSERT_TRUE(t.enum_def);
  EXPECT_EQ(t.enum_def->name, "enum e");
  EXPECT_EQ(*t.enum_def->name_of(5), "B");
  EXPECT_EQ(*t.enum_def->name_of(uint64_t(-1)), "C");
  auto k = test::analyse("BEGIN { print(BTF_VAR_GLOBAL_ALLOCATED); }");
  ASSERT_TRUE(k.ok) << k.first_error();
  ASSERT_TRUE(printed(k).enum_def);
  EXPECT_EQ(printed(k).enum_def->name, "enum (anonymous)");
}

TEST(ScriptTypes, TracepointEnumFieldsAreTypedFromBtf) {
  auto a = test::analyse("tracepoint:skb:kfree_skb { print(args.reason); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_TRUE(printed(a).enum_def);
  EXPECT_EQ(printed(a).enum_def->name, "enum skb_drop_reason");
}

TEST(ScriptTypes, PrintExpandsNestedRecordsFromBtf) {
  auto a = test::analyse("BEGIN { print(curtask->se.load); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  const ast::Type &t = printed(a);
  ASSERT_EQ(t.members.size(), t.elems.size());
  ASSERT_EQ(t.members.size(), 2u);
  EXPECT_EQ(t.members[0].name, "weight");
  EXPECT_EQ(t.members[1].name, "inv_weight");
  EXPECT_EQ(t.members[1].offset, 8u);
}

TEST(ScriptTypes, BadDefinitionsAndUsesAreErrors) {
  EXPECT_EQ(test::analyse("struct a { struct nope_x b; } BEGIN { }").first_error(),
            "Unknown type: struct nope_x (in struct a)");
  EXPECT_EQ(test::analyse("enum a { X } enum b { X } BEGIN { }").first_error(), "Redefinition of enumerator 'X'");
  auto d = test::analyse("BEGIN { print(offsetof(struct task_struct, tgdi)); }");
  EXPECT_EQ(d.first_error(), "offsetof: struct task_struct has no member named 'tgdi'");
  ASSERT_FALSE(d.diags.all().empty());
  ASSERT_FALSE(d.diags.all()[0].hints.empty());
  EXPECT_EQ(d.diags.all()[0].hints[0], "did you mean 'tgid'?");
}

}  // namespace
}  // namespace bpfsh
