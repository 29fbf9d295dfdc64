// bpfsh: compile a bpftrace program and run it against the live kernel, or
// with no program on a terminal (or -i) open the REPL.
#include <bpf/libbpf.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "artifact_io/object_file.h"
#include "artifact_io/script_args.h"
#include "cli/compile.h"
#include "cli/complete.h"
#include "cli/list.h"
#include "cli/options.h"
#include "cli/symbolizer.h"
#include "host/live_host.h"
#include "repl/repl.h"
#include "runtime/features.h"
#include "runtime/held_child.h"
#include "runtime/lifecycle.h"
#include "runtime/script_help.h"
#include "runtime/session.h"
#include "runtime/signals.h"

using namespace bpfsh;

static bool read_source(const cli::Options &o, SourceFile &src) {
  if (o.program) {
    src.name = "stdin";
    src.text = *o.program;
    return true;
  }
  std::stringstream ss;
  if (o.script_path == "-") {
    ss << std::cin.rdbuf();
    src.name = "stdin";
  } else {
    std::ifstream in(o.script_path);
    if (!in) {
      std::cerr << "ERROR: failed to open file '" << o.script_path << "': " << std::strerror(errno) << "\n";
      return false;
    }
    ss << in.rdbuf();
    src.name = o.script_path;
  }
  src.text = ss.str();
  return true;
}

static void render_diags(const Diagnostics &diags, const SourceFile &src, bool warnings) {
  for (const auto &d : diags.all())
    if (warnings || d.severity == Severity::Error) std::cerr << render_diagnostic(d, src);
}

static bool write_file(const std::string &path, const std::string &data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) std::cerr << "ERROR: failed to write '" << path << "'\n";
  return static_cast<bool>(out);
}

// --emit-elf: the BPF object with the rest of the Artifact in it, which
// bpfsh-run runs; the arguments it was compiled with are recorded, as its
// code holds them.
static bool emit_object(const cli::Options &o, const artifact::Artifact &a) {
  artifact_io::CompiledWith with{artifact_io::canonical_script_args({o.positional, o.named_args}), o.pid};
  auto bytes = artifact_io::write_object(a, with);
  if (!bytes) {
    std::cerr << "ERROR: --emit-elf " << o.emit_elf << ": " << bytes.error() << "\n";
    return false;
  }
  return write_file(o.emit_elf, std::string(bytes->begin(), bytes->end()));
}

static int run_repl(host::Host &host, const cli::Options &o) {
  if (!o.command.empty() || !o.output_file.empty() || !o.debug.empty() || o.dry_run || !o.metrics_addr.empty()) {
    std::cerr << "ERROR: -c, -o, -d, --dry-run and --metrics can not be used with the REPL\n";
    return 1;
  }
  repl::ReplOptions ro;
  ro.format = o.format == "json" ? runtime::output::Format::Json : runtime::output::Format::Text;
  ro.verbose = o.verbose;
  ro.unsafe = o.unsafe;
  cli::SystemSymbolizer symbolizer(host);
  ro.symbolizer = &symbolizer;
  ro.host = &host;
  if (o.program || !o.script_path.empty()) {
    SourceFile src;
    if (!read_source(o, src)) return 1;
    ro.preload_name = src.name;
    ro.preload_text = src.text;
  }
  return repl::run_repl(ro);
}

// --help, --version, --info: answered without compiling; nullopt when the
// options ask for none of them.
static std::optional<int> answer_query(const cli::Options &o, const char *argv0) {
  if (o.help) {
    cli::print_usage(argv0);
    return 0;
  }
  if (o.version) {
    std::cout << "bpfsh v0.1.0\n";
    return 0;
  }
  if (o.info) {
    std::printf("Build\n  version: v0.1.0\n  libbpf: %u.%u\n\n", libbpf_major_version(), libbpf_minor_version());
    runtime::features::print_info(stdout);
    return 0;
  }
  return std::nullopt;
}

// -l [PATTERN | SCRIPT | -e PROGRAM]
static int list(host::Host &host, const cli::Options &o) {
  ast::Context ctx;
  bool has_program = o.program || !o.script_path.empty();
  if (has_program && !read_source(o, ctx.source)) return 1;
  return cli::run_list(host, o, has_program ? &ctx : nullptr);
}

// bpfsh-metrics, the server of --metrics, is installed beside bpfsh.
static std::string metrics_server() {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = n > 0 ? std::string(self, size_t(n)) : "bpfsh";
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/bpfsh-metrics";
}

// Loads, attaches and runs the compiled program until it ends.
static int run_session(const cli::Options &o, host::Host &host, artifact::Artifact artifact,
                       runtime::HeldChild *child, runtime::Lifecycle *lifecycle) {
  runtime::SessionOptions so;
  so.lifecycle = lifecycle;
  so.format = o.format == "json" ? runtime::output::Format::Json : runtime::output::Format::Text;
  so.verbose = o.verbose;
  so.quiet = o.quiet;
  so.child = child;
  so.pid = o.pid;
  cli::SystemSymbolizer symbolizer(host);
  so.symbolizer = &symbolizer;
  so.folded_stacks = o.stack_format == "folded";
  so.buffer = o.buffer == "full"   ? runtime::BufferMode::Full
              : o.buffer == "none" ? runtime::BufferMode::None
                                   : runtime::BufferMode::Line;
  so.warnings = !o.no_warnings;
  so.metrics = !o.metrics_addr.empty();
  so.metrics_at = {o.metrics_addr, o.metrics_port};
  if (so.metrics) so.metrics_server = metrics_server();
  std::FILE *out = nullptr;
  if (o.metrics_only) {
    out = std::fopen("/dev/null", "we");  // the maps are read over HTTP
    so.out = out;
  } else if (!o.output_file.empty()) {
    out = std::fopen(o.output_file.c_str(), "we");  // not for -c's command or system()'s shells
    if (!out) {
      std::cerr << "ERROR: failed to open output file '" << o.output_file << "': " << std::strerror(errno) << "\n";
      return 1;
    }
    so.out = out;
    so.out_name = o.output_file;
  }
  int status = runtime::Session(so).run(std::move(artifact));
  if (out) std::fclose(out);
  return status;
}

// Ctrl-C (or SIGTERM) is never lost, even by a background job that starts
// with SIGINT ignored, from before any other initializer runs: while the
// program is read and compiled it ends bpfsh at once; later it ends the run
// after the stage it came in (loading, attaching), detaching what was
// attached (runtime/signals.h).
[[gnu::constructor(101)]] static void catch_stop_signals_first() {
  runtime::catch_stop_signals();
  runtime::exit_on_stop(true);
}

int main(int argc, char **argv) {
  auto opts = cli::parse_options(argc, argv);
  if (!opts) return 1;
  if (auto status = answer_query(*opts, argv[0])) return *status;
  // The machine everything below compiles for, lists and symbolizes on.
  // tracefs is mounted here, once, if it is missing: attaching needs it.
  host::LiveHost host;
  host.add_debug_dirs(opts->debuginfo_dirs);
  host::mount_tracefs();
  if (opts->complete) return cli::run_complete(host, *opts->complete);
  if (opts->list) return list(host, *opts);
  if (opts->interactive) {
    runtime::exit_on_stop(false);  // the REPL handles Ctrl-C itself
    return run_repl(host, *opts);
  }
  ast::Context ctx;
  if (!read_source(*opts, ctx.source)) return 1;
  bool runs = opts->debug.empty() && !opts->dry_run;

  // -c: the child exists (held) before compiling, so `cpid` is a constant.
  std::optional<runtime::HeldChild> child;
  if (!opts->command.empty() && runs) {
    auto c = runtime::HeldChild::spawn(opts->command);
    if (!c) {
      std::cerr << "ERROR: " << c.error() << "\n";
      return 1;
    }
    child = std::move(*c);
  }

  std::ostringstream ir;
  Diagnostics diags;
  driver::StageTimes times;
  auto dopts = cli::driver_options(*opts, host, child ? child->pid() : 0, ir);
  dopts.times = &times;
  auto artifact = driver::compile(ctx, dopts, diags);
  runtime::exit_on_stop(false);
  render_diags(diags, ctx.source, !opts->no_warnings);
  if (!artifact) return 1;
  if (runs && runtime::stop_signalled()) return 0;  // nothing ran yet
  if (runtime::wants_script_help(*artifact, opts->named_args.count("help") > 0)) {
    runtime::print_script_help(*artifact, std::cout);
    return 0;
  }
  if (!opts->emit_llvm.empty() && !write_file(opts->emit_llvm, ir.str())) return 1;
  if (!opts->emit_elf.empty() && !emit_object(*opts, *artifact)) return 1;
  if (!runs) return 0;
  std::optional<runtime::Lifecycle> lifecycle;
  if (opts->lifecycle) {
    lifecycle.emplace(opts->format == "json");
    lifecycle->compiled(times.parse, times.check, times.codegen, *artifact);
    lifecycle->object(*artifact, opts->verbose);
  }
  return run_session(*opts, host, std::move(*artifact), child ? &*child : nullptr, lifecycle ? &*lifecycle : nullptr);
}
