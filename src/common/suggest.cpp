#include "common/suggest.h"

#include <algorithm>

namespace bpfsh {

// Edits are insertions, deletions, substitutions and swaps of two adjacent
// characters ("prinft"), the commonest typos (optimal string alignment).
static size_t edit_distance(const std::string &a, const std::string &b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); i++) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); j++) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); i++)
    for (size_t j = 1; j <= b.size(); j++) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> closest_name(const std::string &name, const std::vector<std::string> &candidates,
                                        std::optional<size_t> max_edits) {
  std::optional<std::string> best;
  size_t best_d = max_edits ? *max_edits : std::min<size_t>(2, name.size() / 3);
  if (best_d == 0) return std::nullopt;
  for (const auto &c : candidates) {
    size_t d = edit_distance(name, c);
    // Between equally near names, one of the same length (a swap or a
    // slip) is the likelier meaning.
    bool nearer = !best || d < best_d || (d == best_d && c.size() == name.size() && best->size() != name.size());
    if (d <= best_d && nearer) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

}  // namespace bpfsh
