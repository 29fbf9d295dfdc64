#pragma once
// bpfsh's command line, in bpftrace's spelling.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::cli {

struct Options {
  std::optional<std::string> program;  // -e
  std::string script_path;             // a file, or "-" for stdin
  std::vector<std::string> import_dirs;  // -I, where `import` and #include look
  std::vector<std::string> include_files;  // --include FILE, read before the script
  // --debuginfo DIR[:DIR], repeatable: where separate debug files are looked
  // for first, in order, before BPFSH_DEBUG_DIRS (else /usr/lib/debug).
  std::vector<std::string> debuginfo_dirs;
  std::vector<std::string> positional; // $1, $2, ... after the script
  std::map<std::string, std::string> named_args;  // --name[=value] after the script (getopt())
  bool command_given = false;          // -c, even with an empty command
  std::string command;                 // -c
  std::string output_file;             // -o
  std::string format = "text";         // -f
  // --stack-format: bpftrace, perf, raw or folded; empty when not given, so
  // the config's stack_mode (or BPFTRACE_STACK_MODE) applies.
  std::string stack_format;
  std::string emit_elf;                // --emit-elf
  std::string emit_llvm;               // --emit-llvm
  std::string buffer = "line";         // -B: line, full or none
  int warnings_level = 0;              // -k (and -kk, the same): report failing helpers
  bool no_warnings = false;            // --no-warnings
  std::vector<std::string> debug;      // -d STAGE (ast, passes, ir, all): print it, do not run
  bool lifecycle = false;              // -d lifecycle, --timings: run, and show each stage
  bool dry_run = false;                // --dry-run: compile only
  bool verbose = false;
  bool quiet = false;
  bool unsafe = false;
  bool interactive = false;            // -i, or no program on a terminal: the REPL
  bool list = false;                   // -l [PATTERN]: list probes (-lv: with their arguments)
  std::string list_pattern;            // -l's pattern, when a program is not given
  int64_t pid = 0;                     // -p PID
  std::string probe_filter;            // --probe-filter REGEX: only the probes it matches run
  bool help = false;
  bool version = false;
  bool info = false;                   // --info: what this kernel supports
  bool no_ringbuf = false;             // --no-feature ringbuf: events through the perf buffer
  // --metrics ADDR:PORT: serve the maps to Prometheus while the program runs.
  std::string metrics_addr;            // empty: no --metrics
  int metrics_port = 0;
  bool metrics_only = false;           // --metrics-only: nothing on stdout
  // --complete TEXT: print what Tab would offer at the end of TEXT, for
  // the shell completion scripts.
  std::optional<std::string> complete;
};

// Parses argv; on a usage error prints it to stderr and returns nullopt.
std::optional<Options> parse_options(int argc, char **argv);

// Every option's spelling ("-e", "--pid", ...), for completion.
std::vector<std::string> option_names();

// -h: every option, on stdout.
void print_usage(const char *argv0);
// After a bad option: how bpfsh is called, and where the rest is, on stderr.
void print_usage_hint(const char *argv0);

}  // namespace bpfsh::cli
