// Kernel-function attach points: the function lists they expand against,
// their resolution (aliases, modules, offsets, wildcards) and the types
// fentry/fexit take from BTF. Resolution runs against the running kernel:
// vfs_read and friends exist in every kernel this project runs on.
#include <gtest/gtest.h>

#include "sema/kernel_funcs.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using sema::ProbeType;
using host::KernelFunc;
using test::analyse;

TEST(KernelFuncs, ParsesFilterFunctions) {
  auto v = host::parse_filter_functions(
      "vfs_read\n__ftrace_invalid_address___84\nnft_trans_alloc [nf_tables]\n\n");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], (KernelFunc{"vfs_read", ""}));
  EXPECT_EQ(v[1], (KernelFunc{"nft_trans_alloc", "nf_tables"}));
}

TEST(KernelFuncs, KallsymsKeepsOnlyText) {
  auto v = host::parse_kallsyms(
      "ffffffff816d5370 T vfs_read\nffffffff82000000 D jiffies\n"
      "ffffffff816d61a0 t do_thing\nffffffffc0001000 t nft_x\t[nf_tables]\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].name, "do_thing");
  EXPECT_EQ(v[2], (KernelFunc{"nft_x", "nf_tables"}));
}

TEST(KernelFuncs, MatchesNameAndModulePatterns) {
  std::vector<KernelFunc> all = {{"vfs_read", ""}, {"vfs_write", ""}, {"ksys_read", ""}, {"nft_read", "nf_tables"}};
  EXPECT_EQ(host::match(all, "", "vfs_*").size(), 2u);
  EXPECT_EQ(host::match(all, "", "*_read").size(), 3u);
  EXPECT_EQ(host::match(all, "vmlinux", "*_read").size(), 2u);
  auto nft = host::match(all, "nf_*", "*");
  ASSERT_EQ(nft.size(), 1u);
  EXPECT_EQ(nft[0].name, "nft_read");
}

TEST(KernelFuncs, KprobeResolves) {
  auto a = analyse("k:vfs_read { @[func] = count(); } kretprobe:vfs_read { @r = sum(retval); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 2u);
  EXPECT_EQ(a.info.probes[0].type, ProbeType::Kprobe);
  EXPECT_EQ(a.info.probes[0].display, "kprobe:vfs_read");
  EXPECT_EQ(a.info.probes[0].func, "vfs_read");
  EXPECT_EQ(a.info.probes[1].type, ProbeType::Kretprobe);
}

TEST(KernelFuncs, KprobeOffset) {
  auto a = analyse("kprobe:vfs_read+0x10 { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.probes[0].offset, 16u);
  EXPECT_EQ(a.info.probes[0].display, "kprobe:vfs_read+0x10");
  EXPECT_EQ(analyse("kretprobe:vfs_read+8 { }").first_error(), "kretprobe probes can not have an offset (+8)");
  EXPECT_EQ(analyse("kprobe:vfs_read+zz { }").first_error(), "invalid kprobe offset '+zz'");
}

TEST(KernelFuncs, KprobeWildcardExpands) {
  auto a = analyse("kprobe:vfs_rea* { @[func] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  bool has_read = false;
  for (auto &p : a.info.probes) {
    EXPECT_EQ(p.func.rfind("vfs_rea", 0), 0u) << p.func;
    EXPECT_EQ(p.display, "kprobe:" + p.func);
    has_read |= p.func == "vfs_read";
  }
  EXPECT_TRUE(has_read);
  EXPECT_EQ(analyse("kprobe:no_such_fn_xyz* { }").first_error(), "no kernel function matches kprobe:no_such_fn_xyz*");
}

TEST(KernelFuncs, KprobeMissingFunction) {
  EXPECT_EQ(analyse("kprobe:no_such_fn_xyz { }").first_error(),
            "kprobe:no_such_fn_xyz: no traceable kernel function named 'no_such_fn_xyz'");
  EXPECT_EQ(analyse("kprobe:a:b:c { }").first_error(),
            "kprobe probe must be of the form kprobe:[module:]function[+offset]");
}

TEST(KernelFuncs, MissingFunctionFollowsMissingProbes) {
  auto warn = analyse("config = { missing_probes = warn } kprobe:no_such_fn_xyz { } fentry:no_such_fn_xyz { } "
                      "kprobe:vfs_read { }");
  ASSERT_TRUE(warn.ok) << warn.first_error();
  ASSERT_EQ(warn.info.probes.size(), 1u);
  EXPECT_EQ(warn.info.probes[0].func, "vfs_read");
  EXPECT_EQ(warn.diags.all().size(), 2u);
  auto ignore = analyse("config = { missing_probes = ignore } kprobe:no_such_fn_xyz { } kprobe:vfs_read { }");
  ASSERT_TRUE(ignore.ok) << ignore.first_error();
  EXPECT_TRUE(ignore.diags.all().empty());
}

TEST(KernelFuncs, KprobeBuiltins) {
  EXPECT_TRUE(analyse("kprobe:vfs_read { @[arg2] = count(); }").ok);
  EXPECT_EQ(analyse("kprobe:vfs_read { @ = retval; }").first_error(),
            "The retval builtin can not be used with 'kprobe:vfs_read' probes");
  EXPECT_EQ(analyse("kprobe:vfs_read { @ = args.count; }").first_error(),
            "args is not available for 'kprobe:vfs_read' probes yet");
}

TEST(KernelFuncs, FentryAliasesAndDisplay) {
  auto a = analyse("kfunc:vfs_read { } f:vfs_read { } kretfunc:vmlinux:vfs_read { } fr:vfs_read { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 4u);
  EXPECT_EQ(a.info.probes[0].type, ProbeType::Fentry);
  EXPECT_EQ(a.info.probes[1].display, "fentry:vmlinux:vfs_read");
  EXPECT_EQ(a.info.probes[2].type, ProbeType::Fexit);
  EXPECT_EQ(a.info.probes[3].display, "fexit:vmlinux:vfs_read");
  // vfs_read(struct file *, char __user *, size_t, loff_t *)
  EXPECT_EQ(a.info.probes[0].arg_slots, 4u);
}

TEST(KernelFuncs, FentryArgsTypedFromBtf) {
  auto sig = sema::kernel_funcs::signature(*test::kernel_types(), "vfs_read");
  ASSERT_TRUE(sig);
  ASSERT_EQ(sig->params.size(), 4u);
  EXPECT_EQ(sig->params[2].name, "count");
  EXPECT_EQ(sig->params[2].offset, 16u);
  EXPECT_TRUE(sig->params[2].type.is_int());
  EXPECT_FALSE(sig->params[2].type.is_signed);  // size_t
  ASSERT_TRUE(sig->params[0].type.is_ptr());
  EXPECT_EQ(sig->params[0].type.elems[0].name, "struct file");
  ASSERT_TRUE(sig->ret);
  EXPECT_TRUE(sig->ret->is_signed);  // ssize_t
  EXPECT_TRUE(analyse("fentry:vfs_read { @[args.count] = count(); }").ok);
  EXPECT_TRUE(analyse("fentry:vfs_read { @[args->count] = count(); }").ok);
  EXPECT_TRUE(analyse("fexit:vfs_read /retval > 0/ { @ = hist(retval); }").ok);
  EXPECT_TRUE(analyse("fentry:vfs_read { @[str(args.file->f_path.dentry->d_name.name)] = count(); }").ok);
}

TEST(KernelFuncs, FentryErrors) {
  auto bad = analyse("fentry:vfs_read { @ = args.nope; }");
  EXPECT_EQ(bad.first_error(), "function vfs_read has no argument named 'nope'");
  ASSERT_FALSE(bad.diags.all().empty());
  EXPECT_EQ(bad.diags.all()[0].hints.at(0), "its arguments are: file, buf, count, pos");
  EXPECT_EQ(analyse("fentry:vfs_read { @ = retval; }").first_error(),
            "The retval builtin can not be used with 'fentry:vmlinux:vfs_read' probes");
  EXPECT_EQ(analyse("fentry:vfs_read { @ = arg0; }").first_error(),
            "The arg0 builtin can not be used with 'fentry:vmlinux:vfs_read' probes");
  EXPECT_EQ(analyse("fexit:kfree { @ = retval; }").first_error(),
            "function kfree returns void: 'fexit:vmlinux:kfree' has no retval");
  EXPECT_EQ(analyse("fentry:no_such_fn_xyz { }").first_error(),
            "fentry:no_such_fn_xyz: the kernel's BTF has no function named 'no_such_fn_xyz'");
  EXPECT_EQ(analyse("fentry:vfs_read+8 { }").first_error(), "fentry probes can not have an offset (+8)");
}

TEST(KernelFuncs, FentryWildcardExpands) {
  auto a = analyse("fentry:vfs_rea* { @[probe] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_GE(a.info.probes.size(), 1u);
  for (auto &p : a.info.probes) EXPECT_EQ(p.func.rfind("vfs_rea", 0), 0u) << p.func;
}

}  // namespace
}  // namespace bpfsh
