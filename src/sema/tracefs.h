#pragma once
// Reads tracepoint metadata from tracefs (mounting it when it is missing).
#include <optional>
#include <string>
#include <vector>

#include "sema/program_info.h"

namespace bpfsh::sema::tracefs {

// The tracefs root ("/sys/kernel/tracing"), mounted on first use if needed.
const std::string &root();

// Every "category:event" pair, from available_events.
const std::vector<std::string> &events();

bool exists(const std::string &category, const std::string &event);

// The event's own fields (the common_* header fields are left out), or
// nullopt when the format file cannot be read.
std::optional<std::vector<TracepointField>> fields(const std::string &category, const std::string &event);

// Parses one format file's text; exposed for tests.
std::vector<TracepointField> parse_format(const std::string &text);

}  // namespace bpfsh::sema::tracefs
