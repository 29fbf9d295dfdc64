// import "NAME";: where it looks, what joins the program, in which order,
// and how a problem in an imported file is reported.
#include "driver/imports.h"

#include <filesystem>

#include "driver/script_dir.h"

namespace bpfsh {
namespace {
namespace fs = std::filesystem;

class Imports : public test::ScriptDir {
 protected:
  std::string rendered(const Diagnostics &d, const ast::Context &ctx) {
    std::string s;
    for (auto &x : d.all()) s += render_diagnostic(x, ctx.source);
    return s;
  }
};

TEST_F(Imports, ImportedProbesAndMacrosComeFirstEachFileOnce) {
  write("lib/a.bt", "import \"lib/b.bt\";\nmacro two() { 2 }\nBEGIN { }\n");
  write("lib/b.bt", "struct pair { int x; }\nBEGIN { }\nEND { }\n");
  ast::Context ctx;
  Diagnostics diags;
  ASSERT_TRUE(parse(ctx, "import \"lib/a.bt\";\nimport \"lib/a.bt\";\nBEGIN { }\n", diags)) << rendered(diags, ctx);
  auto &p = *ctx.program;
  ASSERT_EQ(p.probes.size(), 4u);  // b's two, a's, the script's
  EXPECT_EQ(p.probes[0]->range.file, &ctx.imported[1]->source);
  EXPECT_EQ(p.probes[2]->range.file, &ctx.imported[0]->source);
  EXPECT_EQ(p.probes[3]->range.file, nullptr);
  EXPECT_EQ(p.c_defs.size(), 1u);
  EXPECT_EQ(p.macros.size(), 1u);
}

TEST_F(Imports, LooksBesideTheScriptThenInEachDirectory) {
  write("extra/lib.bt", "macro three() { 3 }\n");
  ast::Context ctx;
  Diagnostics diags;
  EXPECT_TRUE(parse(ctx, "import \"lib.bt\";\nBEGIN { }\n", diags, {(dir_ / "extra").string()}));
  EXPECT_EQ(ctx.program->macros.size(), 1u);
}

TEST_F(Imports, NotFoundNamesWhereItLooked) {
  ast::Context ctx;
  Diagnostics diags;
  EXPECT_FALSE(parse(ctx, "import \"nope.bt\";\n", diags));
  std::string want = (dir_ / "main.bt").string() + ":1:1-18: ERROR: Unable to find suitable path for import\n"
                     "import \"nope.bt\";\n~~~~~~~~~~~~~~~~~\nHINT: checked: " + (dir_ / "nope.bt").string() + "\n";
  EXPECT_EQ(rendered(diags, ctx), want);
}

TEST_F(Imports, AnErrorInAnImportedFileQuotesThatFile) {
  write("bad.bt", "BEGIN { printf(\"x\" }\n");
  ast::Context ctx;
  Diagnostics diags;
  EXPECT_FALSE(parse(ctx, "import \"bad.bt\";\nBEGIN { }\n", diags));
  std::string out = rendered(diags, ctx);
  EXPECT_EQ(out.rfind((dir_ / "bad.bt").string() + ":1:", 0), 0u) << out;
  EXPECT_NE(out.find("BEGIN { printf(\"x\" }"), std::string::npos) << out;
}

TEST_F(Imports, AFileOthersMayWriteIsSkipped) {
  write("open.bt", "BEGIN { }\n");
  fs::permissions(dir_ / "open.bt", fs::perms::others_write, fs::perm_options::add);
  ast::Context ctx;
  Diagnostics diags;
  EXPECT_FALSE(parse(ctx, "import \"open.bt\";\n", diags));
  ASSERT_EQ(diags.all().size(), 2u);
  EXPECT_EQ(diags.all()[0].message, "skipping due to global write permissions: \"" + (dir_ / "open.bt").string() + "\"");
  EXPECT_EQ(diags.all()[0].severity, Severity::Warning);
  EXPECT_EQ(diags.all()[1].message, "Unable to find suitable path for import");
}

}  // namespace
}  // namespace bpfsh
