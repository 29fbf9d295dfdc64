// The builtin registry: its rows are complete, its lookups and names are
// what sema and the REPL rely on, and the rules its rows state are enforced.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sema/builtins.h"
#include "sema/registry/registry.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

namespace reg = sema::registry;
using test::analyse;

TEST(Registry, EveryRowIsComplete) {
  for (const reg::Row *r : reg::rows()) {
    SCOPED_TRACE(r->name);
    std::string doc = r->doc, sig = r->signature;
    EXPECT_FALSE(doc.empty());
    EXPECT_EQ(doc.find('\n'), std::string::npos) << "the doc is one line";
    EXPECT_EQ(doc.back(), '.') << "the doc is a sentence";
    EXPECT_FALSE(sig.empty());
    EXPECT_LT(static_cast<unsigned>(r->family), static_cast<unsigned>(reg::Family::Count));
    if (r->kind == reg::Kind::Function) {
      EXPECT_EQ(sig.rfind(std::string(r->name) + "(", 0), 0u) << "a signature starts with the name";
      EXPECT_NE(r->check, nullptr);
      EXPECT_TRUE(r->max_args == reg::kVariadic || r->min_args <= r->max_args);
      EXPECT_EQ(r->lower, nullptr);
    } else {
      EXPECT_EQ(r->check, nullptr);
      EXPECT_EQ(r->min_args + r->max_args, 0);
      EXPECT_EQ(r->lower != nullptr, r->lowering == reg::Lowering::Always) << "a lowered variable names how";
    }
    // A row sema lowers leaves codegen nothing to look up.
    EXPECT_EQ(r->lowering == reg::Lowering::None, r->emit != reg::EmitId::None);
  }
}

TEST(Registry, NamesAreUniquePerKind) {
  std::set<std::pair<std::string, reg::Kind>> seen;
  for (const reg::Row *r : reg::rows()) EXPECT_TRUE(seen.insert({r->name, r->kind}).second) << r->name;
}

TEST(Registry, LooksUpFunctionsAndVariablesApart) {
  ASSERT_NE(reg::function("printf"), nullptr);
  EXPECT_EQ(reg::function("printf")->kind, reg::Kind::Function);
  EXPECT_EQ(reg::variable("printf"), nullptr);
  ASSERT_NE(reg::variable("nsecs"), nullptr);
  EXPECT_EQ(reg::variable("nsecs")->kind, reg::Kind::Variable);
  EXPECT_EQ(reg::function("nsecs")->args, reg::ArgForm::Words);
  EXPECT_EQ(reg::function("no_such_function"), nullptr);
}

TEST(Registry, ArgNIsAPatternUpToTheUsdtLimit) {
  ASSERT_NE(reg::variable("arg0"), nullptr);
  EXPECT_EQ(reg::variable("arg0"), reg::variable("arg11"));
  EXPECT_EQ(reg::variable("arg12"), nullptr);
  EXPECT_EQ(reg::variable("argN"), nullptr) << "the row's name is not a builtin";
  // Past arg5 only USDT sites have arguments.
  auto a5 = sema::lookup_builtin("arg5", 64), a6 = sema::lookup_builtin("arg6", 64);
  ASSERT_TRUE(a5 && a6);
  EXPECT_TRUE(a5->probes & sema::probe_bit(sema::ProbeType::Uprobe));
  EXPECT_EQ(a6->probes, sema::probe_bit(sema::ProbeType::Usdt));
  EXPECT_FALSE(sema::lookup_builtin("args", 64)) << "args is only part of args.NAME";
}

TEST(Registry, CompletionNamesAreSortedAndSpellArgumentsOut) {
  auto vars = sema::builtin_names();
  EXPECT_TRUE(std::is_sorted(vars.begin(), vars.end()));
  for (const char *want : {"arg0", "arg11", "args", "pid", "comm", "kstack"})
    EXPECT_NE(std::find(vars.begin(), vars.end(), want), vars.end()) << want;
  EXPECT_EQ(std::find(vars.begin(), vars.end(), "argN"), vars.end());
  auto fns = sema::function_names();
  EXPECT_TRUE(std::is_sorted(fns.begin(), fns.end()));
  for (const char *want : {"printf", "count", "kstack", "nsecs", "getopt"})
    EXPECT_NE(std::find(fns.begin(), fns.end(), want), fns.end()) << want;
  EXPECT_EQ(fns.size(), std::set<std::string>(fns.begin(), fns.end()).size());
}

TEST(Registry, ProbePhrasesNameTheProbeTypes) {
  const reg::Row *path = reg::function("path");
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(reg::probes_phrase(path->probes, path->wording), "'fentry', 'fexit', 'iter'");
  const reg::Row *sig = reg::function("signal");
  EXPECT_EQ(reg::probes_phrase(sig->probes, sig->wording), "BEGIN or END");
}

// The rules the row states, checked once for every function (sema/calls.cpp).
TEST(Registry, RowsRulesAreEnforced) {
  EXPECT_EQ(analyse("BEGIN { $n = strlen(\"a\", \"b\"); }").first_error(), "strlen() takes 1 argument, 2 given");
  EXPECT_EQ(analyse("BEGIN { @h = lhist(1, 2); }").first_error(), "lhist() takes 4 arguments, 2 given");
  EXPECT_EQ(analyse("BEGIN { printf(); }").first_error(), "printf() needs a string literal as its first argument");
  EXPECT_EQ(analyse("BEGIN { system(\"ls\"); }").first_error(), "system() is an unsafe function");
  EXPECT_EQ(analyse("tracepoint:syscalls:sys_enter_dup { $a = uaddr(\"main\"); }").first_error(),
            "uaddr can not be used with 'tracepoint:syscalls:sys_enter_dup' probes");
  EXPECT_EQ(analyse("BEGIN { $p = path(0); }").first_error(),
            "The path function can only be used with 'fentry', 'fexit', 'iter' probes");
  sema::SemaOptions unsafe;
  unsafe.unsafe = true;
  EXPECT_EQ(analyse("BEGIN { signal(9); }", unsafe).first_error(), "signal() can not be used in BEGIN or END probes");
}

TEST(Registry, AggregationsAreTheAggregatesFamily) {
  EXPECT_TRUE(analyse("BEGIN { @c = count(); @h = hist(3); }").ok);
  EXPECT_EQ(analyse("BEGIN { count(); }").first_error(), "count() should be directly assigned to a map");
  for (const reg::Row *r : reg::rows()) {
    if (r->family == reg::Family::Aggregates) {
      EXPECT_EQ(r->emit, reg::EmitId::Aggregate) << r->name;
    }
  }
}

TEST(Registry, UnknownFunctionsGetTheNearestName) {
  auto a = analyse("BEGIN { prinft(\"x\"); }");
  ASSERT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "Unknown function: prinft");
  ASSERT_FALSE(a.diags.all().empty());
  ASSERT_FALSE(a.diags.all()[0].hints.empty());
  EXPECT_EQ(a.diags.all()[0].hints[0], "did you mean printf()?");
}

}  // namespace
}  // namespace bpfsh
