#pragma once
// %gr: flag bits by name, as the kernel's own trace output prints them
// (__print_flags): each name whose bits are all set, in the table's order,
// takes its bits away; bits no name has are left in hex; no bit is "none".
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/events.h"

namespace bpfsh::runtime {

std::string flag_names_text(uint64_t flags, const std::vector<artifact::FlagName> &names);

}  // namespace bpfsh::runtime
