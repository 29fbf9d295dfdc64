// Builtins and functions sema rewrites into other expressions (Expr::lowered):
// ppid and pcomm read the parent task through curtask; cgroupid() and
// getopt() are known before the program loads and become literals.
#include <fcntl.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

ast::Field *arrow(ProgramInfo &info, ast::Expr *base, const std::string &member) {
  auto *f = info.lowered_node<ast::Field>(base->range);
  f->base = base;
  f->field = member;
  f->is_arrow = true;
  return f;
}

// A cgroup's id is its kernfs node id, which the kernel hands out as the
// directory's file handle (what bpf_get_current_cgroup_id returns).
bool cgroup_id_of(const std::string &path, uint64_t &id, std::string &err) {
  alignas(8) unsigned char storage[sizeof(struct file_handle) + MAX_HANDLE_SZ];
  auto *fh = reinterpret_cast<struct file_handle *>(storage);
  fh->handle_bytes = MAX_HANDLE_SZ;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path.c_str(), fh, &mount_id, 0) != 0) {
    err = std::strerror(errno);
    return false;
  }
  if (fh->handle_bytes < sizeof id) {
    err = "not a cgroup (no 64-bit id)";
    return false;
  }
  std::memcpy(&id, fh->f_handle, sizeof id);
  return true;
}

bool parse_int(const std::string &s, int64_t &out) {
  if (s.empty()) return false;
  errno = 0;
  char *end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 0);
  if (errno || *end) return false;
  out = v;
  return true;
}

}  // namespace

// ppid, pcomm, leader_tid, leader_comm: members of the parent or the thread
// group leader, read through curtask as bpftrace does.
bool TypeChecker::lower_builtin(ast::Builtin *n) {
  if (lower_task_builtin(n)) return true;
  struct Related {
    const char *task, *member;
  };
  static const std::map<std::string, Related> related = {{"ppid", {"real_parent", "tgid"}},
                                                         {"pcomm", {"real_parent", "comm"}},
                                                         {"leader_tid", {"group_leader", "pid"}},
                                                         {"leader_comm", {"group_leader", "comm"}}};
  auto r = related.find(n->name);
  if (r == related.end()) return false;
  if (!n->lowered) {
    auto *task = info_.lowered_node<ast::Builtin>(n->range);
    task->name = "curtask";
    n->lowered = arrow(info_, arrow(info_, task, r->second.task), r->second.member);
  }
  walk(n->lowered);
  if (n->lowered->type.is_none()) return true;
  n->type = n->lowered->type;
  if (std::string(r->second.member) != "comm") n->type = Type::integer(32, false);
  return true;
}

void TypeChecker::check_cgroupid(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[0]->range, "cgroupid() expects a string literal: the cgroup's path");
    return;
  }
  const std::string &path = static_cast<ast::StrLit *>(n->args[0])->value;
  uint64_t id = 0;
  std::string err;
  if (!cgroup_id_of(path, id, err)) {
    diags_.error(n->args[0]->range, "cgroupid(): can not resolve " + path + ": " + err);
    return;
  }
  auto *lit = info_.lowered_node<ast::IntLit>(n->range);
  lit->value = id;
  lit->is_unsigned = true;
  n->lowered = lit;
  walk(lit);
  n->type = lit->type;
}

// getopt("name"[, default]): the value of `--name=value` after the script.
// Without a default (or with a bool one) it is a flag: true when given (and
// not "false" or "0").
void TypeChecker::check_getopt(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[0]->range, "getopt() expects the parameter's name as a string literal");
    return;
  }
  const std::string &name = static_cast<ast::StrLit *>(n->args[0])->value;
  ast::Expr *def = n->args.size() == 2 ? n->args[1] : nullptr;
  if (def && def->kind != ast::ExprKind::Int && def->kind != ast::ExprKind::Str &&
      def->kind != ast::ExprKind::Bool) {
    diags_.error(def->range, "getopt()'s default must be an integer, string or bool literal");
    return;
  }
  auto it = info_.named_args.find(name);
  bool given = it != info_.named_args.end();
  if (!def || def->kind == ast::ExprKind::Bool) {
    auto *flag = info_.lowered_node<ast::BoolLit>(n->range);
    bool fallback = def && static_cast<ast::BoolLit *>(def)->value;
    flag->value = given ? it->second != "false" && it->second != "0" : fallback;
    n->lowered = flag;
  } else if (def->kind == ast::ExprKind::Int) {
    auto *lit = info_.lowered_node<ast::IntLit>(n->range);
    if (!given) {
      lit->value = static_cast<ast::IntLit *>(def)->value;
      lit->is_unsigned = static_cast<ast::IntLit *>(def)->is_unsigned;
    } else {
      int64_t v = 0;
      if (!parse_int(it->second, v)) {
        diags_.error(n->range, "getopt(): --" + name + "=" + it->second + " is not an integer");
        return;
      }
      lit->value = static_cast<uint64_t>(v);
    }
    n->lowered = lit;
  } else {
    auto *lit = info_.lowered_node<ast::StrLit>(n->range);
    lit->value = given ? it->second : static_cast<ast::StrLit *>(def)->value;
    n->lowered = lit;
  }
  walk(n->lowered);
  n->type = n->lowered->type;
}

}  // namespace bpfsh::sema
