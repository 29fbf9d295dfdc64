// LiveHost on the running machine (BTF, kallsyms); named *Kernel* so a
// filter can leave it out where the machine's facts are not readable.
#include "host/live_host.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>

namespace bpfsh::host {
namespace {

TEST(LiveHostKernel, ReadsVmlinuxBtfOnce) {
  LiveHost h;
  std::string why;
  const struct btf *b = h.kernel_btf(&why);
  ASSERT_TRUE(b) << why;
  EXPECT_EQ(h.kernel_btf(), b);
  EXPECT_GT(btf__find_by_name_kind(b, "task_struct", BTF_KIND_STRUCT), 0);
  EXPECT_FALSE(h.module_btf("no_such_module_bpfsh"));
}

TEST(LiveHostKernel, ResolvesItsOwnBinary) {
  LiveHost h;
  auto self = h.resolve_binary("/proc/self/exe", 0);
  ASSERT_TRUE(self);
  EXPECT_TRUE(h.process_maps(getpid()));
  EXPECT_FALSE(h.tracepoint_exists("no_such_category_bpfsh", "x"));
}

}  // namespace
}  // namespace bpfsh::host
