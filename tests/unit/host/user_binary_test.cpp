#include "host/user_binary.h"

#include <gtest/gtest.h>

#include "host/elf_file.h"

namespace bpfsh::host {
namespace {

TEST(UserBinary, LibrariesByName) {
  auto libc = resolve_user_binary("libc");
  ASSERT_TRUE(libc);
  EXPECT_NE(libc->find("libc.so"), std::string::npos);
  EXPECT_EQ(resolve_user_binary("c"), libc);
  EXPECT_FALSE(resolve_user_binary("no_such_library_anywhere"));
  EXPECT_TRUE(function_symbols(*libc).count("malloc"));
}

TEST(UserBinary, LdCacheHasLibc) {
  bool found = false;
  for (auto &[soname, path] : ld_cache_entries())
    if (soname == "libc.so.6") found = true;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace bpfsh::host
