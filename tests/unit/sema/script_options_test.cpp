// getopt()'s options are gathered once, before types: one default per name,
// a given value read as the default's type, and no option the script never
// asks for.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using Kind = artifact::OptionSpec::Kind;

test::Analysed analyse_with(const std::string &text, std::map<std::string, std::string> named) {
  sema::SemaOptions o;
  o.named_args = std::move(named);
  return test::analyse(text, o);
}

TEST(ScriptOptions, EachNameOnceInTheOrderAsked) {
  auto a = analyse_with(R"(BEGIN { $a = getopt("n", -2, "count"); $b = getopt("s", "x"); $c = getopt("n", -2); }
                           END { $f = getopt("flag"); })",
                        {{"s", "given"}});
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.script_options.size(), 3u);
  const auto &n = a.info.script_options[0];
  EXPECT_EQ(n.spec.name, "n");
  EXPECT_EQ(n.spec.kind, Kind::Int);
  EXPECT_EQ(n.spec.default_text, "-2");
  EXPECT_EQ(n.spec.description, "count");
  EXPECT_EQ(n.number, -2);
  EXPECT_EQ(a.info.script_options[1].text, "given");
  EXPECT_EQ(a.info.script_options[2].spec.kind, Kind::Flag);
  EXPECT_FALSE(a.info.script_options[2].flag);
}

TEST(ScriptOptions, AFlagTakesTheWordsOfABool) {
  for (auto [given, want] : {std::pair{"", true}, {"1", true}, {"true", true}, {"0", false}, {"false", false}}) {
    auto a = analyse_with(R"(BEGIN { $f = getopt("v", true); })", {{"v", given}});
    ASSERT_TRUE(a.ok) << a.first_error();
    EXPECT_EQ(a.info.script_options[0].flag, want) << given;
  }
}

TEST(ScriptOptions, OptionsNoGetoptAsksForAreErrors) {
  auto a = analyse_with(R"(BEGIN { $n = getopt("count", 1); })", {{"count", "2"}, {"cuont", "3"}});
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Unexpected command line options: cuont"), std::string::npos) << a.first_error();
}

TEST(ScriptOptions, HelpIsNeverUnexpected) {
  auto a = analyse_with(R"(BEGIN { $n = getopt("count", 1); })", {{"help", ""}});
  EXPECT_TRUE(a.ok) << a.first_error();
}

}  // namespace
}  // namespace bpfsh
