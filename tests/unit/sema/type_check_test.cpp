#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using ast::TypeKind;
using test::analyse;

TEST(TypeCheck, MapTypesFromAssignments) {
  auto a = analyse("BEGIN { @n = 1; @s[\"k\", 2] = \"v\"; @c[comm] = count(); @h = hist(5); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *n = a.info.find_map("@n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->value.kind, TypeKind::Int);
  EXPECT_TRUE(n->key.is_none());
  auto *s = a.info.find_map("@s");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->key.kind, TypeKind::Tuple);
  EXPECT_EQ(s->key.elems[0].kind, TypeKind::Str);
  EXPECT_EQ(s->key.elems[1].kind, TypeKind::Int);
  EXPECT_EQ(s->value.kind, TypeKind::Str);
  EXPECT_EQ(a.info.find_map("@c")->value.kind, TypeKind::Count);
  EXPECT_EQ(a.info.find_map("@h")->value.kind, TypeKind::Hist);
}

TEST(TypeCheck, StringsInMapsShareOneSize) {
  // A literal and comm end up in the same key slot size.
  auto a = analyse("BEGIN { @m[\"a\"] = 1; @m[comm] = 2; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@m")->key.str_size, a.info.strlen);
}

TEST(TypeCheck, MapReadBeforeAssignmentInAnotherProbe) {
  auto a = analyse("interval:ms:10 { printf(\"%d\\n\", @later); } BEGIN { @later = 3; }");
  EXPECT_TRUE(a.ok) << a.first_error();
}

TEST(TypeCheck, MapNeverAssignedIsAnError) {
  auto a = analyse("BEGIN { printf(\"%d\\n\", @nowhere); }");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "Undefined map: @nowhere");
}

TEST(TypeCheck, MapValueTypeChange) {
  auto a = analyse("BEGIN { @x = 1; @x = \"s\"; }");
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Type mismatch for @x"), std::string::npos);
}

TEST(TypeCheck, MapKeyTypeChange) {
  auto a = analyse("BEGIN { @x[1] = 1; @x[\"one\"] = 2; }");
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Argument mismatch for @x"), std::string::npos);
}

TEST(TypeCheck, CastsKeepWidthAndSign) {
  auto a = analyse("BEGIN { $a = (int8)200; $b = (uint16)1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *assign = static_cast<ast::Assign *>(a.ctx->program->probes[0]->body->stmts[0]);
  EXPECT_EQ(assign->value->type.bits, 8u);
  EXPECT_TRUE(assign->value->type.is_signed);
}

TEST(TypeCheck, ComparisonIsUnsignedUnlessBothSigned) {
  auto a = analyse("BEGIN { $r = -1 < 1; $u = (uint64)1; $m = $u + 1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *m = static_cast<ast::Assign *>(a.ctx->program->probes[0]->body->stmts[2]);
  EXPECT_FALSE(m->value->type.is_signed);
}

TEST(TypeCheck, PrintfArgumentChecks) {
  EXPECT_FALSE(analyse("BEGIN { printf(\"%d %s\\n\", 1); }").ok);
  EXPECT_FALSE(analyse("BEGIN { printf(\"%d\\n\", 1, 2); }").ok);
  EXPECT_FALSE(analyse("BEGIN { printf(\"%d\\n\", \"s\"); }").ok);
  EXPECT_TRUE(analyse("BEGIN { printf(\"%s %d\\n\", 1, 2); }").ok);
}

TEST(TypeCheck, AggregationsOnlyIntoMaps) {
  EXPECT_FALSE(analyse("BEGIN { count(); }").ok);
  EXPECT_FALSE(analyse("BEGIN { $x = sum(1); }").ok);
  EXPECT_FALSE(analyse("BEGIN { @x += count(); }").ok);
}

TEST(TypeCheck, BuiltinsDependOnProbeType) {
  auto a = analyse("BEGIN { @r = retval; }");
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("retval"), std::string::npos);
}

TEST(TypeCheck, UnsafeFunctionsNeedTheFlag) {
  EXPECT_FALSE(analyse("BEGIN { system(\"true\"); }").ok);
  sema::SemaOptions o;
  o.unsafe = true;
  EXPECT_TRUE(analyse("BEGIN { system(\"true\"); }", o).ok);
}

TEST(TypeCheck, PositionalParamsTakeTheirArgumentsType) {
  sema::SemaOptions o;
  o.positional = {"12", "name"};
  auto a = analyse("BEGIN { $n = $1; $s = $2; $c = $#; }", o);
  ASSERT_TRUE(a.ok) << a.first_error();
  auto &stmts = a.ctx->program->probes[0]->body->stmts;
  EXPECT_EQ(static_cast<ast::Assign *>(stmts[0])->value->type.kind, TypeKind::Int);
  EXPECT_EQ(static_cast<ast::Assign *>(stmts[1])->value->type.kind, TypeKind::Str);
}

TEST(TypeCheck, LoopControlOutsideLoops) {
  EXPECT_FALSE(analyse("BEGIN { continue; }").ok);
  EXPECT_TRUE(analyse("BEGIN { while (1) { break; } }").ok);
}

TEST(TypeCheck, TupleIndexBounds) {
  EXPECT_TRUE(analyse("BEGIN { $t = (1, \"a\"); printf(\"%s\\n\", $t.1); }").ok);
  EXPECT_FALSE(analyse("BEGIN { $t = (1, \"a\"); printf(\"%d\\n\", $t.2); }").ok);
}

TEST(TypeCheck, ErrorsCarryTheirLocation) {
  auto a = analyse("BEGIN {\n  $x = $y;\n}");
  ASSERT_FALSE(a.ok);
  auto &d = a.diags.all()[0];
  EXPECT_EQ(d.range.begin.line, 2);
  EXPECT_EQ(d.range.begin.col, 8);
  EXPECT_EQ(d.range.end.col, 9);
}

}  // namespace
}  // namespace bpfsh
