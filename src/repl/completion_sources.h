#pragma once
// The lists the shell's Tab offers: the machine's (SystemSources) and the
// live session's: its maps and blocks, and the scratch variables of
// everything entered so far.
#include <set>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "repl/system_sources.h"

namespace bpfsh::repl {

class LiveSession;

class LiveSources : public SystemSources {
 public:
  // `host` must outlive this.
  LiveSources(const LiveSession &session, host::Host &host);

  // Learns the scratch variables of an accepted entry.
  void remember(ast::Program *program, const std::vector<ast::Stmt *> &stmts);

  std::vector<std::string> maps() const override;
  std::vector<std::string> variables() const override;
  std::vector<std::string> block_ids() const override;

 private:
  const LiveSession &session_;
  std::set<std::string> variables_;
};

}  // namespace bpfsh::repl
