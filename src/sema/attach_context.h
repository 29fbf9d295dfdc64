#pragma once
// What the resolvers of each probe family share (attach_points.cpp dispatches
// to them): the program being filled, where errors go, and the attach point.
// Each family lives in its own file: attach_usdt.cpp, attach_uprobe.cpp,
// attach_perf.cpp (software, hardware, watchpoint), attach_iter.cpp (iter,
// self), attach_net.cpp (the network hooks).
#include <string>
#include <vector>

#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

struct AttachContext {
  ProgramInfo &info;
  Diagnostics &diags;
  ast::Probe *probe = nullptr;
  ast::AttachPoint *ap = nullptr;
  bool *over_limit = nullptr;  // set once the max_bpf_progs error is reported

  host::Host &host() const { return *info.host; }
  KernelTypes &kernel() const { return *info.kernel_types; }

  ProbeInstance base(ProbeType t, std::string display) const {
    ProbeInstance pi;
    pi.probe = probe;
    pi.attach = ap;
    pi.type = t;
    pi.display = std::move(display);
    return pi;
  }
  // A probe that does not exist here: an error, or per the missing_probes
  // config a warning or nothing; the caller leaves the probe out.
  void missing(const std::string &msg, const std::string &hint = "") const {
    if (info.config.missing_probes == MissingProbes::Ignore) return;
    auto &d = info.config.missing_probes == MissingProbes::Warn ? diags.warning(ap->range, msg)
                                                                 : diags.error(ap->range, msg);
    if (!hint.empty()) d.hints.push_back(hint);
  }
  // missing() in bpftrace's words for a probe named without wildcards:
  // "No matches for tracepoint cat:event." (". Skipping." as a warning).
  void no_matches(const std::string &what, const std::string &hint = "") const {
    missing("No matches for " + what + (info.config.missing_probes == MissingProbes::Warn ? ". Skipping." : "."),
            hint);
  }
  // Whether `n` more programs fit under max_bpf_progs. When not, reports
  // bpftrace's error, counting what this attach point would bring the
  // program to: a wildcard is counted before any instance of it is made.
  bool room_for(size_t n) const;
  // An error on the attach point, with an optional hint line.
  void error(const std::string &msg, const std::string &hint = "") const {
    auto &d = diags.error(ap->range, msg);
    if (!hint.empty()) d.hints.push_back(hint);
  }
};

// "a:b:c" -> {"a", "b", "c"}; a ':' inside double quotes does not split.
// A run of unquoted stars becomes one (collapse_star_runs).
std::vector<std::string> split_attach_point(const std::string &s);
// "a***b" -> "a*b", outside double quotes: the same glob, matched in time
// that does not grow with the run.
std::string collapse_star_runs(const std::string &s);
bool has_wildcard(const std::string &s);
// Glob match as bpftrace does it: '*' for any run, '?' for one character.
bool wildcard_match(const std::string &pattern, const std::string &s);

// "did you mean a, b or c? " for the known names nearest `name`; "" when
// none is near.
std::string did_you_mean(const std::string &name, const std::vector<std::string> &known);

void resolve_usdt(AttachContext &c, const std::vector<std::string> &parts);
void resolve_uprobe(AttachContext &c, bool ret, const std::vector<std::string> &parts);
// uprobe:BINARY@FILE:LINE[:COL] (attach_source_line.cpp).
void resolve_source_line(AttachContext &c, bool ret, const std::vector<std::string> &parts);
void resolve_software(AttachContext &c, bool hardware, const std::vector<std::string> &parts);
void resolve_watchpoint(AttachContext &c, const std::vector<std::string> &parts);
void resolve_iter(AttachContext &c, const std::vector<std::string> &parts);
void resolve_raw_tracepoint(AttachContext &c, const std::vector<std::string> &parts);
void resolve_self(AttachContext &c, const std::vector<std::string> &parts);
// attach_net.cpp: xdp, tc, socket (kind names which), and the cgroup hooks.
void resolve_interface_hook(AttachContext &c, const std::string &kind, const std::vector<std::string> &parts);
void resolve_cgroup_hook(AttachContext &c, const std::string &kind, const std::vector<std::string> &parts);
// The network providers, and a cgroup provider's hooks ({""} for sockops,
// which has none), for -l.
bool is_net_provider(const std::string &provider);
std::vector<std::string> cgroup_hooks(const std::string &provider);

}  // namespace bpfsh::sema
