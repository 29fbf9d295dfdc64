// %gr's table is read from a tracepoint's print format, the kernel's own
// masks as C expressions; the runtime names flags with it as the kernel's
// trace output does.
#include <gtest/gtest.h>

#include "runtime/flag_names.h"
#include "sema/gfp_names.h"

namespace bpfsh {
namespace {

// The shape of kmem:kmalloc's print fmt (masks as the kernel expands them).
const char *kFormat =
    R"(print fmt: "bytes=%zu gfp_flags=%s", REC->bytes, (REC->gfp_flags) ? __print_flags(REC->gfp_flags, "|", )"
    R"({( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | )"
    R"((( gfp_t)((((1UL))) << (7)))), "GFP_KERNEL"}, {( unsigned long)(( gfp_t)((((1UL))) << (6))), "__GFP_IO"}, )"
    R"({( unsigned long)(( gfp_t)((((1UL))) << (7))), "__GFP_FS"}, )"
    R"({( unsigned long)(((( gfp_t)0x400u)) & ~(( gfp_t)0)), "__GFP_DIRECT_RECLAIM"}, { 0, ((void *)0) }) : "none")";

TEST(GfpNames, TheMasksOfTheKernelsTableAreEvaluated) {
  auto names = sema::parse_print_flags(kFormat);
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(names[0].name, "GFP_KERNEL");
  EXPECT_EQ(names[0].mask, 0xcc0u);
  EXPECT_EQ(names[1].mask, 0x40u);
  EXPECT_EQ(names[2].name, "__GFP_FS");
  EXPECT_EQ(names[3].mask, 0x400u);
}

TEST(GfpNames, AFormatWithoutFlagsOrWithAnUnknownExpressionGivesNothing) {
  EXPECT_TRUE(sema::parse_print_flags(R"(print fmt: "x=%d", REC->x)").empty());
  EXPECT_TRUE(sema::parse_print_flags(R"(__print_flags(REC->f, "|", {(1UL << SOME_MACRO), "A"}))").empty());
  EXPECT_TRUE(sema::parse_print_flags(R"(__print_flags(REC->f, "|", {99999999999999999999999, "A"}))").empty());
}

TEST(GfpNames, FlagsAreNamedInTableOrderAndTheRestInHex) {
  auto names = sema::parse_print_flags(kFormat);
  EXPECT_EQ(runtime::flag_names_text(0xcc0, names), "GFP_KERNEL");
  EXPECT_EQ(runtime::flag_names_text(0x440, names), "__GFP_IO|__GFP_DIRECT_RECLAIM");
  EXPECT_EQ(runtime::flag_names_text(0x40 | 0x10000, names), "__GFP_IO|0x10000");
  EXPECT_EQ(runtime::flag_names_text(0, names), "none");
}

}  // namespace
}  // namespace bpfsh
