// The -h text and the short reminder after a bad option.
#include <cstdio>

#include "cli/options.h"

namespace bpfsh::cli {

namespace {

void print_synopsis(FILE *out, const char *argv0) {
  std::fprintf(out,
               "USAGE:\n"
               "    %s [options] filename [args...]\n"
               "    %s [options] - [args...]        (program on stdin)\n"
               "    %s [options] -e 'program' [args...]\n"
               "    %s [options] [-i]               (interactive: the REPL)\n"
               "    use -- after the filename or -e 'program' for named script parameters\n",
               argv0, argv0, argv0, argv0);
}

void print_troubleshooting() {
  std::fputs("TROUBLESHOOTING OPTIONS:\n"
             "    --dry-run      compile, but do not load or attach\n"
             "    -d, --debug STAGE[,STAGE]\n"
             "                   print a stage and do not run: ast (as parsed), passes (the\n"
             "                   tree after each checking pass), ir (the LLVM IR), or all;\n"
             "                   bpftrace's types is passes, codegen and codegen-opt are ir,\n"
             "                   libbpf and verifier run the program as -v does\n"
             "    --emit-elf FILE\n"
             "                   write the BPF object to FILE (implies --dry-run)\n"
             "    --emit-llvm FILE\n"
             "                   write the LLVM IR to FILE (implies --dry-run)\n"
             "\n"
             "ACCEPTED FOR BPFTRACE'S COMMAND LINES (no effect: types come from BTF, and the\n"
             "IR is always verified, USDT semaphores are set by the kernel, multi-attach\n"
             "links are not used):\n"
             "    -b, --btf, --verify-llvm-ir, --usdt-file-activation,\n"
             "    --no-feature kprobe_multi,kprobe_session,uprobe_multi\n"
             "\n"
             "CONFIGURATION:\n"
             "    config = { ... } in the script, or BPFTRACE_<KEY> in the environment;\n"
             "    see 'man 8 bpfsh'.\n",
             stdout);
}

}  // namespace

void print_usage_hint(const char *argv0) {
  print_synopsis(stderr, argv0);
  std::fprintf(stderr, "Run '%s -h' for every option.\n", argv0);
}

void print_usage(const char *argv0) {
  print_synopsis(stdout, argv0);
  std::fputs("\n"
             "OPTIONS:\n"
             "    -e PROGRAM     the program to run\n"
             "    -I DIR         a directory `import` and #include look in, after the script's own\n"
             "    --include FILE read header FILE before the script: its #defines and C\n"
             "                   definitions (a kernel header adds nothing: types come from BTF)\n"
             "    --debuginfo DIR[:DIR]\n"
             "                   look for stripped binaries' debug files in DIR first (by\n"
             "                   build id, by .gnu_debuglink), then BPFSH_DEBUG_DIRS or\n"
             "                   /usr/lib/debug; repeatable\n"
             "    -i             interactive: attach probe blocks one by one (the default\n"
             "                   without a program when stdin is a terminal); a script\n"
             "                   given too is attached first\n"
             "    -l, --list [PATTERN]\n"
             "                   list the probes matching PATTERN (or the program's probes);\n"
             "                   with -v, their arguments too\n"
             "    -v, --verbose  verbose: libbpf messages and whole verifier logs\n"
             "    -h, --help     this text\n"
             "    -V, --version  bpfsh's version\n"
             "    --info         what this kernel supports (probe types, helpers, maps), found by trying\n"
             "\n"
             "    -p, --pid PID  trace only process PID (uprobes, usdt and watchpoints attach\n"
             "                   to it alone); exit when it exits\n"
             "    -c, --cmd CMD  run CMD, traced from its first instruction; exit when it exits\n"
             "\n"
             "    -o, --output FILE\n"
             "                   write output to FILE instead of stdout\n"
             "    -f FORMAT      output format: text (default) or json\n"
             "    -B MODE        output buffering: line (default), full or none\n"
             "    -q, --quiet    no 'Attached N probes'\n"
             "    -k, --warnings report helpers that fail at run time, with the script's\n"
             "                   place (-kk: the same)\n"
             "    --no-warnings  say nothing of warnings, at compile or run time\n"
             "    --stack-format MODE\n"
             "                   kstack/ustack without a mode print as MODE: bpftrace, perf\n"
             "                   or raw (default: the stack_mode config, else bpftrace);\n"
             "                   folded prints maps keyed by stacks as folded stacks for\n"
             "                   flame graphs\n"
             "    --metrics ADDR:PORT\n"
             "                   serve the maps over HTTP for Prometheus while the program\n"
             "                   runs (http://ADDR:PORT/metrics; [::1]:PORT for IPv6)\n"
             "    --metrics-only with --metrics: print nothing on stdout\n"
             "    -d lifecycle, --timings\n"
             "                   run, and show each stage (parse ... detach) with its time\n"
             "                   and the kernel's numbers, on stderr (json: -f json)\n"
             "\n"
             "    --unsafe       allow functions that change the system (system(), signal())\n"
             "    --probe-filter REGEX\n"
             "                   run only the probes whose name (as `probe` gives it)\n"
             "                   REGEX matches somewhere\n"
             "    --complete TEXT\n"
             "                   print what Tab offers at the end of TEXT (options, probes,\n"
             "                   tracepoints, a binary's functions), one per line: for the\n"
             "                   shell completion scripts\n"
             "\n",
             stdout);
  print_troubleshooting();
}

}  // namespace bpfsh::cli
