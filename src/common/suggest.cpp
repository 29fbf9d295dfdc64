#include "common/suggest.h"

#include <algorithm>

namespace bpfsh {

// No typo is more edits than this, whatever a caller allows: it bounds the
// band edit_distance() fills.
constexpr size_t kMostEdits = 16;

// Edits are insertions, deletions, substitutions and swaps of two adjacent
// characters ("prinft"), the commonest typos (optimal string alignment).
// Only a distance up to `limit` matters, and only cells within `limit` of
// the diagonal can hold one: the work is a band along the shorter name, not
// the product of the lengths (a 70 KB attach point against every
// tracepoint). Returns limit + 1 for anything farther.
static size_t edit_distance(const std::string &a, const std::string &b, size_t limit) {
  const size_t n = a.size(), m = b.size(), far = limit + 1;
  if ((n > m ? n - m : m - n) > limit) return far;
  // Three rows, i - 2 to i; a cell outside a row's band reads as `far`.
  std::vector<size_t> before(m + 1, far), prev(m + 1, far), cur(m + 1, far);
  for (size_t j = 0; j <= std::min(m, limit); j++) prev[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t lo = i > limit ? i - limit : 1, hi = std::min(m, i + limit);
    cur[lo - 1] = lo == 1 && i <= limit ? i : far;
    for (size_t j = lo; j <= hi; j++) {
      size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      cur[j] = std::min(d, far);
    }
    if (hi < m) cur[hi + 1] = far;
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> closest_name(const std::string &name, const std::vector<std::string> &candidates,
                                        std::optional<size_t> max_edits) {
  std::optional<std::string> best;
  size_t best_d = std::min(max_edits ? *max_edits : std::min<size_t>(2, name.size() / 3), kMostEdits);
  if (best_d == 0) return std::nullopt;
  for (const auto &c : candidates) {
    size_t d = edit_distance(name, c, best_d);
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
