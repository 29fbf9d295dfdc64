// Stacks as bpftrace prints them, in each mode, and as folded stacks.
#include "runtime/stack_format.h"

#include <gtest/gtest.h>

#include "runtime/output/output.h"

namespace bpfsh::runtime {
namespace {

using artifact::StackMode;

const std::optional<Symbol> kRead = Symbol{"vfs_read", 23, ""};
const std::optional<Symbol> kMain = Symbol{"main", 5, "/usr/bin/prog"};
const std::optional<Symbol> kUnknown = std::nullopt;

std::vector<Frame> kernel_frames() {
  return {{0xffffffff816d5387, &kRead}, {0xffffffff81000130, &kUnknown}};
}

std::vector<Frame> user_frames() { return {{0x55d4c9a01205, &kMain}, {0x7f00000010aa, nullptr}}; }

TEST(StackFormat, BpftraceMode) {
  EXPECT_EQ(format_stack(kernel_frames(), StackMode::Bpftrace, false),
            "\n        vfs_read+23\n        0xffffffff81000130\n");
  EXPECT_EQ(format_stack(user_frames(), StackMode::Bpftrace, true), "\n        main+5\n        0x7f00000010aa\n");
}

TEST(StackFormat, PerfMode) {
  EXPECT_EQ(format_stack(kernel_frames(), StackMode::Perf, false),
            "\n\tffffffff816d5387 vfs_read+23\n\tffffffff81000130 0xffffffff81000130\n");
  EXPECT_EQ(format_stack(user_frames(), StackMode::Perf, true),
            "\n\t55d4c9a01205 main+5 (/usr/bin/prog)\n\t7f00000010aa 0x7f00000010aa ([unknown])\n");
}

TEST(StackFormat, RawMode) {
  EXPECT_EQ(format_stack(kernel_frames(), StackMode::Raw, false), "\nffffffff816d5387\nffffffff81000130\n");
}

TEST(StackFormat, EmptyStackAndSymbolNames) {
  EXPECT_EQ(format_stack({}, StackMode::Bpftrace, false), "\n");
  EXPECT_EQ(frame_name(Frame{0x1234, &kRead}), "vfs_read");
  EXPECT_EQ(frame_name(Frame{0x1234, &kUnknown}), "0x1234");
}

// outer, with inner inlined into middle inlined into it (show_debug_info).
const std::optional<Symbol> kOuter =
    Symbol{"outer", 12, "/usr/bin/prog", {"/src/p.c", 32}, {{"inner", {"/src/p.c", 20}}, {"middle", {"/src/p.c", 26}}}};
// Inlined code the line table does not cover.
const std::optional<Symbol> kNoLines = Symbol{"leaf", 0, "/usr/bin/prog", {}, {{"helper", {}}}};

TEST(StackFormat, InlinedFunctionsPrintInnermostFirstBeforeTheirFrame) {
  std::vector<Frame> fs{{0x55d4c9a01205, &kOuter}, {0x55d4c9a01300, &kNoLines}, {0x7f00000010aa, &kUnknown}};
  EXPECT_EQ(format_stack(fs, StackMode::Bpftrace, true),
            "\n        [inlined] inner@/src/p.c:20\n        [inlined] middle@/src/p.c:26\n"
            "        outer+12@/src/p.c:32\n        [inlined] helper\n        leaf+0\n        0x7f00000010aa\n");
  EXPECT_EQ(format_stack(fs, StackMode::Perf, true),
            "\n\t55d4c9a01205 inner (inlined)\n\t55d4c9a01205 middle (inlined)\n"
            "\t55d4c9a01205 outer+12 (/usr/bin/prog)\n\t55d4c9a01300 helper (inlined)\n"
            "\t55d4c9a01300 leaf+0 (/usr/bin/prog)\n\t7f00000010aa 0x7f00000010aa ([unknown])\n");
  EXPECT_EQ(format_stack(fs, StackMode::Raw, true), "\n55d4c9a01205\n55d4c9a01300\n7f00000010aa\n");
}

// A frame's name (usym(), folded stacks) never carries its line.
TEST(StackFormat, FrameNamesHoldNoLines) {
  EXPECT_EQ(frame_name(Frame{0x1234, &kOuter}), "outer");
  EXPECT_EQ(frame_name(Frame{0x1234, &kNoLines}), "leaf");
  EXPECT_EQ(frame_name(Frame{0x1234, &kUnknown}), "0x1234");
  EXPECT_EQ(frame_names(Frame{0x1234, &kOuter}), (std::vector<std::string>{"inner", "middle", "outer"}));
  EXPECT_EQ(frame_names(Frame{0x1234, &kUnknown}), (std::vector<std::string>{"0x1234"}));
}

Value stack(std::vector<std::string> frames_innermost_first, bool user) {
  Value v;
  v.kind = Value::Kind::Stack;
  v.user = user;
  v.frames = std::move(frames_innermost_first);
  v.s = "\n";
  for (auto &f : v.frames) v.s += "        " + f + "+1\n";
  return v;
}

MapEntry count_entry(Value key, uint64_t n) { return MapEntry{std::move(key), AggValue{Value::of_uint(n), 0, 0, {}}}; }

artifact::MapSpec stack_keyed(artifact::AggKind agg) {
  artifact::MapSpec s;
  s.name = "@";
  s.agg = agg;
  s.key.kind = artifact::Layout::Kind::KStack;
  return s;
}

TEST(StackFormat, StackKeysPrintLikeBpftrace) {
  auto spec = stack_keyed(artifact::AggKind::Count);
  MapView m{&spec, {count_entry(stack({"leaf", "root"}, false), 3)}};
  EXPECT_EQ(output::render_text_map(m), "@[\n        leaf+1\n        root+1\n]: 3\n");
  EXPECT_EQ(output::render_json_map(m),
            "{\"type\": \"map\", \"data\": {\"@\": {\"\\n        leaf+1\\n        root+1\\n\": 3}}}\n");
}

TEST(StackFormat, FoldedStacksAreRootFirstWithTheCount) {
  auto spec = stack_keyed(artifact::AggKind::Count);
  MapView m{&spec, {count_entry(stack({"busy_leaf", "busy_outer", "main"}, true), 7),
                    count_entry(stack({"other"}, true), 2)}};
  EXPECT_EQ(output::render_folded_map(m), "other 2\nmain;busy_outer;busy_leaf 7\n");
}

TEST(StackFormat, FoldedStacksPutOtherKeysThenUserThenKernelFrames) {
  artifact::MapSpec spec = stack_keyed(artifact::AggKind::Sum);
  spec.key.kind = artifact::Layout::Kind::Tuple;
  spec.key.elems.resize(3);
  spec.key.elems[0].kind = artifact::Layout::Kind::KStack;
  auto key = Value::tuple({stack({"do_sys", "entry"}, false), Value::of_str("bash"), stack({"read", "main"}, true)});
  MapView m{&spec, {count_entry(key, 4)}};
  EXPECT_EQ(output::render_folded_map(m), "bash;main;read;entry;do_sys 4\n");
}

TEST(StackFormat, FoldedStacksThatDifferByOffsetsAddUp) {
  auto spec = stack_keyed(artifact::AggKind::Count);
  Value a = stack({"leaf", "main"}, true), b = stack({"leaf", "main"}, true), empty = stack({}, false);
  b.s += "different offsets";
  MapView m{&spec, {count_entry(a, 3), count_entry(b, 4), count_entry(empty, 1)}};
  EXPECT_EQ(output::render_folded_map(m), "[unknown] 1\nmain;leaf 7\n");
}

TEST(StackFormat, OnlyMapsKeyedByStacksWithNumbersFold) {
  EXPECT_TRUE(output::is_foldable(stack_keyed(artifact::AggKind::Count)));
  EXPECT_FALSE(output::is_foldable(stack_keyed(artifact::AggKind::Hist)));
  artifact::MapSpec plain = stack_keyed(artifact::AggKind::Count);
  plain.key.kind = artifact::Layout::Kind::Str;
  EXPECT_FALSE(output::is_foldable(plain));
}

}  // namespace
}  // namespace bpfsh::runtime
