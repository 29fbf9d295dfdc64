#pragma once
// A program through the checking passes (fake host) and codegen, for the
// codegen tests; nullopt, with a test failure, when the checks refuse it.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh::test {

inline std::optional<artifact::Artifact> build(const std::string &text) {
  auto a = analyse(text);
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return std::nullopt;
  driver::Options o;
  return driver::emit(*a.ctx, o, a.info, a.diags);
}

}  // namespace bpfsh::test
