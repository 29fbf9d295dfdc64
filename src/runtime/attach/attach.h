#pragma once
// Attaching one probe's program, one file per kind. Each returns the links
// it made; when it fails, it has already destroyed whatever it attached.
// BEGIN and END programs are not attached: they are run once (test_run.h).
#include <optional>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/link.h"
#include "runtime/result.h"

struct bpf_program;

namespace bpfsh::runtime {

using Links = std::vector<Link>;

// Dispatches on spec.type.
Result<Links> attach_probe(const artifact::ProbeSpec &spec, bpf_program *prog);

Result<Links> attach_tracepoint(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_raw_tracepoint(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_uprobe(const artifact::ProbeSpec &spec, bpf_program *prog);  // and uretprobe
Result<Links> attach_interval(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_profile(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_kprobe(const artifact::ProbeSpec &spec, bpf_program *prog);  // and kretprobe
Result<Links> attach_fentry(const artifact::ProbeSpec &spec, bpf_program *prog);  // and fexit

// Before the object loads: what the kernel checks at load time (fentry's
// target function). Dispatches on spec.type; most kinds need nothing.
Result<void> prepare_probe(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<void> prepare_fentry(const artifact::ProbeSpec &spec, bpf_program *prog);

// The load of spec's program failed with `err`: a message in the user's
// terms when the kernel refuses the whole probe type, else nullopt.
std::optional<std::string> explain_load_failure(const artifact::ProbeSpec &spec, int err, bool verifier_ran);
std::optional<std::string> fentry_load_error(const artifact::ProbeSpec &spec, int err, bool verifier_ran);

// Kernel-function probes (kprobe.cpp): whether the kernel has a kprobe
// interface at all, and the attach error, explained.
bool kprobes_available();
std::string kprobe_error(const artifact::ProbeSpec &spec, int err, bool kprobes);
Result<Links> attach_usdt(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_perf_counter(const artifact::ProbeSpec &spec, bpf_program *prog);  // software, hardware
Result<Links> attach_watchpoint(const artifact::ProbeSpec &spec, bpf_program *prog);
// An iterator's link; run_iterator (iter.h) then makes it run.
Result<Links> attach_iter(const artifact::ProbeSpec &spec, bpf_program *prog);
// Network hooks: a link each (or a packet socket), which goes with bpfsh
// however it ends (docs/networking.md).
Result<Links> attach_xdp(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_tc(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_socket_filter(const artifact::ProbeSpec &spec, bpf_program *prog);
Result<Links> attach_cgroup(const artifact::ProbeSpec &spec, bpf_program *prog);  // cgroup_*, sockops
// The interface's index, or an error naming the probe.
Result<int> interface_index(const artifact::ProbeSpec &spec);

// "probe 'tracepoint:a:b'"
std::string probe_subject(const artifact::ProbeSpec &spec);

// "probe 'X': failed to attach: <strerror(err)>"
std::string attach_error(const artifact::ProbeSpec &spec, int err);

}  // namespace bpfsh::runtime
