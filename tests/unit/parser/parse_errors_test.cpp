// Lexer and syntax errors, checked against their exact rendered text.
#include <gtest/gtest.h>

#include <string>

#include "parser/driver.h"

namespace bpfsh::parser {
namespace {

struct ErrorCase {
  ParseResult result;
  std::string rendered;  // every diagnostic, rendered
  size_t count = 0;
};

ErrorCase parse_error(const std::string &text) {
  ast::Context ctx;
  ctx.source = {"stdin", text};
  Diagnostics diags;
  ErrorCase out;
  out.result = parse_program(ctx, diags);
  out.count = diags.all().size();
  for (auto &d : diags.all()) out.rendered += render_diagnostic(d, ctx.source);
  EXPECT_EQ(ctx.program, nullptr);
  return out;
}

TEST(ParseErrors, InvalidCharacter) {
  auto e = parse_error("BEGIN { printf(\"hi\") `x }");
  EXPECT_FALSE(e.result.ok);
  EXPECT_FALSE(e.result.incomplete);
  EXPECT_EQ(e.count, 1u);
  EXPECT_EQ(e.rendered,
            "stdin:1:22-23: ERROR: invalid character '`'\n"
            "BEGIN { printf(\"hi\") `x }\n"
            "                     ~\n");
}

TEST(ParseErrors, InvalidCharacterKeepsTabsInTheUnderline) {
  auto e = parse_error("BEGIN\t{\t$x = 1 # 2 }");
  EXPECT_FALSE(e.result.ok);
  EXPECT_EQ(e.rendered,
            "stdin:1:16-17: ERROR: invalid character '#'\n"
            "BEGIN\t{\t$x = 1 # 2 }\n"
            "     \t \t       ~\n");
}

TEST(ParseErrors, UnterminatedStringPointsAtTheOpeningQuote) {
  auto e = parse_error("BEGIN {\n  printf(\"hi);\n}");
  EXPECT_FALSE(e.result.ok);
  EXPECT_FALSE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:2:10-11: ERROR: unterminated string\n"
            "  printf(\"hi);\n"
            "         ~\n");
}

TEST(ParseErrors, UnterminatedCommentIsIncomplete) {
  auto e = parse_error("BEGIN { /* never closed");
  EXPECT_FALSE(e.result.ok);
  EXPECT_TRUE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:9-11: ERROR: unterminated comment\n"
            "BEGIN { /* never closed\n"
            "        ~~\n");
}

TEST(ParseErrors, MissingClosingBracePointsAtTheOpeningBrace) {
  auto e = parse_error("BEGIN {\n  printf(\"hi\\n\");\n");
  EXPECT_FALSE(e.result.ok);
  EXPECT_TRUE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:7-8: ERROR: unterminated block: expected '}' before end of file\n"
            "BEGIN {\n"
            "      ~\n");
}

TEST(ParseErrors, MissingInnerBracePointsAtTheInnermostOpenBrace) {
  auto e = parse_error("BEGIN { if (1) { exit()");
  EXPECT_TRUE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:16-17: ERROR: unterminated block: expected '}' before end of file\n"
            "BEGIN { if (1) { exit()\n"
            "               ~\n");
}

TEST(ParseErrors, UnexpectedToken) {
  auto e = parse_error("BEGIN { $x = 1 + ; }");
  EXPECT_FALSE(e.result.ok);
  EXPECT_FALSE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:18-19: ERROR: syntax error, unexpected ;\n"
            "BEGIN { $x = 1 + ; }\n"
            "                 ~\n");
}

TEST(ParseErrors, UnexpectedTokenListsWhatWasExpected) {
  auto e = parse_error("BEGIN { printf(\"a\") x = 3 }");
  EXPECT_FALSE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:21-22: ERROR: syntax error, unexpected identifier, expecting } or ;\n"
            "BEGIN { printf(\"a\") x = 3 }\n"
            "                    ~\n"
            "HINT: is a ';' missing before it?\n");
}

TEST(ParseErrors, NoSemicolonHintWhereOneWouldNotHelp) {
  auto e = parse_error("BEGIN { printf(\"a\"; }");
  EXPECT_EQ(e.rendered.find("HINT"), std::string::npos) << e.rendered;
}

TEST(ParseErrors, MultiCharacterTokenIsUnderlinedWhole) {
  auto e = parse_error("BEGIN { if (1) { } else else { } }");
  EXPECT_EQ(e.rendered,
            "stdin:1:25-29: ERROR: syntax error, unexpected else, expecting { or if\n"
            "BEGIN { if (1) { } else else { } }\n"
            "                        ~~~~\n");
}

TEST(ParseErrors, StrayClosingBrace) {
  auto e = parse_error("BEGIN { } }");
  EXPECT_FALSE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:11-12: ERROR: syntax error, unexpected }, expecting end of file\n"
            "BEGIN { } }\n"
            "          ~\n");
}

TEST(ParseErrors, ProbeWithoutBodyIsIncompleteAtTheLastToken) {
  auto e = parse_error("kprobe:vfs_read");
  EXPECT_TRUE(e.result.incomplete);
  EXPECT_EQ(e.rendered,
            "stdin:1:1-16: ERROR: syntax error, unexpected end of file, expecting {\n"
            "kprobe:vfs_read\n"
            "~~~~~~~~~~~~~~~\n");
}

TEST(ParseErrors, InvalidEscapeSequence) {
  auto e = parse_error("BEGIN { \"a\\qb\" }");
  EXPECT_EQ(e.rendered,
            "stdin:1:11-13: ERROR: invalid escape sequence '\\q'\n"
            "BEGIN { \"a\\qb\" }\n"
            "          ~~\n");
}

TEST(ParseErrors, IntegerTooLarge) {
  auto e = parse_error("BEGIN { 99999999999999999999 }");
  EXPECT_EQ(e.rendered,
            "stdin:1:9-29: ERROR: integer literal is too large\n"
            "BEGIN { 99999999999999999999 }\n"
            "        ~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(ParseErrors, ShebangOnlyOnTheFirstLine) {
  auto e = parse_error("BEGIN { }\n#!/bin/x\n");
  EXPECT_EQ(e.rendered,
            "stdin:2:1-2: ERROR: invalid character '#'\n"
            "#!/bin/x\n"
            "~\n");
}

TEST(ParseErrors, EveryErrorIsLocated) {
  const char *inputs[] = {"", "}", "BEGIN {", "BEGIN { (", "BEGIN { $x = }", "/", "let @m = ;",
                          "config = {", "BEGIN /pid", "BEGIN { @m[1 }", "macro f( { }"};
  for (const char *text : inputs) {
    ast::Context ctx;
    ctx.source = {"stdin", text};
    Diagnostics diags;
    ParseResult r = parse_program(ctx, diags);
    if (std::string(text).empty()) {
      EXPECT_TRUE(r.ok) << "an empty program parses";
      continue;
    }
    EXPECT_FALSE(r.ok) << text;
    ASSERT_FALSE(diags.all().empty()) << text;
    for (auto &d : diags.all()) {
      EXPECT_TRUE(d.located) << text;
      EXPECT_GE(d.range.begin.line, 1) << text;
      EXPECT_GE(d.range.begin.col, 1) << text;
      EXPECT_GE(d.range.end.col, d.range.begin.col) << text;
    }
  }
}

}  // namespace
}  // namespace bpfsh::parser
