// Type rules of strlen(), strstr() and strcontains(): functions over the
// bytes of script strings, computed in the BPF program.
#include <algorithm>

#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

static bool expect_string(Diagnostics &diags, ast::Call *n, size_t i, const std::string &role) {
  ast::Expr *a = n->args[i];
  if (a->type.is_none() || a->type.is_str()) return true;
  diags.error(a->range, n->name + "() expects a string as its " + role + ", not " + a->type.str());
  return false;
}

// strlen(s): the bytes before the NUL.
void TypeChecker::check_strlen(ast::Call *n) {
  if (!arity(diags_, n, 1, 1) || !expect_string(diags_, n, 0, "argument")) return;
  n->type = Type::integer(64, false);
}

// strstr(haystack, needle): the index of the first match, -1 when there is
// none; strcontains(haystack, needle): whether there is one.
void TypeChecker::check_strstr(ast::Call *n) {
  if (!arity(diags_, n, 2, 2)) return;
  if (!expect_string(diags_, n, 0, "first argument (the haystack)") ||
      !expect_string(diags_, n, 1, "second argument (the needle)"))
    return;
  n->type = n->name == "strstr" ? Type::integer(64, true) : Type::boolean();
}

}  // namespace bpfsh::sema
