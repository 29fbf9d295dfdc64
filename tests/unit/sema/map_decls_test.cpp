// let @m = hash(N); declarations at the top level.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using test::analyse;

TEST(MapDecls, KindAndSizeAreRecorded) {
  auto a = analyse("let @a = lruhash(7); let @b = percpuhash(3); BEGIN { @a[1] = 2; @b = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@a")->declared_kind, "lruhash");
  EXPECT_EQ(a.info.find_map("@a")->declared_entries, 7u);
  EXPECT_EQ(a.info.find_map("@b")->declared_kind, "percpuhash");
  EXPECT_TRUE(a.info.find_map("@b")->value.is_agg());
}

TEST(MapDecls, KindMustFitTheValue) {
  EXPECT_EQ(analyse("let @a = hash(7); BEGIN { @a = count(); }").first_error(),
            "Incompatible map types. Type from declaration: hash. Type from value/key type: percpuhash");
  EXPECT_EQ(analyse("let @a = percpulruhash(7); BEGIN { @a = 1; }").first_error(),
            "Incompatible map types. Type from declaration: percpulruhash. Type from value/key type: lruhash");
}

TEST(MapDecls, BadDeclarations) {
  EXPECT_EQ(analyse("let @a = array(7); BEGIN { @a = 1; }").first_error(), "Invalid map declaration type: array");
  EXPECT_EQ(analyse("let @a = hash(1); let @a = hash(2); BEGIN { @a = 1; }").first_error(),
            "map @a is declared twice");
  EXPECT_FALSE(analyse("let @a = hash(0); BEGIN { @a = 1; }").ok);
}

TEST(MapDecls, ReadingADeclaredMapNeverStoredIsAnError) {
  EXPECT_EQ(analyse("let @a = hash(2); BEGIN { print(@a[1]); }").first_error(), "Undefined map: @a");
}

TEST(MapDecls, UnusedDeclarationWarns) {
  auto a = analyse("let @a = hash(2); BEGIN { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_FALSE(a.diags.all().empty());
  EXPECT_EQ(a.diags.all()[0].message, "Unused map: @a");
}

}  // namespace
}  // namespace bpfsh
