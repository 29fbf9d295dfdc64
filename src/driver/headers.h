#pragma once
// The headers #include and --include read, from files: "name" beside the
// script, then in each -I directory; <name> in the -I directories only, so
// the kernel's headers (<linux/sched.h>), whose types come from BTF, add
// nothing.
#include <map>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "parser/preprocess.h"

namespace bpfsh::driver {

class HeaderFiles : public parser::HeaderSource {
 public:
  // Each header read is kept in a context of its own in root.imported, so
  // the diagnostics that point into it outlive this.
  HeaderFiles(ast::Context &root, const std::vector<std::string> &include_dirs, std::vector<std::string> forced);

  const SourceFile *find(const std::string &name, bool quoted, std::vector<std::string> &refused) override;
  std::vector<std::string> forced() const override { return forced_; }

 private:
  ast::Context &root_;
  std::string script_dir_;
  std::vector<std::string> dirs_;
  std::vector<std::string> forced_;
  std::map<std::string, const SourceFile *> read_;  // by canonical path
};

}  // namespace bpfsh::driver
