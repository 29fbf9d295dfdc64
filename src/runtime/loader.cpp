#include "runtime/loader.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "runtime/attach/attach.h"
#include "runtime/event_channel.h"
#include "runtime/kernel_calls.h"
#include "runtime/libbpf_log.h"
#include "runtime/pid_namespace.h"
#include "runtime/verifier_log.h"
#include "runtime/verifier_message.h"

namespace bpfsh::runtime {

namespace {

// The probe a program implements, as the user wrote it.
std::string probe_name(const artifact::Artifact &a, const std::string &prog) {
  for (const auto &p : a.probes)
    if (p.prog_name == prog) return p.display.empty() ? prog : p.display;
  return prog;
}

// A map as messages name it: a user map as the script does, one of bpfsh's
// own by its name in the ELF.
std::string map_subject(const artifact::Artifact &a, const std::string &elf_name) {
  for (const auto &m : a.maps)
    if (m.elf_name == elf_name) return "map '" + m.name + "'";
  return "bpfsh's map '" + elf_name + "'";
}

// The object's maps and programs by the names libbpf gives the kernel, and
// how messages name them.
kcall::LoadNames load_names(const artifact::Artifact &a, bpf_object *obj) {
  std::map<std::string, std::string> maps, progs;
  bpf_map *m;
  bpf_object__for_each_map(m, obj) maps[bpf_map__name(m)] = map_subject(a, bpf_map__name(m));
  bpf_program *p;
  bpf_object__for_each_program(p, obj) progs[bpf_program__name(p)] = "probe '" + probe_name(a, bpf_program__name(p)) + "'";
  return kcall::LoadNames(std::move(maps), std::move(progs));
}

// The verifier writes its log into a buffer of ours. libbpf's own buffer
// grows, and the program is verified again, each time the log does not fit:
// 10 s for a loop the verifier gives up on after a million instructions.
// The kernel (6.4+) keeps the end of a log too long for it, which says why;
// older ones keep its start. The size is the most kernels before 5.2 take
// (UINT32_MAX >> 8), as libbpf's first buffer; its pages are touched only
// when a load fails.
constexpr size_t kLogSize = UINT32_MAX >> 8;

struct VerifierLog {
  std::unique_ptr<char[]> buf{new char[kLogSize]};

  explicit VerifierLog(bpf_object *obj) {
    buf[0] = '\0';
    bpf_program *p;
    bpf_object__for_each_program(p, obj) bpf_program__set_log_buf(p, buf.get(), kLogSize);
  }
  // The log, from its first whole line when its start was cut.
  std::string text() const {
    std::string log(buf.get(), strnlen(buf.get(), kLogSize));
    if (log.size() + 1 >= kLogSize) log.erase(0, log.find('\n') + 1);
    return log;
  }
};

// A rejection bpfsh can explain, where it is in the script (the log on -v).
std::optional<std::string> rejected(const artifact::Artifact &a, const LoadFailure &f, int err, bool verbose) {
  Verdict v = classify_rejection(f.log, err);
  for (const auto &p : a.probes)
    if (p.prog_name == f.prog)
      if (auto msg = rejection_message(a, p, v)) return verbose ? *msg + "\n" + f.log : *msg;
  return std::nullopt;
}

std::string load_error(const artifact::Artifact &a, int err, bool verbose, const VerifierLog &log) {
  LoadFailure f = parse_load_failure(libbpf_log_take());
  if (f.log.empty()) f.log = log.text();
  if (!f.map.empty())
    return map_subject(a, f.map) + ": failed to create: " + (f.map_reason.empty() ? std::strerror(err) : f.map_reason);
  if (f.prog.empty()) return errno_message("BPF object", "failed to load", err);
  for (const auto &p : a.probes)
    if (p.prog_name == f.prog)
      if (auto why = explain_load_failure(p, err, !f.log.empty())) return *why;
  if (auto why = rejected(a, f, err, verbose)) return *why;
  std::string subject = "probe '" + probe_name(a, f.prog) + "'";
  if (f.log.empty())
    return subject + ": failed to load: " + (f.reason.empty() ? std::strerror(err) : f.reason);
  std::string msg = subject + ": the kernel's verifier rejected the program";
  std::string line = verifier_summary(f.log);
  if (!line.empty()) msg += ": " + line;
  // bpf_d_path outside the kernel's allowlist (kernel/trace/bpf_trace.c,
  // bpf_d_path_allowed): sema let fentry/fexit through, the kernel decides.
  if (line == "helper call is not allowed in probe" && f.log.find("call bpf_d_path#") != std::string::npos)
    msg += "\nHINT: path() works in iter probes, and in fentry/fexit only of the functions the kernel "
           "allows bpf_d_path in (btf_allowlist_d_path), such as security_file_open, vfs_getattr, filp_close";
  if (std::string hint = refused_helper_hint(line); !hint.empty()) msg += "\nHINT: " + hint;
  if (verbose) msg += "\n" + f.log;
  return msg;
}

}  // namespace

BpfObject::~BpfObject() { bpf_object__close(obj_); }

BpfObject &BpfObject::operator=(BpfObject &&o) noexcept {
  if (this != &o) {
    bpf_object__close(obj_);
    obj_ = o.obj_;
    picked_perf_ = o.picked_perf_;
    o.obj_ = nullptr;
  }
  return *this;
}

Result<BpfObject> BpfObject::load(const artifact::Artifact &artifact, bool verbose,
                                  const std::vector<MapReuse> &reuse, bool prefer_perf) {
  libbpf_log_init(verbose);
  libbpf_log_take();
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "bpfsh");
  bpf_object *obj = bpf_object__open_mem(artifact.elf.data(), artifact.elf.size(), &opts);
  if (!obj) {
    int err = errno;
    libbpf_log_take();
    return fail(errno_message("BPF object", "failed to open", err));
  }
  BpfObject owned(obj);
  for (const auto &r : reuse) {
    bpf_map *m = bpf_object__find_map_by_name(obj, r.elf_name.c_str());
    if (!m) continue;
    if (int rc = bpf_map__reuse_fd(m, r.fd); rc != 0)
      return fail(errno_message("map '" + r.name + "'", "failed to reuse the existing map", -rc));
  }
  auto picked = pick_event_channel(obj, artifact, prefer_perf);
  if (!picked) return fail(picked.error());
  owned.picked_perf_ = *picked;
  if (auto r = set_pid_namespace(obj, own_pid_namespace()); !r) return fail(r.error());
  for (const auto &p : artifact.probes)
    if (auto r = prepare_probe(p, bpf_object__find_program_by_name(obj, p.prog_name.c_str())); !r)
      return fail(r.error());
  VerifierLog log(obj);
  int rc;
  {
    kcall::LoadNames names = load_names(artifact, obj);
    rc = bpf_object__load(obj);
  }
  if (rc != 0) return fail(load_error(artifact, -rc, verbose, log));
  libbpf_log_take();
  return owned;
}

bpf_program *BpfObject::program(std::string_view name) const {
  return obj_ ? bpf_object__find_program_by_name(obj_, std::string(name).c_str()) : nullptr;
}

int BpfObject::map_fd(std::string_view elf_name) const {
  if (!obj_) return -1;
  bpf_map *m = bpf_object__find_map_by_name(obj_, std::string(elf_name).c_str());
  return m ? bpf_map__fd(m) : -1;
}

}  // namespace bpfsh::runtime
