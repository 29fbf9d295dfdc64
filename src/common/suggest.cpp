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

namespace {

// Between equally near names, one of the same length (a swap or a slip) is
// the likelier meaning.
bool nearer(size_t d, const std::string &c, size_t best_d, const std::string &best, const std::string &name) {
  return d < best_d || (d == best_d && c.size() == name.size() && best.size() != name.size());
}

size_t edit_limit(const std::string &name, std::optional<size_t> max_edits) {
  return std::min(max_edits ? *max_edits : std::min<size_t>(2, name.size() / 3), kMostEdits);
}

}  // namespace

std::optional<std::string> closest_name(const std::string &name, const std::vector<std::string> &candidates,
                                        std::optional<size_t> max_edits) {
  std::optional<std::string> best;
  size_t best_d = edit_limit(name, max_edits);
  if (best_d == 0) return std::nullopt;
  for (const auto &c : candidates) {
    size_t d = edit_distance(name, c, best_d);
    if (d <= best_d && (!best || nearer(d, c, best_d, *best, name))) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

std::vector<std::string> closest_names(const std::string &name, const std::vector<std::string> &candidates,
                                       size_t most, std::optional<size_t> max_edits) {
  size_t limit = edit_limit(name, max_edits);
  std::vector<std::pair<size_t, const std::string *>> near;
  if (limit == 0 || most == 0) return {};
  for (const auto &c : candidates)
    if (size_t d = edit_distance(name, c, limit); d <= limit) near.emplace_back(d, &c);
  // Stable: among names as near and as long, the candidates' own order.
  std::stable_sort(near.begin(), near.end(), [&](const auto &a, const auto &b) {
    return nearer(a.first, *a.second, b.first, *b.second, name);
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < near.size() && out.size() < most; i++) out.push_back(*near[i].second);
  return out;
}

}  // namespace bpfsh
