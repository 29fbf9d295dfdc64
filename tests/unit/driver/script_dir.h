#pragma once
// A fixture for the driver's file tests: a temporary folder holding the
// script (main.bt) and the files it pulls in (imports, headers).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "driver/pipeline.h"

namespace bpfsh::test {

class ScriptDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bpfsh_script_dir_XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string &rel, const std::string &text) {
    std::filesystem::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  // Parses `text` as the script dir_/main.bt.
  bool parse(ast::Context &ctx, const std::string &text, Diagnostics &diags,
             const std::vector<std::string> &dirs = {}) {
    ctx.source = {(dir_ / "main.bt").string(), text};
    return driver::parse(ctx, diags, dirs).ok;
  }

  std::filesystem::path dir_;
};

}  // namespace bpfsh::test
