#include "sema/attach_points.h"

#include <charconv>
#include <cstring>

#include <fnmatch.h>
#include <unistd.h>

#include <map>

#include "common/suggest.h"
#include "sema/attach_kernel_funcs.h"
#include "sema/attach_context.h"

namespace bpfsh::sema {

// A run of stars matches what one does; fnmatch's work grows with the run
// (70,000 stars against every kernel function took 11 s).
std::string collapse_star_runs(const std::string &s) {
  std::string out;
  bool quoted = false;
  for (char ch : s) {
    if (ch == '"') quoted = !quoted;
    if (ch == '*' && !quoted && !out.empty() && out.back() == '*') continue;
    out += ch;
  }
  return out;
}

// Quotes keep a part whole (a path with ':' in it, a USDT name written
// "provider":"name", as upstream allows) and are not part of it; a part
// whose quotes hold a wildcard character keeps them, so that the character
// is not taken as one.
std::vector<std::string> split_attach_point(const std::string &text) {
  std::vector<std::string> parts;
  std::string cur, bare;
  bool quoted = false, literal_wildcard = false;
  auto finish = [&] {
    parts.push_back(literal_wildcard ? cur : bare);
    cur.clear();
    bare.clear();
    literal_wildcard = false;
  };
  for (char ch : collapse_star_runs(text)) {
    if (ch == '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch == ':' && !quoted) {
      finish();
    } else {
      literal_wildcard = literal_wildcard || (quoted && std::strchr("*?[", ch));
      cur += ch;
      bare += ch;
    }
  }
  finish();
  return parts;
}

bool has_wildcard(const std::string &s) { return s.find_first_of("*?[") != std::string::npos; }

bool wildcard_match(const std::string &pattern, const std::string &s) {
  return fnmatch(pattern.c_str(), s.c_str(), 0) == 0;
}

std::string did_you_mean(const std::string &name, const std::vector<std::string> &known) {
  auto near = closest_names(name, known, 3);
  std::string list;
  for (size_t i = 0; i < near.size(); i++)
    list += (i == 0 ? "" : i + 1 == near.size() ? " or " : ", ") + near[i];
  return near.empty() ? "" : "did you mean " + list + "? ";
}

namespace {


// The canonical provider for each spelling bpftrace accepts.
const std::map<std::string, std::string> &providers() {
  static const std::map<std::string, std::string> m = {
      {"BEGIN", "BEGIN"}, {"begin", "BEGIN"}, {"END", "END"}, {"end", "END"},
      {"tracepoint", "tracepoint"}, {"t", "tracepoint"},
      {"rawtracepoint", "rawtracepoint"}, {"rt", "rawtracepoint"},
      {"uprobe", "uprobe"}, {"u", "uprobe"}, {"uretprobe", "uretprobe"}, {"ur", "uretprobe"},
      {"interval", "interval"}, {"i", "interval"}, {"profile", "profile"}, {"p", "profile"},
      {"kprobe", "kprobe"}, {"k", "kprobe"}, {"kretprobe", "kretprobe"}, {"kr", "kretprobe"},
      {"fentry", "fentry"}, {"f", "fentry"}, {"kfunc", "fentry"},
      {"fexit", "fexit"}, {"fr", "fexit"}, {"kretfunc", "fexit"},
      {"usdt", "usdt"}, {"U", "usdt"}, {"software", "software"}, {"s", "software"},
      {"hardware", "hardware"}, {"h", "hardware"}, {"watchpoint", "watchpoint"},
      {"w", "watchpoint"}, {"iter", "iter"}, {"it", "iter"}, {"self", "self"},
      {"xdp", "xdp"}, {"tc", "tc"}, {"socket", "socket"}, {"cgroup_skb", "cgroup_skb"},
      {"cgroup_sock_addr", "cgroup_sock_addr"}, {"cgroup_sock", "cgroup_sock"}, {"sockops", "sockops"},
  };
  return m;
}

class Resolver {
 public:
  Resolver(ProgramInfo &info, Diagnostics &diags) : info_(info), diags_(diags) {}

  bool over_limit = false;  // the max_bpf_progs error is reported: resolve no more

  void resolve(ast::Probe *probe, ast::AttachPoint *ap) {
    probe_ = probe;
    ap_ = ap;
    auto parts = split_attach_point(ap->raw);
    auto it = providers().find(parts[0]);
    if (it == providers().end()) {
      auto &d = diags_.error(ap->range, "Invalid probe type: " + parts[0]);
      d.hints.push_back("known probe types: BEGIN, END, tracepoint, rawtracepoint, uprobe, "
                        "uretprobe, interval, profile, kprobe, kretprobe, fentry, fexit, usdt, "
                        "software, hardware, watchpoint, iter, self, xdp, tc, socket, cgroup_skb, "
                        "cgroup_sock_addr, cgroup_sock, sockops");
      return;
    }
    const std::string &p = it->second;
    if (p == "BEGIN" || p == "END") return special(p, parts);
    if (p == "tracepoint") return tracepoint(parts);
    if (p == "interval" || p == "profile") return timer(p == "profile", parts);
    if (p == "kprobe" || p == "kretprobe" || p == "fentry" || p == "fexit")
      return resolve_kernel_func(*info_.kernel_types, p, parts, base(ProbeType::Kprobe, ""), info_.probes, diags_,
                                 [this](const std::string &msg, const std::string &hint) { missing(msg, hint); },
                                 [this](size_t n) { return context().room_for(n); });
    AttachContext c = context();
    if (p == "rawtracepoint") return resolve_raw_tracepoint(c, parts);
    if (p == "uprobe" || p == "uretprobe") return resolve_uprobe(c, p == "uretprobe", parts);
    if (p == "usdt") return resolve_usdt(c, parts);
    if (p == "software" || p == "hardware") return resolve_software(c, p == "hardware", parts);
    if (p == "watchpoint") return resolve_watchpoint(c, parts);
    if (p == "iter") return resolve_iter(c, parts);
    if (p == "self") return resolve_self(c, parts);
    if (p == "xdp" || p == "tc" || p == "socket") return resolve_interface_hook(c, p, parts);
    if (p.rfind("cgroup_", 0) == 0 || p == "sockops") return resolve_cgroup_hook(c, p, parts);
    diags_.error(ap->range, "probe type '" + p + "' is not supported yet");
  }

 private:
  AttachContext context() { return {info_, diags_, probe_, ap_, &over_limit}; }
  ProbeInstance base(ProbeType t, std::string display) { return context().base(t, std::move(display)); }

  void missing(const std::string &msg, const std::string &hint) { context().missing(msg, hint); }

  void special(const std::string &p, const std::vector<std::string> &parts) {
    if (parts.size() != 1) {
      diags_.error(ap_->range, p + " takes no arguments");
      return;
    }
    info_.probes.push_back(base(p == "BEGIN" ? ProbeType::Begin : ProbeType::End, p));
  }

  // tracepoint:category:event, either part may hold wildcards
  void tracepoint(const std::vector<std::string> &parts) {
    if (parts.size() != 3 || parts[1].empty() || parts[2].empty()) {
      diags_.error(ap_->range, "tracepoint probe must be of the form tracepoint:category:event");
      return;
    }
    std::vector<std::pair<std::string, std::string>> found;
    if (!has_wildcard(parts[1]) && !has_wildcard(parts[2])) {
      if (info_.host->tracepoint_exists(parts[1], parts[2])) found.push_back({parts[1], parts[2]});
    } else {
      for (auto &ev : info_.host->tracepoints()) {
        auto colon = ev.find(':');
        std::string cat = ev.substr(0, colon), name = ev.substr(colon + 1);
        if (fnmatch(parts[1].c_str(), cat.c_str(), 0) == 0 &&
            fnmatch(parts[2].c_str(), name.c_str(), 0) == 0)
          found.push_back({cat, name});
      }
    }
    if (found.empty()) {
      std::string hint = "list the available ones with: bpfsh -l 'tracepoint:" + parts[1] + ":*'";
      if (!has_wildcard(parts[1]) && !has_wildcard(parts[2])) {
        std::vector<std::string> known;
        for (auto &ev : info_.host->tracepoints()) known.push_back(ev);
        if (auto near = closest_name(parts[1] + ":" + parts[2], known))
          hint = "did you mean tracepoint:" + *near + "? " + hint;
      }
      if (has_wildcard(parts[1]) || has_wildcard(parts[2]))
        missing("no tracepoint matches " + parts[1] + ":" + parts[2], hint);
      else
        context().no_matches("tracepoint " + parts[1] + ":" + parts[2], hint);
      return;
    }
    if (!context().room_for(found.size())) return;
    for (auto &[cat, name] : found) {
      auto pi = base(ProbeType::Tracepoint, "tracepoint:" + cat + ":" + name);
      pi.target = cat;
      pi.func = name;
      auto fields = info_.host->tracepoint_fields(cat, name);
      if (fields) pi.fields = std::move(*fields);
      info_.probes.push_back(std::move(pi));
    }
  }

  // N of a timer, all digits: it must fit in 64 bits and, as a period, in 64
  // bits of nanoseconds (hz: a period of at least 1 ns).
  bool timer_count(const std::string &count, uint64_t ns_per_unit, uint64_t &n, const std::string &kind) {
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
    bool fits = ec == std::errc() && end == count.data() + count.size();
    if (fits && ns_per_unit == 0) fits = kind == "profile" || n <= 1000000000ull;
    else if (fits) fits = n <= UINT64_MAX / ns_per_unit;
    if (fits) return true;
    auto &d = diags_.error(ap_->range, kind + " probe count is too large: " + count);
    d.hints.push_back(ns_per_unit != 0 ? "the period must fit in 64 bits of nanoseconds"
                      : kind == "interval" ? "the highest rate is 1000000000 hz"
                                           : "the rate must fit in 64 bits");
    return false;
  }

  // interval:UNIT:N, profile:UNIT:N with UNIT in s, ms, us, hz; or interval:N<unit>
  void timer(bool profile, const std::vector<std::string> &parts) {
    std::string unit, count;
    if (parts.size() == 3) {
      unit = parts[1];
      count = parts[2];
    } else if (parts.size() == 2) {
      size_t i = 0;
      while (i < parts[1].size() && isdigit(static_cast<unsigned char>(parts[1][i]))) i++;
      count = parts[1].substr(0, i);
      unit = parts[1].substr(i);
      if (unit.empty()) unit = profile ? "hz" : "s";
    }
    static const std::map<std::string, uint64_t> ns_per = {
        {"s", 1000000000ull}, {"ms", 1000000ull}, {"us", 1000ull}, {"hz", 0}};
    auto u = ns_per.find(unit);
    uint64_t n = 0;
    bool numeric = !count.empty() && count.find_first_not_of("0123456789") == std::string::npos;
    std::string kind = profile ? "profile" : "interval";
    if (numeric && !timer_count(count, u == ns_per.end() ? 1 : u->second, n, kind)) return;
    if (u == ns_per.end() || !numeric || n == 0) {
      auto &d = diags_.error(ap_->range, "invalid " + kind + " probe: " + ap_->raw);
      d.hints.push_back("write " + kind + ":UNIT:N with UNIT one of s, ms, us, hz and N > 0");
      return;
    }
    auto pi = base(profile ? ProbeType::Profile : ProbeType::Interval, kind + ":" + unit + ":" + count);
    if (unit == "hz") {
      if (profile) pi.freq_hz = n;
      else pi.period_ns = 1000000000ull / n;
    } else {
      pi.period_ns = n * u->second;
    }
    info_.probes.push_back(std::move(pi));
  }

  ProgramInfo &info_;
  Diagnostics &diags_;
  ast::Probe *probe_ = nullptr;
  ast::AttachPoint *ap_ = nullptr;
};

void report_over_limit(const ProgramInfo &info, Diagnostics &diags, SourceRange at, size_t total) {
  auto &d = diags.error(at, "Your program is trying to generate more than " + std::to_string(total) +
                                " BPF programs, which exceeds the current limit of " +
                                std::to_string(info.config.max_bpf_progs));
  d.hints.push_back("You can increase the limit through the BPFTRACE_MAX_BPF_PROGS environment variable.");
}

}  // namespace

bool AttachContext::room_for(size_t n) const {
  size_t total = info.probes.size() + n;
  if (total <= info.config.max_bpf_progs) return true;
  report_over_limit(info, diags, ap->range, total);
  if (over_limit) *over_limit = true;
  return false;
}

// Every attach point is one BPF program and one attachment in bpfsh, so
// max_bpf_progs (checked as the attach points expand, at the one that goes
// over; a wildcard's matches are counted before they are made) and
// max_probes (checked once all are known) count the same thing.
void resolve_attach_points(ast::Program &program, ProgramInfo &info, Diagnostics &diags) {
  Resolver r(info, diags);
  const Config &c = info.config;
  for (auto *probe : program.probes)
    for (auto *ap : probe->attach_points) {
      r.resolve(probe, ap);
      if (r.over_limit) return;
      if (info.probes.size() <= c.max_bpf_progs) continue;
      report_over_limit(info, diags, ap->range, info.probes.size());
      return;
    }
  if (info.probes.size() > c.max_probes)
    diags.error_unlocated("Can't attach to " + std::to_string(info.probes.size()) +
                          " probes because it exceeds the current limit of " + std::to_string(c.max_probes) +
                          " probes.\nYou can increase the limit through the BPFTRACE_MAX_PROBES environment "
                          "variable, but BE CAREFUL since a high number of probes attached can cause your "
                          "system to crash.");
}

}  // namespace bpfsh::sema
