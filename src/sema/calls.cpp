// Type rules of the built-in functions, dispatched by name through a table.
#include "common/format_string.h"
#include "common/suggest.h"
#include "sema/builtins.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

const std::map<std::string, TypeChecker::CallCheck> &TypeChecker::call_table() {
  static const std::map<std::string, CallCheck> table = {
      {"printf", &TypeChecker::check_printf},
      {"print", &TypeChecker::check_print},
      {"exit", &TypeChecker::check_exit},
      {"count", &TypeChecker::check_aggregation},
      {"sum", &TypeChecker::check_aggregation},
      {"min", &TypeChecker::check_aggregation},
      {"max", &TypeChecker::check_aggregation},
      {"avg", &TypeChecker::check_aggregation},
      {"stats", &TypeChecker::check_aggregation},
      {"hist", &TypeChecker::check_aggregation},
      {"lhist", &TypeChecker::check_aggregation},
      {"clear", &TypeChecker::check_map_op},
      {"zero", &TypeChecker::check_map_op},
      {"delete", &TypeChecker::check_delete},
      {"str", &TypeChecker::check_str},
      {"strncmp", &TypeChecker::check_strncmp},
      {"ntop", &TypeChecker::check_ntop},
      {"kstack", &TypeChecker::check_stack},
      {"ustack", &TypeChecker::check_stack},
      {"ksym", &TypeChecker::check_sym},
      {"usym", &TypeChecker::check_sym},
      {"kaddr", &TypeChecker::check_addr},
      {"uaddr", &TypeChecker::check_addr},
      {"reg", &TypeChecker::check_reg},
      {"system", &TypeChecker::check_unsafe_format},
      {"cat", &TypeChecker::check_unsafe_format},
      {"time", &TypeChecker::check_time},
      {"errorf", &TypeChecker::check_message},
      {"warnf", &TypeChecker::check_message},
      {"signal", &TypeChecker::check_signal},
      {"join", &TypeChecker::check_join},
      {"strftime", &TypeChecker::check_strftime},
      {"strlen", &TypeChecker::check_strlen},
      {"strstr", &TypeChecker::check_strstr},
      {"strcontains", &TypeChecker::check_strstr},
      {"buf", &TypeChecker::check_buf},
      {"macaddr", &TypeChecker::check_macaddr},
      {"bswap", &TypeChecker::check_bswap},
      {"has_key", &TypeChecker::check_has_key},
      {"len", &TypeChecker::check_len},
      {"cgroupid", &TypeChecker::check_cgroupid},
      {"getopt", &TypeChecker::check_getopt},
      {"pton", &TypeChecker::check_pton},
      {"path", &TypeChecker::check_path},
      {"fail", &TypeChecker::check_fail},
      {"static_assert", &TypeChecker::check_static_assert},
      {"is_str", &TypeChecker::check_type_question},
      {"is_ptr", &TypeChecker::check_type_question},
      {"is_array", &TypeChecker::check_type_question},
      {"is_integer", &TypeChecker::check_type_question},
      {"is_unsigned_integer", &TypeChecker::check_type_question},
      {"is_literal", &TypeChecker::check_type_question},
      {"default_str_length", &TypeChecker::check_default_str_length},
      {"strcap", &TypeChecker::check_strcap},
      {"strerror", &TypeChecker::check_named_number},
      {"signal_name", &TypeChecker::check_named_number},
      {"syscall_name", &TypeChecker::check_named_number},
      {"cgroup_path", &TypeChecker::check_cgroup_path},
      {"nsecs", &TypeChecker::check_nsecs},
      {"signal_thread", &TypeChecker::check_signal},
      {"kptr", &TypeChecker::check_address_space},
      {"uptr", &TypeChecker::check_address_space},
      {"is_err", &TypeChecker::check_is_err},
      {"find", &TypeChecker::check_find},
      {"memcmp", &TypeChecker::check_memcmp},
      {"unwatch", &TypeChecker::check_unwatch},
  };
  return table;
}

bool TypeChecker::is_aggregation(const std::string &name) const {
  static const char *aggs[] = {"count", "sum", "min", "max", "avg", "stats", "hist", "lhist"};
  for (auto *a : aggs)
    if (name == a) return true;
  return false;
}

void TypeChecker::visit(ast::Call *n) {
  auto it = call_table().find(n->name);
  if (it == call_table().end() && n->args.empty() && lookup_builtin(n->name, info_.strlen))
    return call_as_builtin(n);
  if (it == call_table().end()) {
    auto &d = diags_.error(n->range, "Unknown function: " + n->name);
    std::vector<std::string> known;
    for (auto &[name, check] : call_table()) known.push_back(name);
    if (auto near = closest_name(n->name, known)) d.hints.push_back("did you mean " + *near + "()?");
    return;
  }
  // These take a whole map (or an element to remove), not its value.
  bool takes_map = n->name == "print" || n->name == "clear" || n->name == "zero" || n->name == "delete" ||
                   n->name == "has_key" || n->name == "len" || n->name == "find";
  // kstack(perf, 3): a stack mode is a word, not an expression.
  bool takes_words = n->name == "kstack" || n->name == "ustack" || n->name == "nsecs";
  if (!takes_map && !takes_words)
    for (auto *a : n->args) walk(a);
  (this->*(it->second))(n);
}

bool arity(Diagnostics &diags, ast::Call *n, size_t lo, size_t hi) {
  if (n->args.size() >= lo && n->args.size() <= hi) return true;
  std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
  diags.error(n->range, n->name + "() takes " + want + " argument" + (hi == 1 ? "" : "s") + ", " +
                            std::to_string(n->args.size()) + " given");
  return false;
}

// printf-style functions: a literal format, then arguments matching its specifiers.
void TypeChecker::check_format(ast::Call *n, const std::string &fn) {
  if (n->args.empty() || n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->range, fn + "() needs a string literal as its first argument");
    return;
  }
  auto fmt = parse_format(static_cast<ast::StrLit *>(n->args[0])->value);
  if (!fmt.error.empty()) {
    diags_.error(n->args[0]->range, fn + ": " + fmt.error);
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
    } else if (format_conv_is_integer(p.conv) && !a->type.is_int_like()) {
      diags_.error(a->range, fn + ": %" + std::string(1, p.conv) +
                                 " specifier expects a value of type integer (" +
                                 (a->type.is_str() ? "string" : a->type.str()) + " supplied)");
    }
  }
}

void TypeChecker::check_printf(ast::Call *n) { check_format(n, "printf"); }

void TypeChecker::check_unsafe_format(ast::Call *n) {
  if (n->name == "system" && !unsafe_) {
    auto &d = diags_.error(n->range, "system() is an unsafe function");
    d.hints.push_back("run with --unsafe to allow it");
    return;
  }
  check_format(n, n->name);
}

void TypeChecker::check_print(ast::Call *n) {
  if (!arity(diags_, n, 1, 3)) return;
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
  if (!arity(diags_, n, 0, 1)) return;
  if (n->args.size() == 1) expect_int(n->args[0], "exit()'s status");
}

void TypeChecker::check_aggregation(ast::Call *n) {
  static const std::map<std::string, std::pair<TypeKind, size_t>> kinds = {
      {"count", {TypeKind::Count, 0}}, {"sum", {TypeKind::Sum, 1}},   {"min", {TypeKind::Min, 1}},
      {"max", {TypeKind::Max, 1}},     {"avg", {TypeKind::Avg, 1}},   {"stats", {TypeKind::Stats, 1}},
      {"hist", {TypeKind::Hist, 1}},   {"lhist", {TypeKind::Lhist, 4}},
  };
  auto [kind, nargs] = kinds.at(n->name);
  size_t hi = n->name == "hist" ? 2 : nargs;
  if (!arity(diags_, n, nargs, hi)) return;
  bool is_signed = false;
  if (nargs > 0) {
    if (!expect_int(n->args[0], n->name + "()'s argument")) return;
    is_signed = n->args[0]->type.is_signed;
  }
  for (size_t i = 1; i < n->args.size(); i++)
    if (n->args[i]->kind != ast::ExprKind::Int) {
      diags_.error(n->args[i]->range, n->name + "(): argument " + std::to_string(i + 1) +
                                          " must be an integer literal");
      return;
    }
  if (n->name == "hist" && n->args.size() == 2 && static_cast<ast::IntLit *>(n->args[1])->value != 0) {
    diags_.error(n->args[1]->range, "hist() with a bucket precision is not supported yet");
    return;
  }
  if (n->name == "lhist") {
    auto v = [&](size_t i) { return static_cast<int64_t>(static_cast<ast::IntLit *>(n->args[i])->value); };
    if (v(3) <= 0 || v(2) <= v(1)) {
      diags_.error(n->range, "lhist(): max must be greater than min, and step positive");
      return;
    }
    if ((v(2) - v(1)) / v(3) > 1000) {
      diags_.error(n->range, "lhist(): too many buckets (at most 1000)");
      return;
    }
  }
  n->type = Type::agg(kind, is_signed || kind == TypeKind::Sum);
}

void TypeChecker::check_map_op(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  auto *a = n->args[0];
  if (a->kind != ast::ExprKind::Map || !static_cast<ast::MapRef *>(a)->keys.empty()) {
    diags_.error(a->range, n->name + "() expects a map without a key, like " + n->name + "(@m)");
    return;
  }
  check_whole_map(static_cast<ast::MapRef *>(a));
}

// print(@m), clear(@m), zero(@m) name a whole map, whatever its keys.
void TypeChecker::check_whole_map(ast::MapRef *m) {
  const MapInfo *mi = map_for(m, false);
  if (!mi) {
    if (final_) diags_.error(m->range, "Undefined map: " + m->name);
    return;
  }
  m->key_type = mi->key;
  m->type = mi->value;
}

void TypeChecker::check_delete(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  auto *a = n->args[0];
  if (a->kind != ast::ExprKind::Map) {
    diags_.error(a->range, "delete() expects a map element, like delete(@m[key])");
    return;
  }
  auto *m = static_cast<ast::MapRef *>(a);
  if (n->args.size() == 2) {
    if (!m->keys.empty()) {
      diags_.error(n->range, "delete(@m, key) takes a map without a key as its first argument");
      return;
    }
    m->keys.push_back(n->args[1]);
    n->args.pop_back();
  }
  walk(a);
  n->type = Type::boolean();  // whether the key was there to delete
}

void TypeChecker::check_str(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  auto *a = n->args[0];
  if (a->type.is_none()) return;
  uint32_t size = info_.strlen;
  if (n->args.size() == 2) {
    if (!expect_int(n->args[1], "str()'s length")) return;
    if (n->args[1]->kind == ast::ExprKind::Int)
      size = std::min<uint64_t>(static_cast<ast::IntLit *>(n->args[1])->value + 1, info_.strlen);
  }
  if (a->type.is_str()) {
    n->type = Type::string(std::min(size, a->type.str_size));
    return;
  }
  if (!expect_int(a, "str()'s argument")) return;
  n->type = Type::string(size);
}

void TypeChecker::check_strncmp(ast::Call *n) {
  if (!arity(diags_, n, 3, 3)) return;
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

// ntop([af, ]addr): an IPv4 address held in an integer (network byte order,
// as the kernel stores it), or 4/16 address bytes in a string-sized buffer.
void TypeChecker::check_ntop(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  if (n->args.size() == 2 && !expect_int(n->args[0], "ntop()'s address family")) return;
  ast::Expr *addr = n->args.back();
  if (addr->type.is_none()) return;
  uint32_t bytes = addr->type.is_str() || addr->type.is_array() ? addr->type.c_size() : 0;
  if ((addr->type.is_str() || addr->type.is_array()) && bytes != 4 && bytes != 16) {
    diags_.error(addr->range, "ntop() needs 4 (IPv4) or 16 (IPv6) address bytes, not a " +
                                  (addr->type.is_str() ? std::string("string") : addr->type.str()));
    return;
  }
  if (!bytes && !expect_int(addr, "ntop()'s address")) return;
  n->type = Type::inet();
}

}  // namespace bpfsh::sema
