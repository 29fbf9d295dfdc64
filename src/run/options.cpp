#include "run/options.h"

#include "common/option_values.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace bpfsh::run {

namespace {

enum { OPT_NO_WARNINGS = 256, OPT_STACK_FORMAT, OPT_METRICS, OPT_METRICS_ONLY, OPT_NO_FEATURE };

bool parse_pid(Options &o, const char *arg) {
  auto pid = bpfsh::parse_pid(arg);
  if (pid) o.pid = *pid;
  return pid.has_value();
}

bool set_metrics(Options &o, const std::string &arg) {
  auto at = parse_metrics_address(arg);
  if (!at) return false;
  o.metrics_addr = at->addr;
  o.metrics_port = at->port;
  return true;
}

bool apply_option(Options &o, int c, const char *arg) {
  switch (c) {
    case 'c': o.command = arg; break;
    case 'o': o.output_file = arg; break;
    case 'f': o.format = arg; break;
    case 'B': o.buffer = arg; break;
    case 'p': return parse_pid(o, arg);
    case 'q': o.quiet = true; break;
    case 'v': o.verbose = true; break;
    case 'h': o.help = true; break;
    case 'V': o.version = true; break;
    case OPT_NO_WARNINGS: o.no_warnings = true; break;
    case OPT_STACK_FORMAT: o.stack_format = arg; break;
    case OPT_METRICS: return set_metrics(o, arg);
    case OPT_METRICS_ONLY: o.metrics_only = true; break;
    case OPT_NO_FEATURE:
      if (std::string(arg) != "ringbuf") {
        std::fprintf(stderr, "ERROR: USAGE: --no-feature can only be 'ringbuf' here.\n");
        return false;
      }
      o.no_ringbuf = true;
      break;
    default: return false;
  }
  return true;
}

bool validate(const Options &o) {
  const char *bad = nullptr;
  if (o.format != "text" && o.format != "json") bad = "unknown output format (use text or json)";
  else if (o.buffer != "line" && o.buffer != "full" && o.buffer != "none") bad = "Invalid buffer mode (use line, full or none)";
  else if (o.pid && !o.command.empty()) bad = "-p and -c can not be used together";
  else if (o.metrics_only && o.metrics_addr.empty()) bad = "--metrics-only needs --metrics ADDR:PORT";
  else if (!o.stack_format.empty() && o.stack_format != "folded")
    bad = "--stack-format: only folded is chosen at run time; bpftrace, perf and raw are compiled in";
  else if (!o.stack_format.empty() && o.format == "json") bad = "--stack-format folded needs text output, not -f json";
  if (bad) std::fprintf(stderr, "ERROR: %s\n", bad);
  return bad == nullptr;
}

}  // namespace

void print_usage(const char *argv0, std::FILE *out) {
  std::fprintf(out,
               "USAGE:\n"
               "    %s [options] prog.o [args...] [-- --name[=value]...]\n"
               "    runs a program compiled by `bpfsh --emit-elf prog.o`, as bpfsh would run it\n\n"
               "OPTIONS:\n"
               "    -f FORMAT      output format: text (default) or json\n"
               "    -o FILE        write the output to FILE\n"
               "    -B MODE        output buffering: line (default), full or none\n"
               "    -c CMD         run CMD, end when it exits\n"
               "    -p PID         end when PID exits\n"
               "    -q             no \"Attached N probes\"\n"
               "    -v             libbpf's messages and whole verifier logs\n"
               "    --no-warnings  no warnings\n"
               "    --stack-format folded\n"
               "                   maps keyed by stacks print folded\n"
               "    --metrics ADDR:PORT\n"
               "                   serve the maps to Prometheus while the program runs\n"
               "    --metrics-only with --metrics: nothing on stdout\n"
               "    --no-feature ringbuf\n"
               "                   events through the perf buffer (picked at load: the\n"
               "                   ring buffer where the kernel has one, else the perf buffer)\n"
               "    -h, --help     this text\n"
               "    -V, --version  the version\n"
               "The arguments after prog.o must be those it was compiled with, if any:\n"
               "they are constants in its code. `-- --help` lists its options.\n",
               argv0);
}

std::optional<Options> parse_options(int argc, char **argv) {
  static const option longopts[] = {
      {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'},
      {"no-warnings", no_argument, nullptr, OPT_NO_WARNINGS},
      {"stack-format", required_argument, nullptr, OPT_STACK_FORMAT},
      {"metrics", required_argument, nullptr, OPT_METRICS},
      {"metrics-only", no_argument, nullptr, OPT_METRICS_ONLY},
      {"no-feature", required_argument, nullptr, OPT_NO_FEATURE},
      {"pid", required_argument, nullptr, 'p'},
      {"cmd", required_argument, nullptr, 'c'},
      {"output", required_argument, nullptr, 'o'},
      {"quiet", no_argument, nullptr, 'q'},
      {"verbose", no_argument, nullptr, 'v'},
      {nullptr, 0, nullptr, 0},
  };
  Options o;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "c:o:f:B:p:qvhV", longopts, nullptr)) != -1) {
    if (c == '?' || !apply_option(o, c, optarg)) {
      if (c == '?') std::fprintf(stderr, "Run '%s -h' for every option.\n", argv[0]);
      return std::nullopt;
    }
  }
  if (o.help || o.version) return o;
  if (!validate(o)) return std::nullopt;
  if (optind >= argc) {
    std::fprintf(stderr, "ERROR: no program given: name an object compiled by bpfsh --emit-elf\n");
    return std::nullopt;
  }
  o.object_path = argv[optind++];
  for (; optind < argc; optind++) o.args.push_back(argv[optind]);
  return o;
}

}  // namespace bpfsh::run
