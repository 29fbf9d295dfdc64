// Type rules and registry rows of the string functions: str, strncmp,
// strlen, strstr, strcontains, globmatch and strcap, over the bytes of script strings.
#include <algorithm>

#include "sema/registry/families.h"
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
  if (!expect_string(diags_, n, 0, "argument")) return;
  n->type = Type::integer(64, false);
}

// strstr(haystack, needle): the index of the first match, -1 when there is
// none; strcontains(haystack, needle): whether there is one.
void TypeChecker::check_strstr(ast::Call *n) {
  if (!expect_string(diags_, n, 0, "first argument (the haystack)") ||
      !expect_string(diags_, n, 1, "second argument (the needle)"))
    return;
  n->type = n->name == "strstr" ? Type::integer(64, true) : Type::boolean();
}

// globmatch(str, pat): whether the whole of str matches the glob pattern.
void TypeChecker::check_globmatch(ast::Call *n) {
  if (!expect_string(diags_, n, 0, "first argument (the string)") ||
      !expect_string(diags_, n, 1, "second argument (the pattern)"))
    return;
  n->type = Type::boolean();
}

// str(data[, len]): a NUL-ended string read from memory, or a shorter view
// of a string. As bpftrace v0.26 types it: string[max_strlen], or
// string[len + 1] for a literal len that fits (one that does not is said and
// shortened). Codegen reads so that a string that fills the type was cut.
void TypeChecker::check_str(ast::Call *n) {
  auto *a = n->args[0];
  if (a->type.is_none()) return;
  uint32_t size = info_.strlen;
  if (n->args.size() == 2) {
    if (!expect_int(n->args[1], "str()'s length")) return;
    if (n->args[1]->kind == ast::ExprKind::Int) {
      uint64_t len = static_cast<ast::IntLit *>(n->args[1])->value;
      if (len + 1 > info_.strlen)
        diags_.warning(n->range, "length param (" + std::to_string(len) + ") is too long and will be shortened to " +
                                     std::to_string(info_.strlen) + " bytes (see BPFTRACE_MAX_STRLEN)");
      else
        size = uint32_t(len + 1);
    }
  }
  if (a->type.is_str()) {
    n->type = Type::string(std::min(size, a->type.str_size));
    return;
  }
  if (!expect_int(a, "str()'s argument")) return;
  n->type = Type::string(size);
}

void TypeChecker::check_strncmp(ast::Call *n) {
  for (int i = 0; i < 2; i++) {
    if (!n->args[i]->type.is_none() && !n->args[i]->type.is_str()) {
      diags_.error(n->args[i]->range, "strncmp() compares strings, not " + n->args[i]->type.str());
      return;
    }
  }
  if (n->args[2]->kind != ast::ExprKind::Int) {
    diags_.error(n->args[2]->range, "strncmp()'s length must be an integer literal");
    return;
  }
  n->type = Type::integer(64, false);
}

// strcap(s): a string's capacity (its buffer size), an array's element count;
// for a char pointer, the string's length, read at run time (strlen()).
void TypeChecker::check_strcap(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (a->type.is_str()) return lower_to_int(n, a->type.str_size);
  if (a->type.is_array()) return lower_to_int(n, a->type.count);
  if (a->type.is_ptr()) {
    auto *c = info_.lowered_node<ast::Call>(n->range);
    c->name = "strlen";
    c->args = n->args;
    n->lowered = c;
    walk(n->lowered);
    n->type = n->lowered->type;
    return;
  }
  diags_.error(a->range, "strcap() expects a string, an array or a pointer, not " + a->type.str());
}
}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> strings_rows() {
  constexpr Family F = Family::Strings;
  static const Row rows[] = {
      {.name = "str", .family = F, .signature = "str(data[, len])",
       .doc = "The NUL-ended string at data (an address, or a string to shorten), as long as max_strlen - 1 and len - 1 allow, one byte longer while max_strlen is under 1024.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_str, .emit = EmitId::Str},
      {.name = "strncmp", .family = F, .signature = "strncmp(a, b, n)",
       .doc = "0 when the strings' first n bytes (n a literal) are equal, else 1.",
       .min_args = 3, .max_args = 3, .check = &TypeChecker::check_strncmp, .emit = EmitId::Strncmp},
      {.name = "strlen", .family = F, .signature = "strlen(s)", .doc = "How many bytes come before the string's NUL.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_strlen, .emit = EmitId::Strlen},
      {.name = "strstr", .family = F, .signature = "strstr(haystack, needle)",
       .doc = "Where needle first starts in haystack, -1 when it does not occur.",
       .min_args = 2, .max_args = 2, .check = &TypeChecker::check_strstr, .emit = EmitId::Strstr},
      {.name = "strcontains", .family = F, .signature = "strcontains(haystack, needle)",
       .doc = "Whether needle occurs in haystack.",
       .min_args = 2, .max_args = 2, .check = &TypeChecker::check_strstr, .emit = EmitId::Strcontains},
      {.name = "globmatch", .family = F, .signature = "globmatch(str, pat)",
       .doc = "Whether the whole of str matches the glob pattern pat: ?, *, [abc], [a-z], [!abc]; / is no special byte.",
       .min_args = 2, .max_args = 2, .check = &TypeChecker::check_globmatch, .emit = EmitId::Globmatch},
      {.name = "strcap", .family = F, .signature = "strcap(s)",
       .doc = "A string's capacity (its buffer's size), an array's length, or strlen() of a char pointer.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_strcap, .lowering = Lowering::Always},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
