// Probes are attached so that blocks on one place fire in script order:
// tracepoints and perf events in script order, then uprobes, uretprobes and
// usdt sites from the last to the first (the kernel runs those
// last-attached first).
#include <gtest/gtest.h>

#include "runtime/attach/attach_order.h"

namespace bpfsh::runtime {
namespace {

using K = artifact::ProbeKind;

std::vector<artifact::ProbeSpec> specs(std::initializer_list<K> kinds) {
  std::vector<artifact::ProbeSpec> out;
  for (K k : kinds) {
    artifact::ProbeSpec s;
    s.type = k;
    out.push_back(s);
  }
  return out;
}

TEST(AttachOrder, UserProbesAfterTheRestFromLastToFirst) {
  auto probes = specs({K::Uprobe, K::Tracepoint, K::Usdt, K::Interval, K::Uretprobe, K::Tracepoint});
  EXPECT_EQ(attach_order(probes), (std::vector<size_t>{1, 3, 5, 4, 2, 0}));
}

TEST(AttachOrder, ScriptOrderWithoutUserProbes) {
  auto probes = specs({K::Tracepoint, K::Software, K::Begin});
  EXPECT_EQ(attach_order(probes), (std::vector<size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace bpfsh::runtime
