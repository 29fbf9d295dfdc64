#include "cli/options.h"

#include "common/option_values.h"

#include "driver/pipeline.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

namespace bpfsh::cli {

namespace {

enum { OPT_UNSAFE = 256, OPT_DRY_RUN, OPT_EMIT_ELF, OPT_EMIT_LLVM, OPT_STACK_FORMAT, OPT_INFO, OPT_NO_WARNINGS,
       OPT_INCLUDE, OPT_VERIFY_IR, OPT_PROBE_FILTER, OPT_NO_FEATURE, OPT_USDT_FILE_ACTIVATION,
       OPT_METRICS, OPT_METRICS_ONLY, OPT_TIMINGS, OPT_COMPLETE, OPT_DEBUGINFO };

// "a,b" -> {"a", "b"}; "" -> {""}.
std::vector<std::string> split_commas(const std::string &list) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end; (end = list.find(',', start)) != std::string::npos; start = end + 1)
    out.push_back(list.substr(start, end - start));
  out.push_back(list.substr(start));
  return out;
}

// --no-feature's names: bpftrace's multi-attach links, which bpfsh does not
// use, so turning them off changes nothing here; and ringbuf, which sends
// events through a perf event array (bpftrace's channel before the ring
// buffer, and where the kernel has none).
bool valid_no_feature(const std::string &list) {
  for (const auto &f : split_commas(list))
    if (f != "kprobe_multi" && f != "kprobe_session" && f != "uprobe_multi" && f != "ringbuf") return false;
  return true;
}

bool parse_pid(Options &o, const char *arg) {
  auto pid = bpfsh::parse_pid(arg);
  if (pid) o.pid = *pid;
  return pid.has_value();
}

// -d STAGE[,STAGE...]. bpftrace's libbpf and verifier stages print while the
// program runs, as -v does here.
bool add_debug_stages(Options &o, const std::string &list) {
  for (const auto &stage : split_commas(list)) {
    driver::Dumps probe;
    if (stage == "libbpf" || stage == "verifier") {
      o.verbose = true;
    } else if (stage == "lifecycle") {
      o.lifecycle = true;
    } else if (driver::enable_dump(probe, stage)) {
      o.debug.push_back(stage);
    } else {
      std::fprintf(stderr,
                   "ERROR: USAGE: invalid option for -d: %s (use ast, passes, ir, lifecycle or all; or bpftrace's types, "
                   "codegen, codegen-opt, libbpf or verifier)\n",
                   stage.c_str());
      return false;
    }
  }
  return true;
}

bool set_probe_filter(Options &o, const char *arg) {
  try {
    std::regex check(arg);
  } catch (const std::regex_error &e) {
    std::fprintf(stderr, "ERROR: --probe-filter '%s' is not a regular expression: %s\n", arg, e.what());
    return false;
  }
  o.probe_filter = arg;
  return true;
}

bool set_metrics(Options &o, const std::string &arg) {
  auto at = parse_metrics_address(arg);
  if (!at) return false;
  o.metrics_addr = at->addr;
  o.metrics_port = at->port;
  return true;
}

// --debuginfo DIR[:DIR...]: each directory after those given before.
void add_debuginfo_dirs(Options &o, const std::string &list) {
  size_t start = 0;
  for (size_t end = 0; end != std::string::npos; start = end + 1) {
    end = list.find(':', start);
    std::string dir = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty()) o.debuginfo_dirs.push_back(dir);
  }
}

bool check_no_feature(Options &o, const char *arg) {
  if (!valid_no_feature(arg)) {
    std::fprintf(stderr,
                 "ERROR: USAGE: --no-feature can only have values 'kprobe_multi,kprobe_session,uprobe_multi,ringbuf'.\n");
    return false;
  }
  for (const auto &f : split_commas(arg)) o.no_ringbuf |= f == "ringbuf";
  return true;
}

const option longopts[] = {
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {"unsafe", no_argument, nullptr, OPT_UNSAFE},
    {"dry-run", no_argument, nullptr, OPT_DRY_RUN},
    {"emit-elf", required_argument, nullptr, OPT_EMIT_ELF},
    {"emit-llvm", required_argument, nullptr, OPT_EMIT_LLVM},
    {"stack-format", required_argument, nullptr, OPT_STACK_FORMAT},
    {"info", no_argument, nullptr, OPT_INFO},
    {"no-warnings", no_argument, nullptr, OPT_NO_WARNINGS},
    {"warnings", no_argument, nullptr, 'k'},
    {"pid", required_argument, nullptr, 'p'},
    // bpftrace's long spellings of the short options.
    {"cmd", required_argument, nullptr, 'c'},
    {"output", required_argument, nullptr, 'o'},
    {"debug", required_argument, nullptr, 'd'},
    {"list", no_argument, nullptr, 'l'},
    {"quiet", no_argument, nullptr, 'q'},
    {"verbose", no_argument, nullptr, 'v'},
    {"btf", no_argument, nullptr, 'b'},
    {"include", required_argument, nullptr, OPT_INCLUDE},
    {"debuginfo", required_argument, nullptr, OPT_DEBUGINFO},
    {"verify-llvm-ir", no_argument, nullptr, OPT_VERIFY_IR},
    {"probe-filter", required_argument, nullptr, OPT_PROBE_FILTER},
    {"no-feature", required_argument, nullptr, OPT_NO_FEATURE},
    {"usdt-file-activation", no_argument, nullptr, OPT_USDT_FILE_ACTIVATION},
    {"metrics", required_argument, nullptr, OPT_METRICS},
    {"metrics-only", no_argument, nullptr, OPT_METRICS_ONLY},
    {"timings", no_argument, nullptr, OPT_TIMINGS},
    {"complete", required_argument, nullptr, OPT_COMPLETE},
    {nullptr, 0, nullptr, 0},
};
const char shortopts[] = "e:c:o:f:B:p:kd:qvhVilI:b";

// One option getopt_long found; false after a usage error.
bool apply_option(Options &o, int c, const char *arg) {
  switch (c) {
    case 'e': o.program = arg; break;
    case 'c': o.command = arg; o.command_given = true; break;
    case 'o': o.output_file = arg; break;
    case 'I': o.import_dirs.push_back(arg); break;  // where `import` looks
    case 'f': o.format = arg; break;
    case 'B': o.buffer = arg; break;
    case 'k': o.warnings_level++; break;
    case OPT_NO_WARNINGS: o.no_warnings = true; break;
    case 'd': return add_debug_stages(o, arg);
    case 'q': o.quiet = true; break;
    case 'v': o.verbose = true; break;
    case 'h': o.help = true; break;
    case 'V': o.version = true; break;
    case 'i': o.interactive = true; break;
    case 'l': o.list = true; break;
    case 'p': return parse_pid(o, arg);
    case OPT_UNSAFE: o.unsafe = true; break;
    case OPT_DRY_RUN: o.dry_run = true; break;
    case OPT_EMIT_ELF: o.emit_elf = arg; o.dry_run = true; break;
    case OPT_EMIT_LLVM: o.emit_llvm = arg; o.dry_run = true; break;
    case OPT_STACK_FORMAT: o.stack_format = arg; break;
    case OPT_INFO: o.info = true; break;
    case OPT_PROBE_FILTER: return set_probe_filter(o, arg);
    case OPT_NO_FEATURE: return check_no_feature(o, arg);
    case OPT_METRICS: return set_metrics(o, arg);
    case OPT_METRICS_ONLY: o.metrics_only = true; break;
    case OPT_TIMINGS: o.lifecycle = true; break;
    case OPT_COMPLETE: o.complete = arg; break;
    case OPT_DEBUGINFO: add_debuginfo_dirs(o, arg); break;
    // The kernel counts USDT semaphores per uprobe (refcounted uprobes), so
    // every process of the file has them set already.
    case OPT_USDT_FILE_ACTIVATION: break;
    // bpftrace's options that change nothing here, accepted so its command
    // lines run unchanged: kernel types come from BTF, not headers (-b), and
    // the IR is always verified.
    case OPT_INCLUDE: o.include_files.push_back(arg); break;
    case 'b': case OPT_VERIFY_IR: break;
    default: return false;
  }
  return true;
}

// Combinations and values getopt can not check.
bool validate(const Options &o) {
  if (o.format != "text" && o.format != "json") {
    std::fprintf(stderr, "ERROR: unknown output format '%s' (use text or json)\n", o.format.c_str());
    return false;
  }
  if (o.buffer != "line" && o.buffer != "full" && o.buffer != "none") {
    std::fprintf(stderr, "ERROR: Invalid buffer mode: %s (use line, full or none)\n", o.buffer.c_str());
    return false;
  }
  if (o.command_given && o.command.find_first_not_of(" \t\n") == std::string::npos) {
    std::fprintf(stderr, "ERROR: -c needs a command to run\n");
    return false;
  }
  if (o.pid && !o.command.empty()) {
    std::fprintf(stderr, "ERROR: -p and -c can not be used together\n");
    return false;
  }
  if (o.metrics_only && o.metrics_addr.empty()) {
    std::fprintf(stderr, "ERROR: --metrics-only needs --metrics ADDR:PORT\n");
    return false;
  }
  const std::string &sf = o.stack_format;
  if (!sf.empty() && sf != "bpftrace" && sf != "perf" && sf != "raw" && sf != "folded") {
    std::fprintf(stderr, "ERROR: unknown stack format '%s' (use bpftrace, perf, raw or folded)\n", sf.c_str());
    return false;
  }
  if (sf == "folded" && o.format == "json") {
    std::fprintf(stderr, "ERROR: --stack-format folded needs text output, not -f json\n");
    return false;
  }
  return true;
}

// The script (or -l's pattern) and its arguments, from argv[i] on.
bool operands(Options &o, int argc, char **argv, int i) {
  if (o.list) {
    // -l PATTERN, -l SCRIPT or -l -e PROGRAM; no pattern lists everything.
    if (!o.program && i < argc) {
      std::string arg = argv[i++];
      bool script = arg.size() > 3 && arg.compare(arg.size() - 3, 3, ".bt") == 0;
      if (script && access(arg.c_str(), R_OK) == 0 && arg.find(':') == std::string::npos)
        o.script_path = arg;
      else
        o.list_pattern = arg;
    }
    if (i < argc) {
      std::fprintf(stderr, "ERROR: -l takes one pattern\n");
      return false;
    }
    return true;
  }
  if (!o.program && i >= argc && (o.interactive || isatty(STDIN_FILENO))) {
    o.interactive = true;
    return true;
  }
  if (!o.program) {
    if (i >= argc) {
      std::fprintf(stderr, "ERROR: no program given: use -e 'program', a script file, or - for stdin\n");
      return false;
    }
    o.script_path = argv[i++];
  }
  // `-- --name=value` (or a bare `--flag`) names a script parameter for getopt().
  for (; i < argc; i++) {
    std::string a = argv[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      size_t eq = a.find('=');
      o.named_args[a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] =
          eq == std::string::npos ? "" : a.substr(eq + 1);
      continue;
    }
    o.positional.push_back(a);
  }
  return true;
}

}  // namespace

std::optional<Options> parse_options(int argc, char **argv) {
  Options o;
  optind = 1;
  int c;
  // Options may follow the script, as with bpftrace (`bpfsh x.bt -c cmd`);
  // `--` ends them, for script arguments that start with '-'.
  while ((c = getopt_long(argc, argv, shortopts, longopts, nullptr)) != -1) {
    if (c == '?') {  // getopt has said which option; say how to call bpfsh
      print_usage_hint(argv[0]);
      return std::nullopt;
    }
    if (!apply_option(o, c, optarg)) return std::nullopt;
  }
  if (o.help || o.version || o.info || o.complete) return o;
  if (!validate(o) || !operands(o, argc, argv, optind)) return std::nullopt;
  return o;
}

std::vector<std::string> option_names() {
  std::vector<std::string> out;
  for (const char *c = shortopts; *c; c++)
    if (*c != ':') out.push_back(std::string("-") + *c);
  for (const option *o = longopts; o->name; o++)
    if (std::string(o->name) != "complete") out.push_back(std::string("--") + o->name);
  return out;
}

}  // namespace bpfsh::cli
