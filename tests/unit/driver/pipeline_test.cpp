// The driver: one ordered list of checking passes, and -d stages.
#include "driver/pipeline.h"

#include <gtest/gtest.h>

#include <sstream>

#include "driver/passes.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

// On the fake host, as any user.
driver::Options options() {
  driver::Options o;
  o.sema.host = &test::fake_host();
  return o;
}

std::vector<std::string> pass_names() {
  std::vector<std::string> names;
  for (auto &p : driver::checking_passes()) names.push_back(p.name);
  return names;
}

TEST(Driver, PassesRunInTheirDocumentedOrder) {
  std::vector<std::string> want = {"stdlib",           "start",         "positional-parameters",
                                   "config",           "c-definitions", "unreachable",   "macros",
                                   "script-options",   "map-declarations", "attach-points", "probe-expansion",
                                   "type-check",       "map-checks"};
  EXPECT_EQ(pass_names(), want);
}

TEST(Driver, CompilesAScriptToAnArtifact) {
  ast::Context ctx;
  ctx.source = {"t", "BEGIN { @x = count(); printf(\"%d\\n\", 1); }"};
  Diagnostics diags;
  auto art = driver::compile(ctx, options(), diags);
  ASSERT_TRUE(art) << (diags.all().empty() ? "" : diags.all()[0].message);
  EXPECT_FALSE(art->elf.empty());
  EXPECT_EQ(art->probes.size(), 1u);
  EXPECT_EQ(art->maps.size(), 1u);
}

TEST(Driver, TheStdlibIsThereForEveryCaller) {
  // assert() is a stdlib macro: a program checked without the command line
  // (the REPL's statements, the tests) still has it.
  ast::Context ctx;
  ctx.source = {"t", "BEGIN { assert(1 == 1, \"fine\"); }"};
  Diagnostics diags;
  ASSERT_TRUE(driver::parse(ctx, diags).ok);
  sema::ProgramInfo info;
  EXPECT_TRUE(driver::check(ctx, options(), info, diags))
      << (diags.all().empty() ? "" : diags.all()[0].message);
}

TEST(Driver, NoHostIsAnErrorNotACrash) {
  ast::Context ctx;
  ctx.source = {"t", "tracepoint:syscalls:sys_enter_dup { exit(); }"};
  Diagnostics diags;
  ASSERT_TRUE(driver::parse(ctx, diags).ok);
  sema::ProgramInfo info;
  EXPECT_FALSE(driver::check(ctx, driver::Options{}, info, diags));
  ASSERT_FALSE(diags.all().empty());
  EXPECT_EQ(diags.all()[0].message, "internal error: the program is checked without a host");
}

TEST(Driver, LaterPassesWaitForCleanInput) {
  // An unknown probe type fails attach resolution; type checking then does
  // not run, so the bad expression is not reported as well.
  ast::Context ctx;
  ctx.source = {"t", "nosuch:x { $a = 1 + \"s\"; }"};
  Diagnostics diags;
  ASSERT_TRUE(driver::parse(ctx, diags).ok);
  sema::ProgramInfo info;
  EXPECT_FALSE(driver::check(ctx, options(), info, diags));
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].message, "Invalid probe type: nosuch");
}

// What `-d stage` prints while compiling a small program.
std::string dump(const std::string &stage) {
  driver::Options o = options();
  EXPECT_TRUE(driver::enable_dump(o.dumps, stage));
  std::ostringstream out;
  o.dumps.out = &out;
  ast::Context ctx;
  ctx.source = {"t", "BEGIN { exit(); }"};
  Diagnostics diags;
  EXPECT_TRUE(driver::compile(ctx, o, diags));
  return out.str();
}

TEST(Driver, UnknownDumpStage) {
  driver::Dumps d;
  EXPECT_FALSE(driver::enable_dump(d, "nonsense"));
}

TEST(Driver, DumpPasses) {
  std::string out = dump("passes");
  for (auto &name : pass_names()) EXPECT_NE(out.find("-- after " + name + "\n"), std::string::npos) << name;
  EXPECT_EQ(out.find("define"), std::string::npos) << "no IR without -d ir";
}

TEST(Driver, DumpIr) { EXPECT_NE(dump("ir").find("define i64 @p0"), std::string::npos); }

}  // namespace
}  // namespace bpfsh
