#pragma once
// The lists completion offers, taken from the running system (tracefs, ELF
// files, the file system) and from the live session (its maps and blocks,
// and the scratch variables of everything entered so far).
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "host/host.h"
#include "repl/completion.h"
#include "sema/kernel_types.h"

namespace bpfsh::repl {

class LiveSession;

class LiveSources : public CompletionSources {
 public:
  // `host` must outlive this.
  LiveSources(const LiveSession &session, host::Host &host);

  // Learns the scratch variables of an accepted entry.
  void remember(ast::Program *program, const std::vector<ast::Stmt *> &stmts);

  std::vector<std::string> tracepoints() const override;
  std::vector<std::string> tracepoint_fields(const std::string &category, const std::string &event) const override;
  std::vector<std::string> functions(const std::string &binary) const override;
  std::vector<std::string> paths(const std::string &prefix) const override;
  std::vector<std::string> maps() const override;
  std::vector<std::string> variables() const override;
  std::vector<std::string> block_ids() const override;
  std::vector<std::string> members(const std::string &root, const std::vector<std::string> &path) const override;

 private:
  const LiveSession &session_;
  host::Host &host_;
  // Kernel types made once, not per completion.
  std::unique_ptr<sema::KernelTypes> kernel_;
  std::set<std::string> variables_;
  mutable std::map<std::string, std::vector<std::string>> functions_;  // by binary
};

}  // namespace bpfsh::repl
