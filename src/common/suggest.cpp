#include "common/suggest.h"

#include <algorithm>

namespace bpfsh {

static size_t edit_distance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) row[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(const std::string &name, const std::vector<std::string> &candidates,
                                        std::optional<size_t> max_edits) {
  std::optional<std::string> best;
  size_t best_d = max_edits ? *max_edits : std::min<size_t>(2, name.size() / 3);
  if (best_d == 0) return std::nullopt;
  for (const auto &c : candidates) {
    size_t d = edit_distance(name, c);
    if (d <= best_d && (!best || d < best_d)) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

}  // namespace bpfsh
