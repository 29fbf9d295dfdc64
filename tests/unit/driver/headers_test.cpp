// #include "NAME" read from files: a header others may write is skipped
// with a warning, as import skips such a file, since its #defines expand
// into the script's code.
#include "driver/headers.h"

#include <filesystem>

#include "driver/script_dir.h"

namespace bpfsh {
namespace {
namespace fs = std::filesystem;

class Headers : public test::ScriptDir {
 protected:
  void open_to_all(const std::string &rel) {
    fs::permissions(dir_ / rel, fs::perms::others_write, fs::perm_options::add);
  }
};

TEST_F(Headers, AQuotedHeaderOthersMayWriteIsSkippedAndThenNotFound) {
  write("open.h", "#define N 1\n");
  open_to_all("open.h");
  ast::Context ctx;
  Diagnostics diags;
  EXPECT_FALSE(parse(ctx, "#include \"open.h\"\nBEGIN { @x = 1; }\n", diags));
  ASSERT_EQ(diags.all().size(), 2u);
  EXPECT_EQ(diags.all()[0].severity, Severity::Warning);
  EXPECT_EQ(diags.all()[0].message, "skipping due to global write permissions: \"" + (dir_ / "open.h").string() + "\"");
  EXPECT_EQ(diags.all()[1].message, "'open.h' file not found");
}

TEST_F(Headers, TheNextCandidateIsReadWhenTheFirstIsSkipped) {
  write("open.h", "#define N 1\n");
  open_to_all("open.h");
  write("inc/open.h", "#define N 2\n");
  ast::Context ctx;
  Diagnostics diags;
  ASSERT_TRUE(parse(ctx, "#include \"open.h\"\nBEGIN { @x = N; }\n", diags, {(dir_ / "inc").string()}));
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::Warning);
  ASSERT_EQ(ctx.imported.size(), 1u);
  EXPECT_EQ(ctx.imported[0]->source.name, (dir_ / "inc/open.h").string());
}

TEST_F(Headers, AFolderOthersMayWriteMakesItsHeadersSkipped) {
  write("shared/defs.h", "#define N 1\n");
  open_to_all("shared");
  ast::Context ctx;
  Diagnostics diags;
  parse(ctx, "#include <defs.h>\nBEGIN { @x = 1; }\n", diags, {(dir_ / "shared").string()});
  EXPECT_TRUE(ctx.imported.empty());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::Warning);
  EXPECT_NE(diags.all()[0].message.find("global write permissions"), std::string::npos);
}

}  // namespace
}  // namespace bpfsh
