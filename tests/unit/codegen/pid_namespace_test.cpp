// pid and tid in bpfsh's own pid namespace (artifact/pid_namespace.h): an
// object that reads them carries the two globals the loader sets, which
// set_pid_namespace() fills; a program that reads no ids, or runs in no
// task's context, has none.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <cstring>

#include "artifact/pid_namespace.h"
#include "codegen/codegen_test_util.h"
#include "runtime/pid_namespace.h"

namespace bpfsh {
namespace {

struct Opened {
  bpf_object *obj = nullptr;
  ~Opened() {
    if (obj) bpf_object__close(obj);
  }
};

bpf_map *pidns_map(const artifact::Artifact &a, Opened &o) {
  o.obj = bpf_object__open_mem(a.elf.data(), a.elf.size(), nullptr);
  EXPECT_NE(o.obj, nullptr);
  return o.obj ? bpf_object__find_map_by_name(o.obj, artifact::kPidNsSection) : nullptr;
}

TEST(PidNamespace, ProgramsThatReadIdsCarryTheGlobals) {
  for (const char *script : {"tracepoint:sched:sched_switch { @[pid] = count(); }",
                             "tracepoint:sched:sched_switch { @[tid(curr_ns)] = count(); }",
                             "tracepoint:sched:sched_switch { @[ustack] = count(); }"}) {
    auto a = test::build(script);
    ASSERT_TRUE(a) << script;
    Opened o;
    bpf_map *m = pidns_map(*a, o);
    ASSERT_NE(m, nullptr) << script;
    size_t size = 0;
    const void *init = bpf_map__initial_value(m, &size);
    ASSERT_EQ(size, 16u);
    uint64_t zero[2] = {0, 0};
    EXPECT_EQ(std::memcmp(init, zero, 16), 0);  // 0: the initial namespace until the loader says
    ASSERT_TRUE(runtime::set_pid_namespace(o.obj, runtime::PidNamespace{7, 4026532000}));
    uint64_t got[2];
    std::memcpy(got, bpf_map__initial_value(m, &size), sizeof got);
    EXPECT_EQ(got[0], 7u);
    EXPECT_EQ(got[1], 4026532000u);
  }
}

TEST(PidNamespace, OthersDoNot) {
  for (const char *script : {"tracepoint:sched:sched_switch { @ = count(); }",
                             "tracepoint:sched:sched_switch { @[pid(init)] = count(); }",
                             "xdp:lo { @[pid] = count(); }"}) {
    auto a = test::build(script);
    ASSERT_TRUE(a) << script;
    Opened o;
    EXPECT_EQ(pidns_map(*a, o), nullptr) << script;
    EXPECT_TRUE(runtime::set_pid_namespace(o.obj, runtime::PidNamespace{7, 8}));  // nothing to set
  }
}

}  // namespace
}  // namespace bpfsh
