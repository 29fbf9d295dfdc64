// What codegen records for the functions whose work happens in user space,
// and for -k and -p.
#include <gtest/gtest.h>

#include "codegen/codegen.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

std::optional<artifact::Artifact> build(const std::string &text, bool helper_checks = false,
                                       int64_t pid = 0) {
  sema::SemaOptions so;
  so.pid = pid;
  auto a = test::analyse(text, so);
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return std::nullopt;
  driver::Options o;
  o.codegen.helper_checks = helper_checks;
  return driver::emit(*a.ctx, o, a.info, a.diags);
}

TEST(RuntimeCalls, TimeJoinAndMessagesAreRecorded) {
  auto art = build("BEGIN { time(); time(\"%Y\"); warnf(\"w %d\", 1); errorf(\"e\"); }\n"
                   "tracepoint:syscalls:sys_enter_execve { join(args.argv, \",\"); }");
  ASSERT_TRUE(art);
  ASSERT_EQ(art->time_formats.size(), 2u);
  EXPECT_EQ(art->time_formats[0], "%H:%M:%S\n");
  EXPECT_EQ(art->time_formats[1], "%Y");
  ASSERT_EQ(art->joins.size(), 1u);
  EXPECT_EQ(art->joins[0].sep, ",");
  ASSERT_EQ(art->formats.size(), 2u);
  EXPECT_EQ(art->formats[0].level, artifact::FormatSpec::Level::Warning);
  EXPECT_EQ(art->formats[1].level, artifact::FormatSpec::Level::Error);
  ASSERT_EQ(art->sites.size(), 2u);
  EXPECT_EQ(art->sites[art->formats[0].site].col, 29);
  EXPECT_EQ(art->source_name, "stdin");
}

TEST(RuntimeCalls, HelperChecksOnlyUnderK) {
  const char *prog = "BEGIN { $t = (struct task_struct *)0; @x[1] = $t->pid; delete(@x[1]); }";
  // Without -k only the map update's full-map counter has a place.
  auto plain = build(prog);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->sites.size(), 1u);
  EXPECT_EQ(plain->map_full_sites, (std::vector<uint32_t>{0}));
  auto checked = build(prog, true);
  ASSERT_TRUE(checked);
  std::vector<std::string> helpers;
  for (auto &s : checked->sites) helpers.push_back(s.helper);
  EXPECT_EQ(helpers,
            (std::vector<std::string>{"probe_read", "map_update_elem", "map_update_elem", "map_delete_elem"}));
  EXPECT_EQ(checked->map_full_sites, (std::vector<uint32_t>{1}));
}

// Each map update counts refusals in a slot of its own, at its statement.
TEST(RuntimeCalls, MapFullCountedPerStatement) {
  auto art = build("BEGIN { @a[1] = 1; @b[1] = count(); @a[2]++; }");
  ASSERT_TRUE(art);
  ASSERT_EQ(art->map_full_sites.size(), 3u);
  const auto &first = art->sites[art->map_full_sites[0]];
  EXPECT_EQ(first.helper, "map_update_elem");
  EXPECT_EQ(first.col, 9);
  EXPECT_EQ(first.end_col, 17);
  EXPECT_EQ(art->sites[art->map_full_sites[1]].col, 20);
  EXPECT_EQ(art->sites[art->map_full_sites[2]].col, 37);
}

TEST(RuntimeCalls, PidFilterReachesUprobesOnly) {
  auto art = build("BEGIN { } tracepoint:syscalls:sys_enter_dup { } uprobe:/bin/bash:readline { }", false, 42);
  ASSERT_TRUE(art);
  ASSERT_EQ(art->probes.size(), 3u);
  EXPECT_EQ(art->probes[0].pid, 0);
  EXPECT_EQ(art->probes[1].pid, 0);  // filtered in the program instead
  EXPECT_EQ(art->probes[2].pid, 42);
}

}  // namespace
}  // namespace bpfsh
