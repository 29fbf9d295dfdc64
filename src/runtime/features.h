#pragma once
// What this kernel lets bpfsh do, found by trying: tiny programs loaded and
// attached, maps created, helpers probed. Never by kernel version. Each
// answer is computed once per process.
#include <cstdio>
#include <string>
#include <vector>

namespace bpfsh::runtime::features {

struct Feature {
  std::string name;
  bool works = false;
  std::string why;  // when it does not: the errno text of the failed try
};

// bpftrace --info's sections, without "Build" (the command line prints it).
std::vector<Feature> probe_types();
std::vector<Feature> map_types();
std::vector<Feature> helpers();
std::vector<Feature> kernel_features();

// The ring buffer map type (Linux 5.8); without it events go through a
// perf event array.
bool has_ring_buffer();

// System, Kernel helpers, Kernel features, Map types, Probe types.
void print_info(std::FILE *out);

}  // namespace bpfsh::runtime::features
