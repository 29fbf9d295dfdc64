#include <gtest/gtest.h>

#include <string>

#include "common/diag.h"
#include "common/format_string.h"

namespace bpfsh {
namespace {

TEST(Diag, RendersLocationSourceLineUnderlineAndHints) {
  SourceFile src{"script.bt", "BEGIN {\n\tprintf(\"%d\", $x);\n}\n"};
  Diagnostic d;
  d.range = {{2, 20}, {2, 21}};
  d.message = "Undefined or undeclared variable: $x";
  d.hints = {"assign it first"};
  EXPECT_EQ(render_diagnostic(d, src),
            "script.bt:2:20-22: ERROR: Undefined or undeclared variable: $x\n"
            "\tprintf(\"%d\", $x);\n"
            "\t                  ~~\n"
            "HINT: assign it first\n");
}

TEST(Diag, ASingleColumnEndsAtTheNextAsInBpftrace) {
  SourceFile src{"stdin", "BEGIN { ` }"};
  Diagnostic d;
  d.range = {{1, 9}, {1, 9}};
  d.message = "invalid character '`'";
  EXPECT_EQ(render_diagnostic(d, src), "stdin:1:9-10: ERROR: invalid character '`'\nBEGIN { ` }\n        ~\n");
}

// A long line is echoed around the error only, cut with "...", and the
// underline stops where the echo does.
TEST(Diag, LongLineIsEchoedAroundTheError) {
  std::string line = "BEGIN { $x = 1" + std::string(10000, ' ') + "+ $y; }";
  SourceFile src{"stdin", line};
  Diagnostic d;
  size_t at = line.find("$y") + 1;
  d.range = {{1, static_cast<int>(at)}, {1, static_cast<int>(at) + 1}};
  d.message = "Undefined or undeclared variable: $y";
  std::string out = render_diagnostic(d, src);
  std::string head = "stdin:1:" + std::to_string(at) + "-" + std::to_string(at + 2) +
                     ": ERROR: Undefined or undeclared variable: $y\n";
  ASSERT_EQ(out.substr(0, head.size()), head);
  std::string echoed = out.substr(head.size(), out.find('\n', head.size()) - head.size());
  std::string under = out.substr(head.size() + echoed.size() + 1);
  EXPECT_LE(echoed.size(), 170u);
  EXPECT_EQ(echoed.substr(0, 3), "...");
  EXPECT_NE(echoed.find("+ $y; }"), std::string::npos);
  EXPECT_EQ(under.find('~'), echoed.find("$y"));
  EXPECT_EQ(under, std::string(echoed.find("$y"), ' ') + "~~\n");

  d.range = {{1, 9}, {1, 10020}};  // a range wider than the echo
  out = render_diagnostic(d, src);
  echoed = out.substr(out.find('\n') + 1);
  EXPECT_LE(echoed.size(), 2 * 170u);
  EXPECT_EQ(echoed.substr(0, 8), "BEGIN { ");
  EXPECT_NE(echoed.find("...\n        ~~~~"), std::string::npos);
}

TEST(Diag, ShortLinesAreNotCut) {
  std::string line = "BEGIN { " + std::string(140, ' ') + "` }";
  SourceFile src{"stdin", line};
  Diagnostic d;
  d.range = {{1, 149}, {1, 149}};
  d.message = "invalid character '`'";
  EXPECT_EQ(render_diagnostic(d, src), "stdin:1:149-150: ERROR: invalid character '`'\n" + line + "\n" +
                                           std::string(148, ' ') + "~\n");
}

// A range over several lines is located by its lines alone and echoes each
// of them, without an underline, as bpftrace does.
TEST(Diag, ARangeOverSeveralLinesEchoesEveryLine) {
  SourceFile src{"s.bt", "BEGIN {\n  while ($i < 9) {\n    $i++;\n  }\n}\n"};
  Diagnostic d;
  d.range = {{2, 3}, {4, 3}};
  d.message = "while loop too long";
  d.hints = {"bound it"};
  EXPECT_EQ(render_diagnostic(d, src),
            "s.bt:2-4: ERROR: while loop too long\n"
            "  while ($i < 9) {\n"
            "    $i++;\n"
            "  }\n"
            "HINT: bound it\n");
}

// A width or precision over the cap is marked (sema rejects it) and
// clamped (what the runtime prints with).
TEST(FormatString, WidthAndPrecisionAreCapped) {
  auto f = parse_format("%999999999d %.99999999999999999999999s %4096d %04d");
  ASSERT_TRUE(f.error.empty());
  EXPECT_TRUE(f.pieces[0].over_limit);
  EXPECT_EQ(f.pieces[0].width, std::to_string(kMaxFormatWidth));
  EXPECT_EQ(f.pieces[0].text, "%999999999d");
  EXPECT_TRUE(f.pieces[2].over_limit);
  EXPECT_EQ(f.pieces[2].precision, std::to_string(kMaxFormatWidth));
  EXPECT_FALSE(f.pieces[4].over_limit);
  EXPECT_EQ(f.pieces[4].width, "4096");
  EXPECT_FALSE(f.pieces[6].over_limit);
  EXPECT_EQ(f.pieces[6].width, "4");
}

TEST(FormatString, SplitsSpecsAndText) {
  auto f = parse_format("a=%-5lld b=%s %%done\n");
  ASSERT_TRUE(f.error.empty());
  EXPECT_EQ(f.spec_count(), 2u);
  EXPECT_EQ(f.pieces[1].flags, "-");
  EXPECT_EQ(f.pieces[1].width, "5");
  EXPECT_EQ(f.pieces[1].conv, 'd');
  EXPECT_EQ(f.pieces.back().text, " %done\n");
  EXPECT_FALSE(parse_format("%q").error.empty());
}

}  // namespace
}  // namespace bpfsh
