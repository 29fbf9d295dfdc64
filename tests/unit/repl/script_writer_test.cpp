#include "repl/script_writer.h"

#include <gtest/gtest.h>

#include "parser/driver.h"

namespace bpfsh::repl {
namespace {

TEST(ScriptWriter, HeaderThenBlocksSeparatedByBlankLines) {
  std::string text = render_script({"tracepoint:a:b { @n = count(); }", "BEGIN {\n  @x = 1;\n}\n\n"});
  EXPECT_EQ(text, std::string(kSavedScriptHeader) +
                      "\n"
                      "\n"
                      "tracepoint:a:b { @n = count(); }\n"
                      "\n"
                      "BEGIN {\n"
                      "  @x = 1;\n"
                      "}\n");
}

TEST(ScriptWriter, NoBlocksIsJustTheHeader) {
  EXPECT_EQ(render_script({}), std::string(kSavedScriptHeader) + "\n");
}

TEST(ScriptWriter, SliceIsInclusiveAndSpansLines) {
  SourceFile src{"x", "ab\ncdef\ng"};
  EXPECT_EQ(slice(src, {{1, 2}, {2, 3}}), "b\ncde");
  EXPECT_EQ(slice(src, {{3, 1}, {3, 1}}), "g");
}

// What .load does with a saved script: each probe's own text is a block, so
// saving again gives the same file.
TEST(ScriptWriter, SaveLoadSaveIsStable) {
  std::string saved = render_script({"tracepoint:a:b /pid == 1/ {\n  @n = count();\n}", "END { print(@n); }"});
  ast::Context ctx;
  ctx.source = {"saved.bt", saved};
  Diagnostics diags;
  ASSERT_TRUE(parser::parse_program(ctx, diags).ok);
  std::vector<std::string> blocks;
  for (auto *p : ctx.program->probes) blocks.push_back(slice(ctx.source, p->range));
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0], "tracepoint:a:b /pid == 1/ {\n  @n = count();\n}");
  EXPECT_EQ(render_script(blocks), saved);
}

}  // namespace
}  // namespace bpfsh::repl
