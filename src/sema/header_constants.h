#pragma once
// The integer macro constants of the C library's and the kernel's UAPI
// headers (AF_INET, SIGKILL, O_CREAT, __NR_openat, ...), which scripts use as
// bare identifiers. The table is generated at build time from the installed
// headers by cmake/header_constants.cmake, which lets the C compiler compute
// each value; see docs/architecture.md for why at build time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::sema {

struct HeaderConstant {
  const char *name;
  int64_t value;
};

const std::vector<HeaderConstant> &header_constants();

// The constant's value, if the headers define one of that name.
std::optional<int64_t> header_constant(const std::string &name);

// Every name, for did-you-mean hints.
std::vector<std::string> header_constant_names();

}  // namespace bpfsh::sema
