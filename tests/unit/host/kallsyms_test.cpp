#include "host/kallsyms.h"

#include <gtest/gtest.h>

namespace bpfsh::host {
namespace {

constexpr const char *kText =
    "ffffffff81000000 T _stext\n"
    "ffffffff81000000 T _text\n"
    "0000000000000000 A fixed_percpu_data\n"
    "ffffffff81001000 t helper_fn\n"
    "ffffffff81000800 T first_fn\n"
    "ffffffffc0002000 t mod_fn\t[nf_tables]\n"
    "garbage line\n"
    "ffffffff81002000 T last_fn";

TEST(Kallsyms, LooksUpTheSymbolAtOrBeforeAnAddress) {
  auto k = Kallsyms::parse(kText);
  EXPECT_EQ(k.size(), 6u);
  auto s = k.lookup(0xffffffff81000810);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "first_fn");
  EXPECT_EQ(s->offset, 0x10u);
  s = k.lookup(0xffffffff81001000);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "helper_fn");
  EXPECT_EQ(s->offset, 0u);
  s = k.lookup(0xffffffff81002005);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "last_fn");
  EXPECT_EQ(s->offset, 5u);
}

TEST(Kallsyms, ModulesAndSharedAddresses) {
  auto k = Kallsyms::parse(kText);
  auto s = k.lookup(0xffffffffc0002004);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "mod_fn");  // the module's name is not part of it
  s = k.lookup(0xffffffff81000004);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "_stext");  // of two names at one address, the first listed
}

TEST(Kallsyms, NothingBelowTheFirstSymbolNorAbsoluteOnes) {
  auto k = Kallsyms::parse(kText);
  EXPECT_FALSE(k.lookup(0x10));
  EXPECT_FALSE(k.lookup(0xffffffff80ffffff));
  EXPECT_FALSE(k.address_of("fixed_percpu_data"));
}

TEST(Kallsyms, AddressOfName) {
  auto k = Kallsyms::parse(kText);
  EXPECT_EQ(k.address_of("helper_fn"), 0xffffffff81001000u);
  EXPECT_EQ(k.address_of("_text"), 0xffffffff81000000u);
  EXPECT_EQ(k.address_of("mod_fn"), 0xffffffffc0002000u);
  EXPECT_FALSE(k.address_of("no_such_fn"));
  EXPECT_FALSE(k.address_of("helper"));
}

TEST(Kallsyms, ResolvesTheRunningKernelsFunctionsKernel) {
  Kallsyms k = Kallsyms::read();
  ASSERT_GT(k.size(), 1000u) << "/proc/kallsyms unreadable or addresses hidden";
  auto addr = k.address_of("vfs_read");
  ASSERT_TRUE(addr);
  auto s = k.lookup(*addr + 4);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "vfs_read");
  EXPECT_EQ(s->offset, 4u);
}

}  // namespace
}  // namespace bpfsh::host
