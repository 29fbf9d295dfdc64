// A user binary's DWARF as the host reads it (host/debug_info.h), over the
// CMake-built dwarf_target variants: where each parameter is at the entry,
// by the calling convention (-O0) and by location lists (-O2), the types as
// BTF, the separate debug files of stripped builds, and split DWARF.
#include "host/debug_info.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>

#include <string>

namespace bpfsh::host {
namespace {

const std::string kTools = BPFSH_TOOLS_DIR;
using Kind = ParamPlace::Kind;

std::unique_ptr<DebugInfo> read(const std::string &name, std::vector<std::string> dirs = {}) {
  std::string why;
  auto d = read_debug_info(kTools + "/" + name, dirs, why);
  EXPECT_TRUE(d) << why;
  return d;
}

const std::vector<ParamPlace> &places(const DebugInfo &d, const std::string &fn) {
  static const std::vector<ParamPlace> none;
  auto it = d.functions.find(fn);
  return it == d.functions.end() ? none : it->second.places;
}

void expect_registers(const DebugInfo &d) {
  auto &p = places(d, "scalars");
  ASSERT_EQ(p.size(), 4u);
  int32_t want[] = {112, 104, 96, 88};  // rdi rsi rdx rcx in struct pt_regs
  for (size_t i = 0; i < 4; i++) {
    EXPECT_EQ(p[i].kind, Kind::Register) << i;
    EXPECT_EQ(p[i].reg, want[i]) << i;
  }
}

TEST(DebugInfo, CallingConventionPlacesTheArgumentsOfAnUnoptimizedBuild) {
  auto d = read("dwarf_target");
  ASSERT_TRUE(d);
  expect_registers(*d);
  auto &eight = places(*d, "eight");
  ASSERT_EQ(eight.size(), 8u);
  EXPECT_EQ(eight[5].reg, 64);  // r9
  EXPECT_EQ(eight[6].kind, Kind::Stack);
  EXPECT_EQ(eight[6].offset, 8);  // above the return address
  EXPECT_EQ(eight[7].offset, 16);
  auto &big = places(*d, "by_value");
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].kind, Kind::Stack);
  EXPECT_EQ(big[0].offset, 8);
  auto &dbl = places(*d, "floating");
  ASSERT_EQ(dbl.size(), 1u);
  EXPECT_EQ(dbl[0].kind, Kind::Unavailable);
  EXPECT_EQ(dbl[0].why, "it is passed in a floating-point register");
}

TEST(DebugInfo, LocationListsPlaceTheArgumentsOfAnOptimizedBuild) {
  auto d = read("dwarf_target_opt");
  ASSERT_TRUE(d);
  expect_registers(*d);
  EXPECT_EQ(places(*d, "floating").at(0).kind, Kind::Unavailable);
}

TEST(DebugInfo, TypesBecomeBtfWithPrototypes) {
  auto d = read("dwarf_target");
  ASSERT_TRUE(d);
  int id = btf__find_by_name_kind(d->types, "shape", BTF_KIND_STRUCT);
  ASSERT_GT(id, 0);
  const struct btf_type *t = btf__type_by_id(d->types, id);
  EXPECT_EQ(btf_vlen(t), 5);
  EXPECT_STREQ(btf__name_by_offset(d->types, btf_members(t)[4].name_off), "next");
  // struct shape *next: a pointer back to the struct itself.
  const struct btf_type *next = btf__type_by_id(d->types, btf_members(t)[4].type);
  ASSERT_TRUE(btf_is_ptr(next));
  EXPECT_EQ(next->type, uint32_t(id));
  const struct btf_type *f = btf__type_by_id(d->types, d->functions.at("pointers").btf_func);
  ASSERT_TRUE(btf_is_func(f));
  const struct btf_type *proto = btf__type_by_id(d->types, f->type);
  EXPECT_EQ(btf_vlen(proto), 3);
  EXPECT_STREQ(btf__name_by_offset(d->types, btf_params(proto)[1].name_off), "s");
}

TEST(DebugInfo, StrippedBinaryReadsTheFileItsDebuglinkNames) {
  auto d = read("dwarf_target_link");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file, kTools + "/dwarf_target_link.debug");
  expect_registers(*d);
}

TEST(DebugInfo, StrippedBinaryReadsItsBuildIdFileUnderADebugDir) {
  std::string why;
  EXPECT_FALSE(read_debug_info(kTools + "/dwarf_target_id", {}, why));
  EXPECT_NE(why.find("has no DWARF debug info"), std::string::npos) << why;
  auto d = read("dwarf_target_id", {kTools + "/debug"});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file.rfind(kTools + "/debug/.build-id/", 0), 0u) << d->file;
  expect_registers(*d);
}

TEST(DebugInfo, SplitDwarfIsReadFromTheDwoFileOrTheDwpPackage) {
  for (const char *name : {"dwarf_target_dwo", "dwarf_target_dwp"}) {
    auto d = read(name);
    ASSERT_TRUE(d) << name;
    EXPECT_EQ(d->incomplete, "") << name;
    expect_registers(*d);
    EXPECT_GT(btf__find_by_name_kind(d->types, "shape", BTF_KIND_STRUCT), 0) << name;
  }
}

// The name of the struct fn's parameter i points to, as the BTF says it.
std::string pointee(const DebugInfo &d, const std::string &fn, size_t i) {
  const struct btf_type *f = btf__type_by_id(d.types, d.functions.at(fn).btf_func);
  const struct btf_type *proto = btf__type_by_id(d.types, f->type);
  const struct btf_type *ptr = btf__type_by_id(d.types, btf_params(proto)[i].type);
  if (!btf_is_ptr(ptr)) return "not a pointer";
  return btf__name_by_offset(d.types, btf__type_by_id(d.types, ptr->type)->name_off);
}

TEST(DebugInfo, EachDwoFilesTypesAreItsOwn) {
  auto d = read("dwarf_target_dwo2");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->functions.count("tally_sum"));
  EXPECT_EQ(pointee(*d, "tally_sum", 0), "tally");
  EXPECT_EQ(pointee(*d, "pointers", 1), "shape");
}

TEST(DebugInfo, AMissingDwoFileIsNamed) {
  std::string why;
  EXPECT_FALSE(read_debug_info(kTools + "/dwarf_target_nodwo", {}, why));
  EXPECT_NE(why.find("/moved-build/tests/CMakeFiles/dwarf_target_nodwo.dir/tools/dwarf_target.c.dwo is not there"),
            std::string::npos)
      << why;
}

TEST(DebugInfo, ADebugDirHoldsTheFileADebuglinkNames) {
  std::string why;
  EXPECT_FALSE(read_debug_info(kTools + "/dwarf_target_dir", {}, why));
  auto d = read("dwarf_target_dir", {kTools + "/debuginfo"});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file, kTools + "/debuginfo/dwarf_target_dir.debug");
  expect_registers(*d);
}

}  // namespace
}  // namespace bpfsh::host
