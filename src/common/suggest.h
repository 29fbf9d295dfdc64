#pragma once
// "Did you mean ...?" for a misspelt name: the closest of the known names.
#include <optional>
#include <string>
#include <vector>

namespace bpfsh {

// The candidate nearest to `name` by edit distance, if it is near enough to
// be a plausible typo: at most `max_edits` (never more than 16), by default
// 2 edits and at most a third of the name's length. Linear in the name's
// length.
std::optional<std::string> closest_name(const std::string &name, const std::vector<std::string> &candidates,
                                        std::optional<size_t> max_edits = std::nullopt);

// Up to `most` candidates near enough to `name` (as closest_name judges),
// nearest first: the first is closest_name's. For a list of suggestions
// where several names are as plausible (sqare: square, spare).
std::vector<std::string> closest_names(const std::string &name, const std::vector<std::string> &candidates,
                                       size_t most, std::optional<size_t> max_edits = std::nullopt);

}  // namespace bpfsh
