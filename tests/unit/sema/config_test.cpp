// The config block, BPFTRACE_<KEY> environment variables and their order.
#include <gtest/gtest.h>

#include <map>

#include "sema/config_values.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using test::analyse;

sema::SemaOptions with_env(std::map<std::string, std::string> vars) {
  sema::SemaOptions o;
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  o.env = [shared](const char *name) -> const char * {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
  return o;
}

TEST(Config, BlockSetsKeys) {
  auto a = analyse(
      "config = { max_strlen = 32; max_map_keys = 10; print_maps_on_exit = false; "
      "stack_mode = raw; missing_probes = \"warn\" } BEGIN { @[kstack] = 1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.config.max_strlen, 32u);
  EXPECT_EQ(a.info.strlen, 32u);
  EXPECT_EQ(a.info.config.max_map_keys, 10u);
  EXPECT_FALSE(a.info.config.print_maps_on_exit);
  EXPECT_EQ(a.info.find_map("@")->key.stack_mode, ast::StackMode::Raw);
  EXPECT_EQ(a.info.config.missing_probes, sema::MissingProbes::Warn);
}

TEST(Config, StringsDefaultTo1024BytesAndMayBeLarger) {
  auto d = analyse("BEGIN { }");
  ASSERT_TRUE(d.ok) << d.first_error();
  EXPECT_EQ(d.info.config.max_strlen, 1024u);
  EXPECT_EQ(d.info.strlen, 1024u);
  EXPECT_EQ(d.info.config.str_trunc_trailer, "..");
  auto a = analyse("config = { max_strlen = 4096 } BEGIN { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.strlen, 4096u);
}

TEST(Config, EnvironmentSpellingAndCaseAreAccepted) {
  auto a = analyse("config = { BPFTRACE_MAX_MAP_KEYS = 7 } BEGIN { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.config.max_map_keys, 7u);
}

// What the user chose, by key, where a default may be raised for them.
TEST(Config, TheKeysSetAreKnown) {
  auto a = analyse("config = { max_strlen = 64 } BEGIN { }", with_env({{"BPFTRACE_PERF_RB_PAGES", "8"}}));
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.config.set_keys, (std::set<std::string>{"max_strlen", "perf_rb_pages"}));
  EXPECT_TRUE(analyse("BEGIN { }").info.config.set_keys.empty());
}

TEST(Config, EnvironmentWinsOverTheBlock) {
  auto a = analyse("config = { max_map_keys = 7; stack_mode = perf } BEGIN { }",
                   with_env({{"BPFTRACE_MAX_MAP_KEYS", "9"}, {"BPFTRACE_STACK_MODE", "raw"}}));
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.config.max_map_keys, 9u);
  EXPECT_EQ(a.info.config.stack_mode, ast::StackMode::Raw);
}

TEST(Config, CommandLineStackFormatWinsOverBoth) {
  auto o = with_env({{"BPFTRACE_STACK_MODE", "raw"}});
  o.stack_mode = ast::StackMode::Perf;
  auto a = analyse("config = { stack_mode = bpftrace } BEGIN { }", o);
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.config.stack_mode, ast::StackMode::Perf);
}

TEST(Config, BadKeysAndValuesAreLocatedErrors) {
  auto a = analyse("config = { max_strlenn = 1 } BEGIN { }");
  EXPECT_EQ(a.first_error(), "Unrecognized config variable: max_strlenn");
  EXPECT_EQ(analyse("config = { max_map_keys = \"x\" } BEGIN { }").first_error(),
            "Invalid value for max_map_keys: it takes a number, written as a literal");
  EXPECT_EQ(analyse("config = { print_maps_on_exit = 2 } BEGIN { }").first_error(),
            "Invalid value for print_maps_on_exit: it must be 0 or 1 (or false/true)");
  EXPECT_EQ(analyse("config = { missing_probes = loud } BEGIN { }").first_error(),
            "Invalid value for missing_probes: it must be error, warn or ignore, not 'loud'");
  EXPECT_FALSE(analyse("config = { max_map_keys = 1 + 1 } BEGIN { }").ok);
}

TEST(Config, BadEnvironmentValuesNameTheVariable) {
  auto a = analyse("BEGIN { }", with_env({{"BPFTRACE_MAX_MAP_KEYS", "lots"}}));
  EXPECT_EQ(a.first_error(), "Env var 'BPFTRACE_MAX_MAP_KEYS' did not contain a valid number: lots");
  a = analyse("BEGIN { }", with_env({{"BPFTRACE_STACK_MODE", "fast"}}));
  EXPECT_FALSE(a.ok);
}

// The config builtin's record: every key that tunes something, with the
// value in force; keys accepted only for compatibility have none.
TEST(Config, ValuesShowWhatIsInForce) {
  sema::Config c;
  c.max_strlen = 99;
  c.stack_mode = ast::StackMode::BuildId;
  c.ustack_dwarf = true;
  c.missing_probes = sema::MissingProbes::Ignore;
  c.cpp_demangle = false;
  std::map<std::string, sema::ConfigValue> by_key;
  for (auto &v : sema::config_values(c)) by_key[v.key] = v;
  EXPECT_EQ(by_key.at("max_strlen").number, 99u);
  EXPECT_EQ(by_key.at("stack_mode").text, "build_id");
  EXPECT_EQ(by_key.at("ustack_unwind").text, "dwarf");
  EXPECT_EQ(by_key.at("missing_probes").text, "ignore");
  EXPECT_EQ(by_key.at("cpp_demangle").kind, sema::ConfigValue::Kind::Bool);
  EXPECT_EQ(by_key.at("cpp_demangle").number, 0u);
  EXPECT_EQ(by_key.at("license").text, "GPL");
  EXPECT_EQ(by_key.count("unstable_macro"), 0u);
  EXPECT_EQ(by_key.count("cache_user_symbols"), 0u);
}

TEST(Config, TheBuiltinIsARecordOfTheValues) {
  auto a = analyse("config = { max_strlen = 64 } BEGIN { $n = config.max_strlen; $m = config().stack_mode; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(analyse("BEGIN { $n = config.max_strln; }").first_error(), "Record has no field named 'max_strln'");
  EXPECT_EQ(analyse("BEGIN { $n = config(1); }").first_error(), "config() takes 0 arguments, 1 given");
}

}  // namespace
}  // namespace bpfsh
