// bpfsh -l 'struct NAME': the kernel's named types, and with -lv their C
// definitions, as bpftrace lists them.
#include <gtest/gtest.h>


#include "sema/probe_list.h"
#include "sema/sema_test_util.h"

namespace bpfsh::sema {
namespace {

std::vector<std::string> names(host::Host &host, const std::string &pattern, bool verbose) {
  std::vector<std::string> warnings, out;
  for (auto &p : list_probes(host, pattern, 0, verbose, warnings)) out.push_back(p.name);
  EXPECT_TRUE(warnings.empty()) << warnings[0];
  return out;
}

TEST(TypeListing, AStructByNameIsListedByItsCName) {
  EXPECT_EQ(names(test::fake_host(), "struct task_struct", false), std::vector<std::string>{"struct task_struct"});
  EXPECT_EQ(names(test::fake_host(), "enum skb_*", false), std::vector<std::string>{"enum skb_drop_reason"});
  EXPECT_TRUE(names(test::fake_host(), "union task_struct", false).empty());
}

TEST(TypeListing, AWildcardListsEveryMatchSortedAndNoAnonymousOne) {
  EXPECT_EQ(names(test::fake_host(), "struct bpf_iter*", false),
            (std::vector<std::string>{"struct bpf_iter__task", "struct bpf_iter_meta"}));
  for (const auto &n : names(test::fake_host(), "struct *", false)) EXPECT_NE(n, "struct ");
}

TEST(TypeListing, VerboseGivesTheDefinitionWithItsFieldsAndTheirTypes) {
  auto l = names(test::fake_host(), "struct sched_entity", true);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0],
            "struct sched_entity {\n"
            "\tstruct load_weight load;\n"
            "\tlong unsigned int vruntime;\n"
            "\tunsigned int on_rq: 1;\n"
            "};\n");
}

TEST(TypeListing, VerboseListsATypeAlsoWhenAnotherMatchEmbedsIt) {
  // task_struct embeds sched_entity, which embeds load_weight: each is
  // still listed once, by itself.
  auto l = names(test::fake_host(), "struct *", true);
  int sched_entity = 0;
  for (const auto &d : l) {
    EXPECT_EQ(d.rfind("struct ", 0), 0u) << d;
    EXPECT_EQ(d.substr(d.size() - 3), "};\n") << d;
    sched_entity += d.rfind("struct sched_entity {", 0) == 0;
  }
  EXPECT_EQ(sched_entity, 1);
}

// The case: 86 s at full CPU, no output (its time is a row of
// scripts/bench, bench_limits.py).
TEST(TypeListingKernel, TaskStructVerboseHasItsFields) {
  auto l = names(test::live_host(), "struct task_struct", true);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].rfind("struct task_struct {\n", 0), 0u);
  EXPECT_NE(l[0].find("\tpid_t pid;\n"), std::string::npos);
  EXPECT_NE(l[0].find("\tstruct task_struct *real_parent;\n"), std::string::npos);
  EXPECT_EQ(l[0].substr(l[0].size() - 4), "\n};\n");
}

}  // namespace
}  // namespace bpfsh::sema
