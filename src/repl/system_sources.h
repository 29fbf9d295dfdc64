#pragma once
// The lists completion offers that come from the machine alone: tracepoints
// and their fields (tracefs), a binary's functions, files, and kernel struct
// members (BTF). The shell's Tab adds the live session's maps and blocks to
// them (LiveSources); `bpfsh --complete`, which shell completion scripts call,
// has no session and offers these only.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/host.h"
#include "repl/completion.h"
#include "sema/kernel_types.h"

namespace bpfsh::repl {

class SystemSources : public CompletionSources {
 public:
  // `host` must outlive this.
  explicit SystemSources(host::Host &host);

  std::vector<std::string> tracepoints() const override;
  std::vector<std::string> tracepoint_fields(const std::string &category, const std::string &event) const override;
  std::vector<std::string> functions(const std::string &binary) const override;
  std::vector<std::string> paths(const std::string &prefix) const override;
  std::vector<std::string> maps() const override { return {}; }
  std::vector<std::string> variables() const override { return {}; }
  std::vector<std::string> block_ids() const override { return {}; }
  std::vector<std::string> members(const std::string &root, const std::vector<std::string> &path) const override;

 private:
  host::Host &host_;
  // Kernel types made once, not per completion.
  std::unique_ptr<sema::KernelTypes> kernel_;
  mutable std::map<std::string, std::vector<std::string>> functions_;  // by binary
};

}  // namespace bpfsh::repl
