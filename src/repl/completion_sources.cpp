#include "repl/completion_sources.h"

#include "ast/visitor.h"
#include "repl/live_session.h"

namespace bpfsh::repl {

namespace {

class VariableNames : public ast::Visitor<VariableNames> {
 public:
  explicit VariableNames(std::set<std::string> &out) : out_(out) {}
  using Visitor::visit;
  void visit(ast::Var *n) { out_.insert(n->name); }
  void visit(ast::Let *n) {
    if (!n->name.empty() && n->name[0] == '$') out_.insert(n->name);
    walk(n->value);
  }

 private:
  std::set<std::string> &out_;
};

}  // namespace

LiveSources::LiveSources(const LiveSession &session, host::Host &host) : SystemSources(host), session_(session) {}

void LiveSources::remember(ast::Program *program, const std::vector<ast::Stmt *> &stmts) {
  VariableNames names(variables_);
  if (program) names.visit_program(program);
  for (auto *s : stmts) names.walk(s);
}

std::vector<std::string> LiveSources::maps() const {
  std::vector<std::string> out;
  for (const auto &m : session_.user_maps()) out.push_back(m.name);
  return out;
}

std::vector<std::string> LiveSources::variables() const { return {variables_.begin(), variables_.end()}; }

std::vector<std::string> LiveSources::block_ids() const {
  std::vector<std::string> out;
  for (int id : session_.block_ids()) out.push_back(std::to_string(id));
  return out;
}

}  // namespace bpfsh::repl
