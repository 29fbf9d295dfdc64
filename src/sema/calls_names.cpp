// Type rules and registry rows of the numbers user space names when it
// prints them (async, like username): strerror(), signal_name(),
// syscall_name(), cgroup_path().
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// strerror(errno), signal_name(sig), syscall_name(nr): numbers named in
// user space when printed (async), like username.
void TypeChecker::check_named_number(ast::Call *n) {
  if (!expect_int(n->args[0], n->name + "()'s argument")) return;
  n->type = Type::lookup(n->name);
}

// cgroup_path(id[, "filter"]): the cgroup's path, found in user space when printed.
void TypeChecker::check_cgroup_path(ast::Call *n) {
  if (!expect_int(n->args[0], "cgroup_path()'s cgroup id")) return;
  n->type = Type::lookup("cgroup_path");
  if (n->args.size() == 2) {
    if (n->args[1]->kind != ast::ExprKind::Str) {
      diags_.error(n->args[1]->range, "cgroup_path() expects a string literal as its hierarchy filter");
      n->type = Type::none();
      return;
    }
    n->type.lookup_arg = static_cast<ast::StrLit *>(n->args[1])->value;
  }
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> names_rows() {
  constexpr Family F = Family::Names;
  constexpr EmitId named = EmitId::NamedNumber;
  static const Row rows[] = {
      {.name = "strerror", .family = F, .signature = "strerror(errno)",
       .doc = "The error number's text, \"No such file or directory\", from the kernel's headers.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_named_number, .emit = named},
      {.name = "signal_name", .family = F, .signature = "signal_name(sig)",
       .doc = "The signal number's name, SIGTERM; N/A for a number that names none.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_named_number, .emit = named},
      {.name = "syscall_name", .family = F, .signature = "syscall_name(nr)",
       .doc = "The x86-64 system call number's name, openat.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_named_number, .emit = named},
      {.name = "cgroup_path", .family = F, .signature = "cgroup_path(id[, \"filter\"])",
       .doc = "The cgroup's path in each hierarchy under /sys/fs/cgroup whose name the glob filter matches.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_cgroup_path, .emit = named},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
