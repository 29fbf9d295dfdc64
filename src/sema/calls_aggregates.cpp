// Type rules and registry rows of the aggregations: count, sum, min, max,
// avg, stats, hist, lhist. Each is only ever assigned to a map
// (TypeChecker::visit(Assign) holds lhist's bounds to the map's).
#include <map>

#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

void TypeChecker::check_aggregation(ast::Call *n) {
  static const std::map<std::string, TypeKind> kinds = {
      {"count", TypeKind::Count}, {"sum", TypeKind::Sum},     {"min", TypeKind::Min},   {"max", TypeKind::Max},
      {"avg", TypeKind::Avg},     {"stats", TypeKind::Stats}, {"hist", TypeKind::Hist}, {"lhist", TypeKind::Lhist},
  };
  TypeKind kind = kinds.at(n->name);
  bool is_signed = false;
  if (!n->args.empty()) {
    if (!expect_int(n->args[0], n->name + "()'s argument")) return;
    is_signed = n->args[0]->type.is_signed;
  }
  for (size_t i = 1; i < n->args.size(); i++)
    if (n->args[i]->kind != ast::ExprKind::Int) {
      diags_.error(n->args[i]->range, n->name + "(): argument " + std::to_string(i + 1) +
                                          " must be an integer literal");
      return;
    }
  if (kind == TypeKind::Hist && n->args.size() == 2 && static_cast<ast::IntLit *>(n->args[1])->value != 0) {
    diags_.error(n->args[1]->range, "hist() with a bucket precision is not supported yet");
    return;
  }
  if (kind == TypeKind::Lhist) {
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

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> aggregates_rows() {
  constexpr Family F = Family::Aggregates;
  constexpr CallCheck check = &TypeChecker::check_aggregation;
  constexpr EmitId agg = EmitId::Aggregate;
  static const Row rows[] = {
      {.name = "count", .family = F, .signature = "count()", .doc = "How many times it ran.",
       .min_args = 0, .max_args = 0, .check = check, .emit = agg},
      {.name = "sum", .family = F, .signature = "sum(n)", .doc = "The total of the values.",
       .min_args = 1, .max_args = 1, .check = check, .emit = agg},
      {.name = "min", .family = F, .signature = "min(n)", .doc = "The smallest value.",
       .min_args = 1, .max_args = 1, .check = check, .emit = agg},
      {.name = "max", .family = F, .signature = "max(n)", .doc = "The largest value.",
       .min_args = 1, .max_args = 1, .check = check, .emit = agg},
      {.name = "avg", .family = F, .signature = "avg(n)", .doc = "The mean of the values.",
       .min_args = 1, .max_args = 1, .check = check, .emit = agg},
      {.name = "stats", .family = F, .signature = "stats(n)", .doc = "The count, mean and total of the values.",
       .min_args = 1, .max_args = 1, .check = check, .emit = agg},
      {.name = "hist", .family = F, .signature = "hist(n[, 0])",
       .doc = "A histogram of the values in power-of-two buckets.",
       .min_args = 1, .max_args = 2, .check = check, .emit = agg},
      {.name = "lhist", .family = F, .signature = "lhist(n, min, max, step)",
       .doc = "A histogram of the values in buckets of step from min to max (literals), with one below and one above.",
       .min_args = 4, .max_args = 4, .check = check, .emit = agg},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
