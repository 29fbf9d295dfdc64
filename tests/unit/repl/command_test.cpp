#include "repl/command.h"

#include <gtest/gtest.h>

namespace bpfsh::repl {
namespace {

TEST(Command, NoArgument) {
  auto c = parse_command("  .probes  ");
  ASSERT_TRUE(c.has_value()) << c.error();
  EXPECT_EQ(c->kind, CommandKind::Probes);
  EXPECT_EQ(c->arg, "");
}

TEST(Command, ExtraArgumentIsAnError) {
  auto c = parse_command(".quit now");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ".quit takes no argument");
}

TEST(Command, DetachTakesAnIdOrAll) {
  EXPECT_EQ(parse_command(".detach 12")->arg, "12");
  EXPECT_EQ(parse_command(".detach all")->arg, "all");
}

TEST(Command, DetachRejectsOtherArguments) {
  for (const char *bad : {".detach", ".detach 0", ".detach x1", ".detach -3", ".detach 1 2"}) {
    auto c = parse_command(bad);
    ASSERT_FALSE(c.has_value()) << bad;
    EXPECT_EQ(c.error(), "usage: .detach ID|all") << bad;
  }
}

TEST(Command, MapCommandsTakeAMapName) {
  auto c = parse_command(".print @x");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, CommandKind::Print);
  EXPECT_EQ(c->arg, "@x");
  EXPECT_EQ(parse_command(".clear @")->arg, "@");
  EXPECT_EQ(parse_command(".zero @a_1")->kind, CommandKind::Zero);
  EXPECT_EQ(parse_command(".print x").error(), "usage: .print @map");
  EXPECT_EQ(parse_command(".clear @x[1]").error(), "usage: .clear @map");
}

TEST(Command, FormatIsTextOrJson) {
  EXPECT_EQ(parse_command(".format json")->arg, "json");
  EXPECT_EQ(parse_command(".format text")->arg, "text");
  EXPECT_EQ(parse_command(".format yaml").error(), "usage: .format text|json");
}

TEST(Command, FilesKeepTheirSpaces) {
  EXPECT_EQ(parse_command(".save /tmp/my script.bt")->arg, "/tmp/my script.bt");
  EXPECT_EQ(parse_command(".load").error(), "usage: .load FILE");
}

TEST(Command, UnknownCommand) {
  EXPECT_EQ(parse_command(".prob").error(), "unknown command '.prob' (.help lists them)");
}

TEST(Command, HelpListsEveryCommand) {
  std::string help = help_text();
  for (const auto &spec : commands()) EXPECT_NE(help.find(spec.usage), std::string::npos) << spec.usage;
}

}  // namespace
}  // namespace bpfsh::repl
