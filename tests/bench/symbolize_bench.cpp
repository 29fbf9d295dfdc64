// Benchmark: symbolizes 10,000 distinct addresses spread over the code of a
// large binary (bpfsh itself by default) with a fresh symbolizer, so the
// time includes opening the binary and reading its symbols once.
// Prints exactly one line: "symbolize_10k_ms <milliseconds>".
// usage: symbolize_bench [BINARY]
#include <chrono>
#include <cstdio>
#include <string>

#include "host/live_host.h"
#include "symbols/user_symbolizer.h"

using namespace bpfsh::symbols;

int main(int argc, char **argv) {
  const std::string binary = argc > 1 ? argv[1] : BPFSH_BINARY;
  constexpr uint64_t kAddresses = 10000;
  auto layout = bpfsh::host::read_elf_layout(binary);
  const ElfLayout::Segment *text = nullptr;
  if (layout)
    for (const auto &s : layout->loads)
      if (s.executable && (!text || s.size > text->size)) text = &s;
  if (!text || text->size < kAddresses) {
    std::fprintf(stderr, "symbolize_bench: %s has no code segment of 10000 bytes\n", binary.c_str());
    return 1;
  }
  uint64_t stride = text->size / kAddresses;
  bpfsh::host::LiveHost host;
  UserSymbolizer symbolizer(host);
  size_t named = 0;
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < kAddresses; i++)
    if (symbolizer.resolve_in_file(binary, text->vaddr + i * stride + i % stride)) named++;
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Code is dense with functions: most addresses must have a name, or the
  // symbolizer did not really work and the time means nothing.
  if (named < kAddresses * 9 / 10) {
    std::fprintf(stderr, "symbolize_bench: only %zu of %llu addresses named in %s\n", named,
                 static_cast<unsigned long long>(kAddresses), binary.c_str());
    return 1;
  }
  std::printf("symbolize_10k_ms %.0f\n", ms);
  return 0;
}
