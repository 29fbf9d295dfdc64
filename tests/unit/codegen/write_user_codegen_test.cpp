// write_user() reaches bpf_probe_write_user, whose failures -k reports.
#include <gtest/gtest.h>

#include "codegen/codegen.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

TEST(WriteUserCodegen, CallsTheHelperAndChecksItUnderK) {
  sema::SemaOptions so;
  so.unsafe = true;
  auto a = test::analyse("uprobe:/bin/bash:readline { $ok = write_user(arg1, \"hi\", 2); $n = write_user(arg1, 7, 8); }", so);
  ASSERT_TRUE(a.ok) << a.first_error();
  codegen::CodegenOptions o;
  o.helper_checks = true;
  auto art = codegen::compile(*a.ctx, a.info, o, a.diags);
  ASSERT_TRUE(art);
  std::vector<std::string> helpers;
  for (auto &s : art->sites) helpers.push_back(s.helper);
  EXPECT_EQ(helpers, (std::vector<std::string>{"probe_write_user", "probe_write_user"}));
}

}  // namespace
}  // namespace bpfsh
