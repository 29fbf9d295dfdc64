#pragma once
// A tseries entry as bpftrace prints it: a text chart of one row per
// interval, or a json list of {interval_start, value}; shared by the text
// and json printers.
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/value.h"

namespace bpfsh::runtime::output {

// The chart: min and max above and below, a `*` per interval at its value,
// a `.` column at zero when the range spans it, `-` for an interval without
// data. Ends with a newline.
std::string tseries_chart(const artifact::MapSpec &spec, const std::vector<TsPoint> &series);

// [{"interval_start":"2025-01-02 10:41:46.700000000","value":9},...]
// (the start in UTC; null for an interval without data).
std::string tseries_json(const artifact::MapSpec &spec, const std::vector<TsPoint> &series,
                         std::string (*json_value)(const Value &));

}  // namespace bpfsh::runtime::output
