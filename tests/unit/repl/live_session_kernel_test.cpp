// The REPL's live session against the real kernel (needs root): blocks share
// maps by name, keep their contents, and failed entries change nothing.
#include "repl/live_session.h"

#include <gtest/gtest.h>

#include "capture.h"
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "repl/input.h"
#include "sema/sema_test_util.h"

namespace bpfsh::repl {
namespace {

using testing::Capture;

class LiveSessionKernel : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(geteuid(), 0u) << "kernel tests need root"; }

  // Adds or runs one entry; returns the rendered errors ("" on success).
  std::string enter(const std::string &text) {
    Input in = parse_input(text);
    Diagnostics diags;
    bool ok = false;
    if (in.kind == InputKind::Probes) ok = live.add_probes(*in.ctx, diags).has_value();
    if (in.kind == InputKind::Statements) ok = live.run_statements(*in.ctx, in.stmts, diags);
    std::string errors;
    for (const auto &d : (in.kind == InputKind::Error ? in.diags : diags).all())
      errors += render_diagnostic(d, in.ctx->source);
    if (!ok && errors.empty()) errors = "not added";
    return errors;
  }

  std::string counter(const std::string &tp, const std::string &body) {
    return "tracepoint:syscalls:" + tp + " /pid == " + std::to_string(getpid()) + "/ { " + body + " }";
  }

  static void getppids(int n) {
    for (int i = 0; i < n; i++) syscall(SYS_getppid);
  }

  Capture out;
  LiveSession live{runtime::SessionOptions{.out = out.f, .quiet = true}, false, test::live_host()};
};

TEST_F(LiveSessionKernel, StatementsRunOnceAndShareMaps) {
  EXPECT_EQ(enter("@x = 5"), "");
  EXPECT_EQ(enter("printf(\"%d\\n\", @x + 1)"), "");
  EXPECT_EQ(enter("@x * 2"), "");
  EXPECT_EQ(enter("@x"), "");
  EXPECT_EQ(out.take(), "6\n10\n@x: 5\n");
  EXPECT_TRUE(live.block_ids().empty());
}

TEST_F(LiveSessionKernel, BlocksShareAMapAndKeepItsContents) {
  EXPECT_EQ(enter(counter("sys_enter_getppid", "@n = count();")), "");
  getppids(3);
  ASSERT_TRUE(live.session().print_map("@n"));
  EXPECT_EQ(out.take(), "@n: 3\n");

  EXPECT_EQ(enter(counter("sys_exit_getppid", "@n = count();")), "");
  getppids(2);
  ASSERT_TRUE(live.session().print_map("@n"));
  EXPECT_EQ(out.take(), "@n: 7\n");
  EXPECT_EQ(live.block_ids(), (std::vector<int>{1, 2}));

  EXPECT_EQ(live.detach("1"), "");
  getppids(2);
  ASSERT_TRUE(live.session().print_map("@n"));
  EXPECT_EQ(out.take(), "@n: 9\n");
  EXPECT_EQ(live.block_ids(), (std::vector<int>{2}));
  auto rows = live.probes();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].probe, "tracepoint:syscalls:sys_exit_getppid");
  ASSERT_TRUE(live.hits_counted()) << "BPF run statistics could not be enabled";
  EXPECT_GE(rows[0].hits, 4u);
}

TEST_F(LiveSessionKernel, TypeClashIsLocatedAndChangesNothing) {
  EXPECT_EQ(enter(counter("sys_enter_getppid", "@n = count();")), "");
  std::string err = enter("BEGIN { @n = \"text\"; }");
  EXPECT_EQ(err,
            "stdin:1:9-20: ERROR: Type mismatch for @n: trying to assign value of type 'string' when map "
            "already contains a value of type 'count_t'\n"
            "BEGIN { @n = \"text\"; }\n"
            "        ~~~~~~~~~~~\n");
  EXPECT_EQ(live.block_ids(), (std::vector<int>{1}));
  ASSERT_EQ(live.maps().size(), 1u);
  EXPECT_EQ(live.maps()[0].value.kind, ast::TypeKind::Count);
}

TEST_F(LiveSessionKernel, AFailedAttachRemovesTheWholeEntry) {
  std::string entry = counter("sys_enter_getppid", "@n = count();") +
                      " uprobe:/proc/self/exe:no_such_function_here { @n = count(); }";
  std::string err = enter(entry);
  EXPECT_NE(err.find("no_such_function_here"), std::string::npos) << err;
  EXPECT_TRUE(live.block_ids().empty());
  // The ids of the failed entry are free again.
  EXPECT_EQ(enter(counter("sys_enter_getppid", "@m = count();")), "");
  EXPECT_EQ(live.block_ids(), (std::vector<int>{1}));
}

// Each line is a program of its own; its variables live on for the next.
TEST_F(LiveSessionKernel, ScratchVariablesOutliveTheirLine) {
  EXPECT_EQ(enter("$x = 5"), "");
  EXPECT_EQ(enter("$x + 1"), "");
  EXPECT_EQ(enter("printf(\"%d\\n\", $x)"), "");
  EXPECT_EQ(enter("$x = $x * 2; $s = comm; if ($x > 1) { $x = $x + 1; $inner = 1; }"), "");
  EXPECT_EQ(enter("printf(\"%d %s\\n\", $x, $s)"), "");
  EXPECT_EQ(out.take(), "6\n5\n11 " + std::string(program_invocation_short_name).substr(0, 15) + "\n");
  // Checked as in a script: the type stays, and a block's own variable ends with it.
  EXPECT_EQ(enter("$x = \"s\""),
            "stdin:1:1-9: ERROR: Type mismatch for $x: trying to assign value of type 'string' when variable "
            "already contains a value of type 'int64'\n"
            "$x = \"s\"\n"
            "~~~~~~~~\n");
  EXPECT_NE(enter("$inner").find("ERROR: Undefined or undeclared variable: $inner"), std::string::npos);
  // A failed line changed nothing.
  EXPECT_EQ(enter("$x"), "");
  EXPECT_EQ(out.take(), "11\n");
  // The maps that hold them are not the user's.
  EXPECT_TRUE(live.user_maps().empty());
  ASSERT_TRUE(live.finish());
  EXPECT_EQ(out.take(), "\n\n");  // bpftrace's two newlines at exit, and no map
}

TEST_F(LiveSessionKernel, SavedTextIsEachProbeAsWritten) {
  EXPECT_EQ(enter("BEGIN { @a = 1; }\ntracepoint:syscalls:sys_enter_getppid {\n  @b = count();\n}"), "");
  EXPECT_EQ(live.block_texts(),
            (std::vector<std::string>{"BEGIN { @a = 1; }", "tracepoint:syscalls:sys_enter_getppid {\n  @b = count();\n}"}));
}

}  // namespace
}  // namespace bpfsh::repl
