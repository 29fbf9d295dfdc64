// Type rules and registry rows of the output family: printf and its kin
// (system, cat, errorf, warnf), print, join and exit, whose work user space
// finishes when the event arrives.
#include "common/format_string.h"
#include "sema/gfp_names.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

// printf-style functions: a literal format (the row's ArgForm::Format makes
// sure of it), then arguments matching its specifiers.
void TypeChecker::check_format(ast::Call *n, const std::string &fn) {
  auto fmt = parse_format(static_cast<ast::StrLit *>(n->args[0])->value);
  if (!fmt.error.empty()) {
    diags_.error(n->args[0]->range, fn + ": " + fmt.error);
    return;
  }
  for (auto &p : fmt.pieces)
    if (p.over_limit) {
      diags_.error(n->args[0]->range, fn + ": the width or precision of " + p.text + " is over the limit of " +
                                          std::to_string(kMaxFormatWidth));
      return;
    }
  size_t supplied = n->args.size() - 1, expected = fmt.spec_count();
  if (supplied != expected) {
    diags_.error(n->range, fn + ": " + (supplied < expected ? "Not enough" : "Too many") +
                               " arguments for format string (" + std::to_string(supplied) +
                               " supplied, " + std::to_string(expected) + " expected)");
    return;
  }
  size_t i = 1;
  for (auto &p : fmt.pieces) {
    if (!p.is_spec) continue;
    ast::Expr *a = n->args[i++];
    if (a->type.is_none()) continue;
    if (a->type.is_record() || a->type.is_array()) {
      diags_.error(a->range, fn + ": a " + a->type.str() + " can not be formatted; print it with print()");
    } else if (a->type.is_agg() && a->type.kind != TypeKind::Count && a->type.kind != TypeKind::Sum) {
      diags_.error(a->range, fn + ": " + a->type.str() + " values can only be printed with print()");
    } else if (p.conv == 'r' && !a->type.is_buffer()) {
      diags_.error(a->range, fn + ": %" + std::string(1, p.conv) + (p.buffer_style ? std::string(1, p.buffer_style) : "") +
                                 " specifier expects a buffer (from buf()), not " +
                                 (a->type.is_str() ? "a string" : a->type.str()));
    } else if (p.conv == 'g' && a->type.is_int_like() && !load_gfp_names(a->range, fn)) {
      return;
    } else if (format_conv_is_integer(p.conv) && !a->type.is_int_like()) {
      diags_.error(a->range, fn + ": %" + std::string(p.conv == 'g' ? "gr" : std::string(1, p.conv)) +
                                 " specifier expects a value of type integer (" +
                                 (a->type.is_str() ? "string" : a->type.str()) + " supplied)");
    }
  }
}

// %gr names flags as the running kernel does (gfp_names.h).
bool TypeChecker::load_gfp_names(SourceRange at, const std::string &fn) {
  if (!info_.gfp_names.empty()) return true;
  if (auto text = info_.host->tracepoint_format("kmem", "kmalloc")) info_.gfp_names = parse_print_flags(*text);
  if (info_.gfp_names.empty())
    diags_.error(at, fn + ": %gr takes the kernel's GFP flag names from the kmem:kmalloc tracepoint's "
                           "format, which is not readable here");
  return !info_.gfp_names.empty();
}

void TypeChecker::check_printf(ast::Call *n) { check_format(n, n->name); }

void TypeChecker::check_print(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->kind == ast::ExprKind::Map && static_cast<ast::MapRef *>(a)->keys.empty()) {
    check_whole_map(static_cast<ast::MapRef *>(a));
  } else {
    walk(a);
    if (n->args.size() > 1) {
      diags_.error(n->range, "print() of a value takes one argument");
      return;
    }
    if (a->type.is_agg()) diags_.error(a->range, "print() of one aggregation entry is not supported yet");
    expand_for_print(a);
  }
  for (size_t i = 1; i < n->args.size(); i++)
    if (n->args[i]->kind != ast::ExprKind::Int)
      diags_.error(n->args[i]->range, "print(): top and div must be integer literals");
}

void TypeChecker::check_exit(ast::Call *n) {
  if (n->args.size() == 1) expect_int(n->args[0], "exit()'s status");
}

// join(argv[, sep]): argv is the address of a NULL-ended array of string
// pointers in kernel memory; sep a literal.
void TypeChecker::check_join(ast::Call *n) {
  if (!n->args[0]->type.is_none() && !n->args[0]->type.is_int_like())
    diags_.error(n->args[0]->range, "join() expects an array of strings, like args.argv");
  if (n->args.size() == 2 && n->args[1]->kind != ast::ExprKind::Str)
    diags_.error(n->args[1]->range, "join() expects a string literal as its separator");
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> output_rows() {
  constexpr Family F = Family::Output;
  constexpr ArgForm Format = ArgForm::Format;
  static const Row rows[] = {
      {.name = "printf", .family = F, .signature = "printf(fmt, args...)",
       .doc = "Prints the arguments as the format says, C printf's way, when user space reads the event.",
       .min_args = 1, .max_args = kVariadic, .args = Format, .check = &TypeChecker::check_printf,
       .emit = EmitId::Printf},
      {.name = "print", .family = F, .signature = "print(@map[, top[, div]]) | print(value)",
       .doc = "Prints a whole map (its top entries, values divided by div) or one value, in the default format.",
       .min_args = 1, .max_args = 3, .args = ArgForm::Map, .check = &TypeChecker::check_print,
       .emit = EmitId::Print},
      {.name = "system", .family = F, .signature = "system(fmt, args...)",
       .doc = "Runs the formatted command line in user space and prints its output.",
       .min_args = 1, .max_args = kVariadic, .args = Format, .unsafe = true, .check = &TypeChecker::check_printf,
       .emit = EmitId::System},
      {.name = "cat", .family = F, .signature = "cat(fmt, args...)",
       .doc = "Prints the contents of the file the formatted path names, read in user space.",
       .min_args = 1, .max_args = kVariadic, .args = Format, .check = &TypeChecker::check_printf,
       .emit = EmitId::Cat},
      {.name = "errorf", .family = F, .signature = "errorf(fmt, args...)",
       .doc = "Prints the formatted message as an error located at the call.",
       .min_args = 1, .max_args = kVariadic, .args = Format, .check = &TypeChecker::check_printf,
       .emit = EmitId::Errorf},
      {.name = "warnf", .family = F, .signature = "warnf(fmt, args...)",
       .doc = "Prints the formatted message as a warning located at the call (silent with --no-warnings).",
       .min_args = 1, .max_args = kVariadic, .args = Format, .check = &TypeChecker::check_printf,
       .emit = EmitId::Warnf},
      {.name = "join", .family = F, .signature = "join(argv[, sep])",
       .doc = "Prints the strings of a NULL-ended array of string pointers, separated by sep (a space).",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_join, .emit = EmitId::Join},
      {.name = "exit", .family = F, .signature = "exit([status])",
       .doc = "Stops tracing once this event is read: END probes run, maps print, bpfsh exits with status.",
       .min_args = 0, .max_args = 1, .check = &TypeChecker::check_exit, .emit = EmitId::Exit},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
