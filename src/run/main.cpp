// bpfsh-run: runs a program `bpfsh --emit-elf` compiled, with the runtime
// alone: the object carries everything the runtime needs beside its BPF
// code (artifact_io/object_file.h), so no compiler is linked here.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "artifact_io/json.h"
#include "artifact_io/object_file.h"
#include "artifact_io/script_args.h"
#include "run/options.h"
#include "runtime/elf_symbolizer.h"
#include "runtime/features.h"
#include "runtime/held_child.h"
#include "runtime/script_help.h"
#include "runtime/session.h"
#include "runtime/signals.h"

using namespace bpfsh;

namespace {

std::optional<artifact_io::CompiledProgram> read_program(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ERROR: failed to open file '" << path << "': " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto a = artifact_io::read_object(std::move(bytes));
  if (!a) {
    std::cerr << "ERROR: " << path << ": " << a.error() << "\n";
    return std::nullopt;
  }
  return std::move(*a);
}

std::string joined(const std::vector<std::string> &v) {
  std::string s;
  for (const auto &x : v) s += (s.empty() ? "" : " ") + x;
  return s.empty() ? "none" : s;
}

// What the code holds as constants must be what this run asks for; the
// error says how to get an object that fits.
bool fits(const run::Options &o, const artifact_io::CompiledProgram &p) {
  std::string why;
  const auto &with = p.with;
  auto given = artifact_io::canonical_script_args(artifact_io::split_script_args(o.args));
  if (!o.args.empty() && given != with.script_args)
    why = "its arguments are compiled in (" + joined(with.script_args) + "), not " + joined(given);
  else if (o.pid && with.pid && o.pid != with.pid)
    why = "it was compiled for -p " + std::to_string(with.pid);
  else if (o.pid && !with.pid)
    why = "it was compiled without -p, so its probes do not filter on a process";
  else if (p.artifact.perf_buffer_pages == 0 && !runtime::features::has_ring_buffer())
    why = "it sends events through a ring buffer, which this kernel lacks (Linux 5.8 added it)";
  if (why.empty()) return true;
  std::cerr << "ERROR: " << o.object_path << ": " << why << ": compile it again with bpfsh --emit-elf\n";
  return false;
}

// bpfsh-metrics, the server of --metrics, is installed beside bpfsh-run.
std::string metrics_server() {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = n > 0 ? std::string(self, size_t(n)) : "bpfsh-run";
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/bpfsh-metrics";
}

runtime::SessionOptions session_options(const run::Options &o, int64_t pid) {
  runtime::SessionOptions so;
  so.format = o.format == "json" ? runtime::output::Format::Json : runtime::output::Format::Text;
  so.verbose = o.verbose;
  so.quiet = o.quiet;
  so.pid = pid;
  so.folded_stacks = o.stack_format == "folded";
  so.buffer = o.buffer == "full"   ? runtime::BufferMode::Full
              : o.buffer == "none" ? runtime::BufferMode::None
                                   : runtime::BufferMode::Line;
  so.warnings = !o.no_warnings;
  so.perf_buffer = o.no_ringbuf;
  so.metrics = !o.metrics_addr.empty();
  so.metrics_at = {o.metrics_addr, o.metrics_port};
  if (so.metrics) so.metrics_server = metrics_server();
  return so;
}

int run_program(const run::Options &o, artifact_io::CompiledProgram p) {
  std::optional<runtime::HeldChild> child;
  if (!o.command.empty()) {
    auto c = runtime::HeldChild::spawn(o.command);
    if (!c) {
      std::cerr << "ERROR: " << c.error() << "\n";
      return 1;
    }
    child = std::move(*c);
  }
  runtime::SessionOptions so = session_options(o, o.pid ? o.pid : p.with.pid);
  runtime::ElfSymbolizer symbolizer;
  so.symbolizer = &symbolizer;
  so.child = child ? &*child : nullptr;
  std::FILE *out = nullptr;
  if (o.metrics_only || !o.output_file.empty()) {
    out = std::fopen(o.metrics_only ? "/dev/null" : o.output_file.c_str(), "we");
    if (!out) {
      std::cerr << "ERROR: failed to open output file '" << o.output_file << "': " << std::strerror(errno) << "\n";
      return 1;
    }
    so.out = out;
    if (!o.metrics_only) so.out_name = o.output_file;
  }
  runtime::exit_on_stop(false);
  int status = runtime::Session(so).run(std::move(p.artifact));
  if (out) std::fclose(out);
  return status;
}

}  // namespace

// Ctrl-C is caught from the start, as in bpfsh (cli/main.cpp): before the
// program loads it ends bpfsh-run at once, later it ends the run.
[[gnu::constructor(101)]] static void catch_stop_signals_first() {
  runtime::catch_stop_signals();
  runtime::exit_on_stop(true);
}

int main(int argc, char **argv) {
  auto o = run::parse_options(argc, argv);
  if (!o) return 1;
  if (o->help) {
    run::print_usage(argv[0], stdout);
    return 0;
  }
  if (o->version) {
    std::cout << "bpfsh-run v0.1.0 (compiled programs of format version " << artifact_io::kFormatVersion << ")\n";
    return 0;
  }
  auto p = read_program(o->object_path);
  if (!p) return 1;
  bool help = artifact_io::split_script_args(o->args).named.count("help") > 0;
  if (runtime::wants_script_help(p->artifact, help)) {
    runtime::print_script_help(p->artifact, std::cout);
    return 0;
  }
  if (!fits(*o, *p)) return 1;
  return run_program(*o, std::move(*p));
}
