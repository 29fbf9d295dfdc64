#pragma once
// bpfsh-run's command line: bpfsh's run-time options, in its spelling, and
// a compiled object instead of a script.
//   bpfsh-run [options] prog.o [args...] [-- --name[=value]...]
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::run {

struct Options {
  std::string object_path;             // prog.o, from bpfsh --emit-elf
  std::vector<std::string> args;       // after it, as given: $1..., --name[=value]
  std::string command;                 // -c
  std::string output_file;             // -o
  std::string format = "text";         // -f
  std::string buffer = "line";         // -B
  std::string stack_format;            // --stack-format folded (the others are compiled in)
  int64_t pid = 0;                     // -p
  bool quiet = false;
  bool verbose = false;
  bool no_warnings = false;
  bool help = false;
  bool version = false;
  std::string metrics_addr;            // --metrics ADDR:PORT; empty: none
  int metrics_port = 0;
  bool metrics_only = false;
  bool no_ringbuf = false;             // --no-feature ringbuf: events through the perf buffer
};

// Parses argv; on a usage error prints it to stderr and returns nullopt.
std::optional<Options> parse_options(int argc, char **argv);
void print_usage(const char *argv0, std::FILE *out);

}  // namespace bpfsh::run
