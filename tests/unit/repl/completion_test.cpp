#include "repl/completion.h"

#include <gtest/gtest.h>

namespace bpfsh::repl {
namespace {

using Strings = std::vector<std::string>;

struct FakeSources : CompletionSources {
  Strings tracepoints() const override {
    return {"syscalls:sys_enter_getppid", "syscalls:sys_exit_getppid", "syscalls:sys_enter_openat",
            "sched:sched_switch"};
  }
  Strings tracepoint_fields(const std::string &c, const std::string &e) const override {
    if (c == "syscalls" && e == "sys_enter_openat") return {"dfd", "filename", "flags", "mode"};
    return {};
  }
  Strings functions(const std::string &binary) const override {
    return binary == "/bin/bash" ? Strings{"readline", "read_history", "main"} : Strings{};
  }
  Strings paths(const std::string &prefix) const override {
    Strings all = {"/bin/", "/bin/bash", "/bin/bzip2", "/boot/", "s.bt"};
    Strings out;
    for (auto &p : all)
      if (p.rfind(prefix, 0) == 0) out.push_back(p);
    return out;
  }
  Strings maps() const override { return {"@count", "@calls", "@x"}; }
  Strings variables() const override { return {"$pid2", "$total"}; }
  Strings block_ids() const override { return {"1", "3"}; }
  Strings members(const std::string &root, const Strings &path) const override {
    if (root != "struct task_struct *") return {};
    if (path.empty() || path == Strings{"real_parent"}) return {"pid", "prio", "real_parent", "se", "tgid"};
    if (path == Strings{"se"}) return {"on_rq", "vruntime"};
    return {};
  }
};

Completion at(const std::string &line, const std::string &pending = "") {
  return complete(pending, line, FakeSources{});
}

TEST(Completion, Commands) {
  auto c = at(".pr");
  EXPECT_EQ(c.start, 0u);
  EXPECT_EQ(c.candidates, (Strings{".print", ".probes"}));
  EXPECT_EQ(at(".q").candidates, (Strings{".quit"}));
}

TEST(Completion, CommandArguments) {
  auto m = at(".print @c");
  EXPECT_EQ(m.start, 7u);
  EXPECT_EQ(m.candidates, (Strings{"@calls", "@count"}));
  EXPECT_EQ(at(".detach ").candidates, (Strings{"1", "3", "all"}));
  EXPECT_EQ(at(".format j").candidates, (Strings{"json"}));
  EXPECT_EQ(at(".load s").candidates, (Strings{"s.bt"}));
  EXPECT_TRUE(at(".probes ").candidates.empty());
}

TEST(Completion, Providers) {
  EXPECT_EQ(at("tr").candidates, (Strings{"tracepoint:"}));
  EXPECT_EQ(at("u").candidates, (Strings{"uprobe:", "uretprobe:"}));
  EXPECT_EQ(at("B").candidates, (Strings{"BEGIN"}));
}

TEST(Completion, TracepointCategoriesThenEvents) {
  EXPECT_EQ(at("tracepoint:s").candidates, (Strings{"tracepoint:sched:", "tracepoint:syscalls:"}));
  EXPECT_EQ(at("tracepoint:syscalls:sys_enter_").candidates,
            (Strings{"tracepoint:syscalls:sys_enter_getppid", "tracepoint:syscalls:sys_enter_openat"}));
  // Short provider names keep their spelling.
  EXPECT_EQ(at("t:sch").candidates, (Strings{"t:sched:"}));
}

TEST(Completion, AttachPointAfterAComma) {
  auto c = at("tracepoint:sched:sched_switch,tracepoint:syscalls:sys_exit_g");
  EXPECT_EQ(c.start, 30u);
  EXPECT_EQ(c.candidates, (Strings{"tracepoint:syscalls:sys_exit_getppid"}));
}

TEST(Completion, UprobeBinariesThenFunctions) {
  EXPECT_EQ(at("uprobe:/bin/b").candidates, (Strings{"uprobe:/bin/bash", "uprobe:/bin/bzip2"}));
  EXPECT_EQ(at("uretprobe:/bin/bash:rea").candidates,
            (Strings{"uretprobe:/bin/bash:read_history", "uretprobe:/bin/bash:readline"}));
}

TEST(Completion, IntervalUnits) {
  EXPECT_EQ(at("interval:m").candidates, (Strings{"interval:ms:"}));
}

TEST(Completion, InsideABlock) {
  EXPECT_EQ(at("BEGIN { @c").candidates, (Strings{"@calls", "@count"}));
  EXPECT_EQ(at("BEGIN { $t").candidates, (Strings{"$total"}));
  auto c = at("BEGIN { printf(\"%s\", co");
  EXPECT_EQ(c.candidates, (Strings{"comm", "comm(", "config", "config(", "container_of(", "count("}));
  EXPECT_EQ(at("BEGIN { prin").candidates, (Strings{"print(", "printf("}));
}

// Statements at the prompt name maps too: at the start, in a call, after another statement.
TEST(Completion, MapsAndVariablesInPromptStatements) {
  auto c = at("@c");
  EXPECT_EQ(c.start, 0u);
  EXPECT_EQ(c.candidates, (Strings{"@calls", "@count"}));
  auto p = at("print(@c");
  EXPECT_EQ(p.start, 6u);
  EXPECT_EQ(p.candidates, (Strings{"@calls", "@count"}));
  EXPECT_EQ(at("clear(@x").candidates, (Strings{"@x"}));
  EXPECT_EQ(at("  delete(@ca").candidates, (Strings{"@calls"}));
  EXPECT_EQ(at("@").candidates, (Strings{"@calls", "@count", "@x"}));
  EXPECT_EQ(at("$total = 1; @co").candidates, (Strings{"@count"}));
  EXPECT_EQ(at("$t").candidates, (Strings{"$total"}));
  EXPECT_EQ(at("printf(\"%d\\n\", $p").candidates, (Strings{"$pid2"}));
  // Providers are still what a bare word offers.
  EXPECT_EQ(at("tr").candidates, (Strings{"tracepoint:"}));
}

TEST(Completion, PredicateIsAnExpression) {
  // pid is a builtin and, as pid(init), a function.
  EXPECT_EQ(at("tracepoint:sched:sched_switch /pi").candidates, (Strings{"pid", "pid("}));
}

TEST(Completion, ContinuationLinesKeepTheContext) {
  EXPECT_EQ(at("  @x = cou", "BEGIN {").candidates, (Strings{"count("}));
  EXPECT_EQ(at("tracepoint:sysc", "BEGIN { }").candidates, (Strings{"tracepoint:syscalls:"}));
}

TEST(Completion, TracepointArgsFields) {
  EXPECT_EQ(at("tracepoint:syscalls:sys_enter_openat { printf(\"%s\", str(args.f").candidates,
            (Strings{"filename", "flags"}));
  EXPECT_EQ(at("  @[args->m", "t:syscalls:sys_enter_openat /pid > 1/ {").candidates, (Strings{"mode"}));
  // A wildcard probe has no single struct to offer.
  EXPECT_TRUE(at("tracepoint:syscalls:sys_enter_* { args.f").candidates.empty());
}

TEST(Completion, NothingInsideStringsOrComments) {
  EXPECT_TRUE(at("BEGIN { printf(\"co").candidates.empty());
  EXPECT_TRUE(at("BEGIN { // co").candidates.empty());
}

TEST(Completion, CommonPrefixAndWordEnds) {
  EXPECT_EQ(common_prefix({"tracepoint:syscalls:sys_enter_getppid", "tracepoint:syscalls:sys_enter_openat"}),
            "tracepoint:syscalls:sys_enter_");
  EXPECT_EQ(common_prefix({}), "");
  EXPECT_TRUE(ends_word("@count"));
  EXPECT_TRUE(ends_word(".probes"));
  EXPECT_FALSE(ends_word("tracepoint:"));
  EXPECT_FALSE(ends_word("/bin/"));
  EXPECT_FALSE(ends_word("printf("));
}

TEST(Completion, StructMembersAfterArrowAndDot) {
  auto c = at("tracepoint:syscalls:sys_enter_getppid { @ = curtask->p");
  EXPECT_EQ(c.candidates, (Strings{"pid", "prio"}));
  EXPECT_EQ(c.start, std::string("tracepoint:syscalls:sys_enter_getppid { @ = curtask->").size());
  EXPECT_EQ(at("BEGIN { print(curtask->real_parent->t").candidates, (Strings{"tgid"}));
  EXPECT_EQ(at("BEGIN { print(curtask->se.").candidates, (Strings{"on_rq", "vruntime"}));
  EXPECT_EQ(at("BEGIN { $x = ((struct task_struct *)arg0)->s").candidates, (Strings{"se"}));
  EXPECT_EQ(at("  curtask->real_parent->p", "BEGIN {").candidates, (Strings{"pid", "prio"}));
  // Unknown roots and non-records offer nothing.
  EXPECT_TRUE(at("BEGIN { $t->").candidates.empty());
  EXPECT_TRUE(at("BEGIN { curtask->pid.").candidates.empty());
}

}  // namespace
}  // namespace bpfsh::repl
