// Listing follows bpftrace's: each provider draws its candidates from where
// it attaches (tracefs, BTF, available_filter_functions, ELF symbols, USDT
// notes, the perf event tables), matches them as "TARGET:NAME" strings and
// prints them sorted, provider by provider.
#include "sema/probe_list.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sema/attach_context.h"
#include "sema/btf_catalog.h"
#include "sema/perf_events.h"
#include "sema/type_listing.h"

namespace bpfsh::sema {
namespace {

using Candidates = std::map<std::string, std::string>;  // text matched -> name printed

// One listing's machine and options, and the kernel's functions by name,
// read on the first -lv lookup.
struct Listing {
  host::Host &host;
  int64_t pid;
  bool verbose;
  std::vector<std::string> &warnings;
  std::optional<btf_catalog::Functions> funcs;
  // A user binary's functions, from its DWARF's types (nullopt: it has none).
  std::map<std::string, std::optional<btf_catalog::Functions>> binary_funcs;

  const btf_catalog::Functions &functions() {
    if (!funcs) funcs.emplace(host.kernel_btf());
    return *funcs;
  }
  const btf_catalog::Functions *functions_of(const std::string &binary) {
    auto it = binary_funcs.find(binary);
    if (it == binary_funcs.end()) {
      const host::DebugInfo *d = host.debug_info(binary);
      it = binary_funcs.emplace(binary, d ? std::optional<btf_catalog::Functions>(d->types) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }
};

const std::map<std::string, std::string> &aliases() {
  static const std::map<std::string, std::string> m = {
      {"t", "tracepoint"}, {"rt", "rawtracepoint"}, {"k", "kprobe"}, {"kr", "kretprobe"},
      {"f", "fentry"}, {"kfunc", "fentry"}, {"fr", "fexit"}, {"kretfunc", "fexit"},
      {"u", "uprobe"}, {"ur", "uretprobe"}, {"U", "usdt"}, {"s", "software"}, {"h", "hardware"},
      {"it", "iter"}, {"i", "interval"}, {"p", "profile"}, {"w", "watchpoint"},
  };
  return m;
}

// Listed for "*:..." and a bare -l, in bpftrace's (sorted) order.
const std::vector<std::string> kKernelProviders = {"fentry", "hardware", "iter", "kprobe",
                                                   "rawtracepoint", "software", "tracepoint"};

Candidates tracepoints(host::Host &host) {
  Candidates c;
  for (const auto &ev : host.tracepoints()) c[ev] = "tracepoint:" + ev;
  return c;
}

// "vfs_read" or "ext4_sync_file [ext4]" -> "vfs_read", "ext4:ext4_sync_file".
Candidates kprobes(host::Host &host, const std::string &provider, std::vector<std::string> &warnings) {
  Candidates c;
  std::string why;
  auto text = host.filter_functions(&why);
  if (!text) {
    warnings.push_back(why);
    return c;
  }
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    std::string fn = line.substr(0, line.find(' '));
    if (fn.find(".part.") != std::string::npos) continue;
    auto open = line.find('[');
    std::string key = open == std::string::npos ? fn : line.substr(open + 1, line.find(']') - open - 1) + ":" + fn;
    c[key] = provider + ":" + key;
  }
  return c;
}

Candidates perf_events(const std::string &provider, const std::vector<PerfEventName> &events) {
  Candidates c;
  for (const auto &e : events) {
    c[e.name + ":"] = provider + ":" + e.name + ":";
    if (!e.alias.empty()) c[e.alias + ":"] = provider + ":" + e.alias + ":";
  }
  return c;
}

Candidates from_btf(const std::string &provider, const std::vector<std::string> &names, bool module) {
  Candidates c;
  for (const auto &n : names) {
    std::string key = module ? "vmlinux:" + n : n;
    c[key] = provider + ":" + key;
  }
  return c;
}

// The network hooks: one per interface (and direction), and the cgroup
// hooks' names, with CGROUP standing for the cgroup's path.
Candidates net_hooks(host::Host &host, const std::string &provider) {
  Candidates c;
  if (provider == "xdp" || provider == "socket" || provider == "tc") {
    for (const auto &i : host.interfaces()) {
      if (provider != "tc") c[i] = provider + ":" + i;
      for (const char *dir : {"ingress", "egress"})
        if (provider == "tc") c[i + ":" + dir] = "tc:" + i + ":" + dir;
    }
    return c;
  }
  for (const auto &h : cgroup_hooks(provider)) {
    std::string key = h.empty() ? "CGROUP" : "CGROUP:" + h;
    c[key] = provider + ":" + key;
  }
  return c;
}

// BINARY '*' with -p: every file the process maps (its program and
// libraries), as bpftrace lists a process's uprobes.
Candidates user_functions(host::Host &host, const std::string &provider, const std::string &binary, int64_t pid) {
  Candidates c;
  std::vector<std::string> paths;
  if (binary == "*" && pid > 0) paths = host.mapped_files(pid);
  else if (auto path = host.resolve_binary(binary, pid)) paths.push_back(*path);
  for (const auto &path : paths)
    for (const auto &[f, at] : host.function_symbols(path)) c[path + ":" + f] = provider + ":" + path + ":" + f;
  return c;
}

// BINARY '*': every file the -p process maps, or without -p every file any
// running process maps, as usdt:*:... attaches.
Candidates usdt_sites(host::Host &host, const std::string &binary, int64_t pid) {
  Candidates c;
  std::vector<std::string> paths;
  if (binary == "*") {
    paths = host.mapped_files(pid > 0 ? pid : 0);
  } else if (auto path = host.resolve_binary(binary, pid)) {
    paths.push_back(*path);
  }
  for (const auto &path : paths)
    for (const auto &s : host.usdt_sites(path)) {
      std::string key = path + ":" + s.provider + ":" + s.name;
      c[key] = "usdt:" + key;
    }
  return c;
}

std::vector<std::string> params_of(Listing &l, const std::string &provider, const std::string &key) {
  if (provider == "tracepoint") {
    auto colon = key.find(':');
    return tracepoint_field_decls(l.host.tracepoint_format(key.substr(0, colon), key.substr(colon + 1)).value_or(""));
  }
  std::string name = key.substr(key.rfind(':') + 1);
  // A uprobe's parameters as its binary's DWARF declares them, as bpftrace
  // lists them (no retval line: upstream prints none for user functions).
  if (provider == "uprobe" || provider == "uretprobe") {
    auto *f = l.functions_of(key.substr(0, key.rfind(':')));
    return f ? f->params(name).value_or(std::vector<std::string>{}) : std::vector<std::string>{};
  }
  const btf_catalog::Functions &funcs = l.functions();
  if (provider == "rawtracepoint") return funcs.raw_tracepoint_params(name).value_or(std::vector<std::string>{});
  if (provider == "fentry" || provider == "fexit") {
    auto p = funcs.params(name).value_or(std::vector<std::string>{});
    auto ret = funcs.return_type(name);
    if (ret && *ret != "void") p.push_back(*ret + " retval");
    return p;
  }
  if (provider == "iter") {
    auto p = funcs.params("bpf_iter_" + name).value_or(std::vector<std::string>{});
    if (!p.empty()) p.erase(p.begin());  // struct bpf_iter_meta *meta: not the script's business
    return p;
  }
  return {};
}

// One provider's matches for `rest`, the pattern after "provider:", and for
// `whole`, when given, a pattern of the whole name. Arguments are read for
// the matches only.
void list_provider(Listing &l, const std::string &provider, std::string rest, const std::string &whole,
                   std::vector<ListedProbe> &out) {
  host::Host &host = l.host;
  int64_t pid = l.pid;
  std::vector<std::string> &warnings = l.warnings;
  Candidates c;
  if (provider == "tracepoint") c = tracepoints(host);
  else if (provider == "rawtracepoint") c = from_btf(provider, btf_catalog::raw_tracepoints(host.kernel_btf()), true);
  else if (provider == "kprobe" || provider == "kretprobe") c = kprobes(host, provider, warnings);
  else if (provider == "fentry" || provider == "fexit") c = from_btf(provider, btf_catalog::functions(host.kernel_btf()), true);
  else if (provider == "iter") c = from_btf(provider, btf_catalog::iterators(host.kernel_btf()), false);
  else if (provider == "software") c = perf_events(provider, software_events());
  else if (is_net_provider(provider)) c = net_hooks(host, provider);
  else if (provider == "hardware") c = perf_events(provider, hardware_events());
  else if (provider == "interval" || provider == "profile") {
    for (const char *u : {"hz", "ms", "s", "us"}) c[std::string(u) + ":"] = provider + ":" + u + ":";
  } else if (provider == "uprobe" || provider == "uretprobe" || provider == "usdt") {
    auto parts = split_attach_point(rest);
    if (parts.size() < 2) return;
    c = provider == "usdt" ? usdt_sites(host, parts[0], pid) : user_functions(host, provider, parts[0], pid);
    // BIN '*' (usdt, or uprobe under -p): keys keep each file's own path,
    // which '*' matches.
    bool every_file = parts[0] == "*" && (provider == "usdt" || pid > 0);
    auto path = every_file ? std::optional<std::string>("*") : host.resolve_binary(parts[0], pid);
    if (!path) {
      warnings.push_back(provider + " target file '" + parts[0] + "' does not exist or is not readable");
      return;
    }
    rest = *path + rest.substr(parts[0].size());
    // usdt:BIN:NAME leaves the provider out: any provider.
    if (provider == "usdt" && parts.size() == 2) rest = *path + ":*:" + parts[1];
  }
  // "rawtracepoint:sched_switch" and "fentry:vfs_read" leave the module out.
  bool module_key = provider == "rawtracepoint" || provider == "fentry" || provider == "fexit";
  if (module_key && rest.find(':') == std::string::npos) rest = "*:" + rest;
  if ((provider == "software" || provider == "hardware" || provider == "interval" || provider == "profile") &&
      rest.find(':') == std::string::npos)
    rest += ":*";
  for (const auto &[key, name] : c) {
    if (!wildcard_match(rest, key) || (!whole.empty() && !wildcard_match(whole, name))) continue;
    ListedProbe p{name, {}};
    if (l.verbose) p.params = params_of(l, provider, key);
    out.push_back(std::move(p));
  }
}

}  // namespace

std::vector<std::string> tracepoint_field_decls(const std::string &format_text) {
  std::vector<std::string> out;
  std::stringstream in(format_text);
  std::string line;
  // The common_* fields come first, up to the first empty line.
  while (std::getline(in, line) && !line.empty()) {
  }
  while (std::getline(in, line)) {
    if (line.rfind("\tfield:", 0) != 0) continue;
    size_t start = line.find(':') + 1;
    out.push_back(line.substr(start, line.find(';') - start));
  }
  return out;
}

std::vector<ListedProbe> list_probes(host::Host &host, const std::string &text, int64_t pid, bool verbose,
                                     std::vector<std::string> &warnings) {
  const std::string pattern = collapse_star_runs(text);
  std::vector<ListedProbe> out;
  if (is_type_pattern(pattern)) {
    for (auto &t : list_types(host.kernel_btf(), pattern, verbose)) out.push_back({t, {}});
    return out;
  }
  Listing l{host, pid, verbose, warnings, std::nullopt};
  std::string provider = pattern.empty() ? "*" : pattern, rest = "*";
  if (auto colon = pattern.find(':'); colon != std::string::npos) {
    provider = pattern.substr(0, colon);
    rest = pattern.substr(colon + 1);
  }
  if (auto a = aliases().find(provider); a != aliases().end()) provider = a->second;
  // With -p, a pattern for every provider covers the process's uprobes and
  // usdt probes too (as bpftrace, not their return-probe twins).
  static const std::vector<std::string> user_providers = {"uprobe", "usdt"};
  if (pattern.find(':') == std::string::npos && !pattern.empty()) {
    // A bare word matches whole names of every kernel probe.
    for (const auto &p : kKernelProviders) list_provider(l, p, "*", pattern, out);
    if (pid > 0)
      for (const auto &p : user_providers) list_provider(l, p, "*:*", pattern, out);
    return out;
  }
  if (has_wildcard(provider)) {
    for (const auto &p : kKernelProviders)
      if (wildcard_match(provider, p)) list_provider(l, p, rest, "", out);
    if (pid > 0)
      for (const auto &p : user_providers)
        if (wildcard_match(provider, p)) list_provider(l, p, rest.find(':') == std::string::npos ? "*:" + rest : rest, "", out);
    return out;
  }
  list_provider(l, provider, rest, "", out);
  return out;
}

}  // namespace bpfsh::sema
