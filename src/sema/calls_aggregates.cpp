// Type rules and registry rows of the aggregations: count, sum, min, max,
// avg, stats, hist, lhist, tseries. Each is only ever assigned to a map
// (TypeChecker::visit(Assign) holds lhist's bounds to the map's).
#include <algorithm>
#include <map>

#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

// tseries(v, interval, num[, agg]): bpftrace's checks and wording, located
// at the call as bpftrace locates them.
void TypeChecker::check_tseries(ast::Call *n) {
  if (!expect_int(n->args[0], "tseries()'s argument")) return;
  auto literal = [&](size_t i, const char *what) -> const ast::IntLit * {
    if (n->args[i]->kind == ast::ExprKind::Int) return static_cast<const ast::IntLit *>(n->args[i]);
    diags_.error(n->range, std::string("tseries: invalid ") + what + " value (must be non-negative literal)");
    return nullptr;
  };
  auto *interval = literal(1, "interval_ns");
  if (!interval) return;
  auto *num = literal(2, "num_intervals");
  if (!num) return;
  if (interval->value < 1) {
    diags_.error(n->range, "tseries() interval_ns must be >= 1 (0 provided)");
    return;
  }
  if (num->value < 1 || num->value > 1000000) {
    diags_.error(n->range, num->value < 1 ? "tseries() num_intervals must be >= 1 (0 provided)"
                                                   : "tseries() num_intervals must be < 1000000 (" +
                                                         std::to_string(num->value) + " provided)");
    return;
  }
  if (n->args.size() == 4) {
    static const char *kAggs[] = {"avg", "max", "min", "sum"};
    auto *a = n->args[3];
    std::string given = a->kind == ast::ExprKind::Str ? static_cast<ast::StrLit *>(a)->value : "";
    if (std::find(std::begin(kAggs), std::end(kAggs), given) == std::end(kAggs)) {
      diags_.error(n->range, "tseries() expects one of the following aggregation functions: avg, max, min, sum (\"" +
                                 given + "\" provided)");
      return;
    }
  }
  n->type = Type::agg(TypeKind::Tseries, n->args[0]->type.is_signed);
}

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
  if (kind == TypeKind::Hist && n->args.size() == 2 && static_cast<ast::IntLit *>(n->args[1])->value > 5) {
    diags_.error(n->range, "hist: bits " + std::to_string(static_cast<ast::IntLit *>(n->args[1])->value) +
                               " must be 0..5");
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
      {.name = "hist", .family = F, .signature = "hist(n[, k])",
       .doc = "A histogram of the values in power-of-two buckets, each split in 2^k (k a literal, 0 to 5, 0 when left out).",
       .min_args = 1, .max_args = 2, .check = check, .emit = agg},
      {.name = "lhist", .family = F, .signature = "lhist(n, min, max, step)",
       .doc = "A histogram of the values in buckets of step from min to max (literals), with one below and one above.",
       .min_args = 4, .max_args = 4, .check = check, .emit = agg},
      {.name = "tseries", .family = F, .signature = "tseries(n, interval, num[, agg])",
       .doc = "A time series of num intervals of interval ns (literals): the last value in each, or its avg, min, max or sum.",
       .min_args = 3, .max_args = 4, .check = &TypeChecker::check_tseries, .emit = agg},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
