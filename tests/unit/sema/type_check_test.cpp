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

// & of a string, tuple or struct variable or map value points at its
// bytes: *p is the value again; & of a builtin at a copy of its value. A
// value user space formats (an inet) has none.
TEST(TypeCheck, AddressOfStringsAndTuples) {
  auto a = analyse("BEGIN { $s = \"first\"; $t = (1, \"x\"); @m[1] = \"v\"; @p = &$s; @q = &$t; @r = &@m[1]; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@p")->value.str(), "string *");
  EXPECT_EQ(a.info.find_map("@q")->value.str(), "(uint64,string) *");
  EXPECT_EQ(a.info.find_map("@r")->value.elems.at(0).kind, TypeKind::Str);
  auto b = analyse("BEGIN { @c = &comm; @n = &pid; }");
  ASSERT_TRUE(b.ok) << b.first_error();
  EXPECT_EQ(b.info.find_map("@c")->value.elems.at(0).kind, TypeKind::Str);
  EXPECT_EQ(b.info.find_map("@n")->value.str(), "uint32 *");
  EXPECT_EQ(analyse("BEGIN { $p = &AF_INET; }").first_error(),
            "the & operator takes no address of a constant: AF_INET is a number");
  auto s = analyse("BEGIN { $w = curtask->se.load; @p = &$w; }");
  ASSERT_TRUE(s.ok) << s.first_error();
  EXPECT_EQ(s.info.find_map("@p")->value.str(), "struct load_weight *");
  EXPECT_EQ(analyse("BEGIN { $a = ntop(1); $p = &$a; }").first_error(),
            "the & operator takes the address of an integer, pointer, string, tuple, struct or array variable, "
            "not of inet");
}

TEST(TypeCheck, StringsInMapsShareOneSize) {
  // A literal and comm share one key slot: the larger of the two (comm's 16).
  auto a = analyse("BEGIN { @m[\"a\"] = 1; @m[comm] = 2; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@m")->key.str_size, 16u);
}

TEST(TypeCheck, MapKeyStringsWidenOverEveryUse) {
  // Keyed by comm (16 bytes) until a later probe reads it with str() (64),
  // and tuple elements widen one by one.
  auto a = analyse("BEGIN { @m[comm] = 1; @t[comm, 1] = 1; } END { @x = @m[str(0)]; @t[\"abc\", 2] = 3; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@m")->key.str_size, a.info.strlen);
  EXPECT_EQ(a.info.find_map("@t")->key.elems[0].str_size, 16u);
  auto c = analyse("BEGIN { @c[comm, tid] = count(); }");
  ASSERT_TRUE(c.ok) << c.first_error();
  EXPECT_EQ(c.info.find_map("@c")->key.storage_size(), 24u);
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

TEST(TypeCheck, ALiteralIndexPastAnArraysEndIsAnError) {
  const std::string s = "struct S { int y[4]; } BEGIN { $s = (struct S *)0; $a = $s->y[3]; $b = $s->y[4]; }";
  auto a = analyse(s);
  ASSERT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "the index 4 is out of bounds for array of size 4");
  auto &d = a.diags.all()[0];
  EXPECT_EQ(s.substr(d.range.begin.col - 1, d.range.end.col - d.range.begin.col + 1), "4");  // the index
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

// ---- maps an earlier program of a live session created (the REPL) ----

namespace bpfsh {
namespace {

sema::SemaOptions with_known(const std::string &earlier) {
  auto a = test::analyse(earlier);
  EXPECT_TRUE(a.ok) << a.first_error();
  sema::SemaOptions o;
  o.known_maps = a.info.maps;
  return o;
}

TEST(KnownMaps, ComeFirstAndKeepTheirTypes) {
  auto a = test::analyse("BEGIN { @new = 1; printf(\"%d\\n\", @n); }",
                         with_known("tracepoint:syscalls:sys_enter_getppid { @n = count(); }"));
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.maps.size(), 2u);
  EXPECT_EQ(a.info.maps[0].name, "@n");
  EXPECT_EQ(a.info.maps[0].value.kind, ast::TypeKind::Count);
  EXPECT_TRUE(a.info.maps[0].fixed);
  EXPECT_EQ(a.info.maps[1].name, "@new");
  EXPECT_FALSE(a.info.maps[1].fixed);
}

TEST(KnownMaps, AnotherValueTypeIsALocatedError) {
  auto a = test::analyse("BEGIN { @n = sum(2); }", with_known("BEGIN { @n = count(); }"));
  EXPECT_FALSE(a.ok);
  ASSERT_FALSE(a.diags.all().empty());
  EXPECT_EQ(render_diagnostic(a.diags.all()[0], a.ctx->source),
            "stdin:1:9-20: ERROR: Type mismatch for @n: trying to assign value of type 'sum_t' when map "
            "already contains a value of type 'count_t'\n"
            "BEGIN { @n = sum(2); }\n"
            "        ~~~~~~~~~~~\n");
}

TEST(KnownMaps, AnotherKeyTypeIsAnError) {
  auto a = test::analyse("BEGIN { @m[\"k\"] = 1; }", with_known("BEGIN { @m[1] = 1; }"));
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Argument mismatch for @m"), std::string::npos) << a.first_error();
}

TEST(KnownMaps, LhistBoundsCanNotChange) {
  auto a = test::analyse("BEGIN { @h = lhist(1, 0, 50, 5); }", with_known("BEGIN { @h = lhist(1, 0, 100, 10); }"));
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Type mismatch for @h: lhist"), std::string::npos) << a.first_error();
  auto same = test::analyse("BEGIN { @h = lhist(2, 0, 100, 10); }", with_known("BEGIN { @h = lhist(1, 0, 100, 10); }"));
  EXPECT_TRUE(same.ok) << same.first_error();
}

TEST(KnownMaps, ReadingOneIsNotAnUndefinedMap) {
  auto a = test::analyse("BEGIN { printf(\"%d\\n\", @n); }", with_known("BEGIN { @n = 1; }"));
  EXPECT_TRUE(a.ok) << a.first_error();
}

// A tracepoint's 2-D field (the fake host's test:grid): int grid[2][3] is 2
// arrays of 3 ints, indexed twice; char names[2][8] is 2 strings.
TEST(TypeCheck, TwoDimensionalTracepointFields) {
  auto a = analyse("tracepoint:test:grid { $g = args.grid; $x = args.grid[1][2]; $n = args.names[1]; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto &stmts = a.ctx->program->probes[0]->body->stmts;
  auto type_of = [&](size_t i) { return static_cast<ast::Assign *>(stmts[i])->value->type; };
  EXPECT_EQ(type_of(0).str(), "int32[2][3]");
  EXPECT_EQ(type_of(0).c_size(), 24u);
  EXPECT_EQ(type_of(1).str(), "int32");
  EXPECT_TRUE(type_of(2).is_str());
  EXPECT_EQ(type_of(2).str_size, 8u);
}

}  // namespace
}  // namespace bpfsh
