// Type rules and registry rows of the time family: the clocks (nsecs,
// elapsed, jiffies) and the times user space formats (time, strftime).
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// nsecs(monotonic | boot | tai | sw_tai): the clock is a word, not an expression.
void TypeChecker::check_nsecs(ast::Call *n) {
  if (n->args.size() == 1) {
    ast::Expr *a = n->args[0];
    const std::string *word = a->kind == ast::ExprKind::Builtin ? &static_cast<ast::Builtin *>(a)->name : nullptr;
    if (!word || (*word != "monotonic" && *word != "boot" && *word != "tai" && *word != "sw_tai")) {
      auto &d = diags_.error(a->range, "nsecs() takes a clock: monotonic, boot, tai or sw_tai");
      d.hints.push_back("nsecs alone is nsecs(monotonic)");
      return;
    }
  }
  n->type = Type::integer(64, false);
}

// time([fmt]): fmt is a strftime format, a literal (it is applied in user space).
void TypeChecker::check_time(ast::Call *n) {
  if (n->args.size() == 1 && n->args[0]->kind != ast::ExprKind::Str)
    diags_.error(n->args[0]->range, "time() expects a string literal as its format");
}

// strftime(fmt, nsecs): a timestamp, formatted in user space when printed.
void TypeChecker::check_strftime(ast::Call *n) {
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[0]->range, "strftime() expects a string literal as its format");
    return;
  }
  if (!expect_int(n->args[1], "strftime()'s time")) return;
  n->type = Type::timestamp(static_cast<ast::StrLit *>(n->args[0])->value);
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> time_rows() {
  constexpr Family F = Family::Time;
  constexpr Kind Var = Kind::Variable;
  static const Row rows[] = {
      {.name = "nsecs", .kind = Var, .family = F, .signature = "nsecs",
       .doc = "Nanoseconds of the monotonic clock (bpf_ktime_get_ns), as nsecs(monotonic) gives them.",
       .type = ast::Type::integer(64, false), .emit = EmitId::Nsecs},
      {.name = "nsecs", .family = F, .signature = "nsecs([monotonic | boot | tai | sw_tai])",
       .doc = "Nanoseconds of the clock named: monotonic (the default), boot, tai, or sw_tai (boot plus TAI's offset).",
       .min_args = 0, .max_args = 1, .args = ArgForm::Words, .check = &TypeChecker::check_nsecs,
       .emit = EmitId::Nsecs},
      {.name = "elapsed", .kind = Var, .family = F, .signature = "elapsed",
       .doc = "Nanoseconds since bpfsh started.", .type = ast::Type::integer(64, false), .emit = EmitId::Elapsed},
      {.name = "jiffies", .kind = Var, .family = F, .signature = "jiffies",
       .doc = "The kernel's jiffies counter (bpf_jiffies64).", .type = ast::Type::integer(64, false),
       .emit = EmitId::Jiffies},
      {.name = "time", .family = F, .signature = "time([fmt])",
       .doc = "Prints the wall-clock time when user space reads the event, formatted by strftime(3) (\"%H:%M:%S\\n\").",
       .min_args = 0, .max_args = 1, .check = &TypeChecker::check_time, .emit = EmitId::Time},
      {.name = "strftime", .family = F, .signature = "strftime(fmt, nsecs)",
       .doc = "A timestamp of nsecs, printed as wall-clock time formatted by strftime(3) (plus %f, microseconds).",
       .min_args = 2, .max_args = 2, .check = &TypeChecker::check_strftime, .emit = EmitId::Strftime},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
