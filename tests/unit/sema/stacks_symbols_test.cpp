// Types of kstack/ustack, ksym/usym, kaddr/uaddr, reg and func in uprobes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using ast::StackMode;
using ast::TypeKind;
using test::analyse;

const ast::Type &key_of(const test::Analysed &a, const std::string &map) { return a.info.find_map(map)->key; }

TEST(StacksSymbols, StackModesAndLimitsAreTyped) {
  auto a = analyse("BEGIN { @a[kstack] = 1; @b[ustack(5)] = 1; @c[kstack(perf)] = 1; @d[ustack(raw, 3)] = 1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(key_of(a, "@a").kind, TypeKind::KStack);
  EXPECT_EQ(key_of(a, "@a").stack_mode, StackMode::Bpftrace);
  EXPECT_EQ(key_of(a, "@a").stack_limit, 127u);
  EXPECT_EQ(key_of(a, "@b").kind, TypeKind::UStack);
  EXPECT_EQ(key_of(a, "@b").stack_limit, 5u);
  EXPECT_EQ(key_of(a, "@c").stack_mode, StackMode::Perf);
  EXPECT_EQ(key_of(a, "@d").stack_mode, StackMode::Raw);
  EXPECT_EQ(key_of(a, "@d").stack_limit, 3u);
  EXPECT_EQ(key_of(a, "@b").storage_size(), 24u);  // stack id, pid, the caller at an entry
  EXPECT_EQ(key_of(a, "@a").storage_size(), 8u);
}

TEST(StacksSymbols, DefaultModeComesFromTheOptions) {
  sema::SemaOptions o;
  o.stack_mode = StackMode::Perf;
  auto a = analyse("BEGIN { @a[kstack] = 1; @b[ustack(raw)] = 1; }", o);
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(key_of(a, "@a").stack_mode, StackMode::Perf);
  EXPECT_EQ(key_of(a, "@b").stack_mode, StackMode::Raw);
}

TEST(StacksSymbols, StacksOfDifferentModesDoNotShareAMap) {
  auto a = analyse("BEGIN { @[kstack] = 1; @[kstack(perf)] = 2; }");
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("Argument mismatch"), std::string::npos) << a.first_error();
}

TEST(StacksSymbols, BadStackArguments) {
  EXPECT_EQ(analyse("BEGIN { @[kstack(fast)] = 1; }").first_error(), "kstack: unknown stack mode 'fast'");
  EXPECT_EQ(analyse("BEGIN { @[ustack(0)] = 1; }").first_error(),
            "ustack: the frame limit must be between 1 and 1024");
  EXPECT_FALSE(analyse("BEGIN { @[kstack(3, perf)] = 1; }").ok);
  EXPECT_FALSE(analyse("BEGIN { @[kstack(perf, 1, 2)] = 1; }").ok);
}

TEST(StacksSymbols, BuildIdIsForUstackOnly) {
  EXPECT_EQ(analyse("BEGIN { @[kstack(build_id)] = 1; }").first_error(),
            "kstack: the build_id mode is for ustack only");
  auto a = analyse("config = { stack_mode = build_id } BEGIN { @a[kstack] = 1; @b[ustack(2)] = 1; @c[kstack(3)] = 1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(key_of(a, "@a").stack_mode, StackMode::Bpftrace);
  EXPECT_EQ(key_of(a, "@b").stack_mode, StackMode::BuildId);
  EXPECT_EQ(key_of(a, "@c").stack_mode, StackMode::Bpftrace);
}

TEST(StacksSymbols, SymbolsAndAddresses) {
  auto a = analyse("BEGIN { @k[ksym(kaddr(\"vfs_read\"))] = 1; @u[usym(1)] = 1; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(key_of(a, "@k").kind, TypeKind::KSym);
  EXPECT_EQ(key_of(a, "@u").kind, TypeKind::USym);
  EXPECT_EQ(analyse("BEGIN { @[ksym(\"x\")] = 1; }").first_error(),
            "ksym()'s address must be an integer, not string");
  EXPECT_EQ(analyse("BEGIN { $n = \"x\"; @ = kaddr($n); }").first_error(),
            "kaddr() expects a string literal, the symbol's name");
  EXPECT_EQ(analyse("tracepoint:syscalls:sys_enter_dup { @ = uaddr(\"main\"); }").first_error(),
            "uaddr can not be used with 'tracepoint:syscalls:sys_enter_dup' probes");
}

std::string self_exe() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, size_t(n)) : "";
}

// kaddr() reads the host's kallsyms and uaddr() the probed binary, while
// checking: an unknown name is a compile error, not a zero at run time.
TEST(StacksSymbols, AddressesResolveWhileChecking) {
  auto a = analyse("BEGIN { @ = kaddr(\"vfs_read\"); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 1u);
  ASSERT_EQ(a.info.probes[0].symbol_addresses.size(), 1u);
  EXPECT_EQ(a.info.probes[0].symbol_addresses.begin()->second.value, 0xffffffff81200000u);
  EXPECT_EQ(analyse("BEGIN { @ = kaddr(\"no_such_kernel_symbol\"); }").first_error(),
            "kaddr: could not resolve kernel symbol 'no_such_kernel_symbol'");
  std::string exe = self_exe();
  EXPECT_EQ(analyse("uprobe:" + exe + ":main { @ = uaddr(\"no_such_user_symbol\"); }").first_error(),
            "uaddr: could not resolve symbol 'no_such_user_symbol' in " + exe);
}

TEST(StacksSymbols, RegistersOnlyWhereTheContextHasThem) {
  auto a = analyse("profile:hz:99 { @[reg(\"ip\"), reg(\"sp\")] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(analyse("profile:hz:99 { @ = reg(\"eip\"); }").first_error(), "'eip' is not a valid register on x86_64");
  EXPECT_EQ(analyse("tracepoint:syscalls:sys_enter_dup { @ = reg(\"ip\"); }").first_error(),
            "reg can not be used with 'tracepoint:syscalls:sys_enter_dup' probes");
}

TEST(StacksSymbols, FuncInAUprobeIsAUserSymbol) {
  auto a = analyse("uprobe:/bin/bash:readline { @[func] = count(); } tracepoint:syscalls:sys_enter_dup { @t[func] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(key_of(a, "@").kind, TypeKind::USym);
  EXPECT_EQ(key_of(a, "@t").kind, TypeKind::Str);
}

}  // namespace
}  // namespace bpfsh
