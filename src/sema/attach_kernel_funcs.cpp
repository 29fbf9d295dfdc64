#include "sema/attach_kernel_funcs.h"

#include <algorithm>

#include "sema/kernel_funcs.h"
#include "sema/kernel_types.h"

namespace bpfsh::sema {

using kernel_funcs::KernelFunc;

namespace {

bool has_wildcard(const std::string &s) { return s.find_first_of("*?[") != std::string::npos; }

struct Spelled {
  std::string module, func;
  uint64_t offset = 0;
  bool has_offset = false;
};

// [MODULE:]FUNC[+OFFSET]; false (with the error reported) when malformed.
bool spell(const std::string &kind, const std::vector<std::string> &parts, const ProbeInstance &tmpl,
           Spelled &s, Diagnostics &diags) {
  bool kprobe = kind == "kprobe" || kind == "kretprobe";
  if (parts.size() < 2 || parts.size() > 3 || parts.back().empty()) {
    auto &d = diags.error(tmpl.attach->range, kind + " probe must be of the form " + kind + ":" +
                                                  (kprobe ? "[module:]function[+offset]" : "[module:]function"));
    d.hints.push_back("e.g. " + kind + ":vfs_read");
    return false;
  }
  if (parts.size() == 3) s.module = parts[1];
  s.func = parts.back();
  auto plus = s.func.find('+');
  if (plus == std::string::npos) return true;
  std::string off = s.func.substr(plus + 1);
  s.func = s.func.substr(0, plus);
  char *end = nullptr;
  s.offset = std::strtoull(off.c_str(), &end, 0);
  s.has_offset = true;
  if (!kprobe || kind == "kretprobe") {
    diags.error(tmpl.attach->range, kind + " probes can not have an offset (+" + off + ")");
    return false;
  }
  if (off.empty() || *end || has_wildcard(s.func)) {
    diags.error(tmpl.attach->range, "invalid kprobe offset '+" + off + "'" +
                                        (has_wildcard(s.func) ? ": an offset needs one function, not a wildcard" : ""));
    return false;
  }
  return true;
}

std::string shown(const Spelled &s) { return (s.module.empty() ? "" : s.module + ":") + s.func; }

// The functions an attach point names: every match of a wildcard, or the
// one function it spells when `candidates` has it.
std::vector<KernelFunc> find(const std::vector<KernelFunc> &candidates, const Spelled &s) {
  if (has_wildcard(s.func) || has_wildcard(s.module)) return host::match(candidates, s.module, s.func);
  std::vector<KernelFunc> out;
  for (auto &f : host::match(candidates, s.module.empty() ? "*" : s.module, s.func)) {
    out.push_back(f);
    break;  // a name in two modules is one probe; the kernel picks
  }
  return out;
}

void kprobe(KernelTypes &kt, bool ret, const std::vector<std::string> &parts, const ProbeInstance &tmpl,
            std::vector<ProbeInstance> &out, Diagnostics &diags, const MissingProbe &missing, const RoomFor &room) {
  std::string kind = ret ? "kretprobe" : "kprobe";
  Spelled s;
  if (!spell(kind, parts, tmpl, s, diags)) return;
  auto funcs = find(kt.host().traceable_functions(), s);
  if (funcs.empty()) {
    bool wild = has_wildcard(s.func) || has_wildcard(s.module);
    missing(wild ? "no kernel function matches " + kind + ":" + shown(s)
                 : kind + ":" + shown(s) + ": no traceable kernel function named '" + s.func + "'" +
                       (s.module.empty() ? "" : " in " + s.module),
            "list them with: bpfsh -l '" + kind + ":" + (wild ? shown(s) : "*" + s.func + "*") + "'");
    return;
  }
  if (!room(funcs.size())) return;
  for (auto &f : funcs) {
    ProbeInstance pi = tmpl;
    pi.type = ret ? ProbeType::Kretprobe : ProbeType::Kprobe;
    pi.target = f.module;
    pi.func = f.name;
    pi.offset = s.offset;
    pi.display = kind + ":" + (f.module.empty() ? "" : f.module + ":") + f.name +
                 (s.has_offset ? "+" + parts.back().substr(parts.back().find('+') + 1) : "");
    out.push_back(std::move(pi));
  }
}

void fentry(KernelTypes &kt, bool exit, const std::vector<std::string> &parts, const ProbeInstance &tmpl,
            std::vector<ProbeInstance> &out, Diagnostics &diags, const MissingProbe &missing, const RoomFor &room) {
  std::string kind = exit ? "fexit" : "fentry";
  Spelled s;
  if (!spell(kind, parts, tmpl, s, diags)) return;
  std::string why;
  if (!kt.available(&why)) {
    auto &d = diags.error(tmpl.attach->range, kind + ":" + shown(s) + ": " + kind + " probes need the kernel's BTF");
    d.hints.push_back(why);
    return;
  }
  // BTF names what can be typed; when the ftrace list can be read, keep to
  // what a trampoline can also attach to.
  std::vector<KernelFunc> candidates = kt.functions();
  if (has_wildcard(s.func)) {
    const auto &tr = kt.host().traceable_functions();
    std::vector<KernelFunc> both;
    for (auto &f : candidates)
      if (std::binary_search(tr.begin(), tr.end(), f)) both.push_back(f);
    if (!both.empty()) candidates = std::move(both);
  }
  auto funcs = find(candidates, s);
  if (funcs.empty()) {
    bool wild = has_wildcard(s.func) || has_wildcard(s.module);
    missing(wild ? "no kernel function matches " + kind + ":" + shown(s)
                 : kind + ":" + shown(s) + ": the kernel's BTF has no function named '" + s.func + "'",
            "list them with: bpfsh -l '" + kind + ":" + (wild ? shown(s) : "*" + s.func + "*") + "'");
    return;
  }
  if (!room(funcs.size())) return;
  for (auto &f : funcs) {
    auto sig = kernel_funcs::signature(kt, f.name);
    ProbeInstance pi = tmpl;
    pi.type = exit ? ProbeType::Fexit : ProbeType::Fentry;
    pi.target = f.module;
    pi.func = f.name;
    pi.arg_slots = sig ? sig->slots : 0;
    pi.display = kind + ":" + (f.module.empty() ? "vmlinux" : f.module) + ":" + f.name;
    out.push_back(std::move(pi));
  }
}

}  // namespace

void resolve_kernel_func(KernelTypes &kt, const std::string &provider, const std::vector<std::string> &parts,
                         const ProbeInstance &tmpl, std::vector<ProbeInstance> &out, Diagnostics &diags,
                         const MissingProbe &missing, const RoomFor &room) {
  if (provider == "kprobe" || provider == "kretprobe")
    return kprobe(kt, provider == "kretprobe", parts, tmpl, out, diags, missing, room);
  fentry(kt, provider == "fexit", parts, tmpl, out, diags, missing, room);
}

}  // namespace bpfsh::sema
