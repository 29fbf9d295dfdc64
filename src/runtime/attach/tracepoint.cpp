// tracepoint:CATEGORY:EVENT, through a perf-event link (needs tracefs).
//
// The perf event is opened here, as libbpf would open it, so the link can
// keep a descriptor of its own (link.h): at exit the program comes off at
// once and the slow close of the event happens off the critical path.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

// The tracepoint's id from tracefs, or -1 with errno set.
long tracepoint_id(const std::string &category, const std::string &event) {
  for (const char *root : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    std::ifstream in(std::string(root) + "/events/" + category + "/" + event + "/id");
    long id = -1;
    if (in >> id) return id;
  }
  errno = ENOENT;
  return -1;
}

int open_tracepoint(long id, const std::string &subject) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.size = sizeof attr;
  attr.config = static_cast<uint64_t>(id);
  return kcall::perf_event_open(attr, -1 /* any pid */, 0 /* cpu */, subject);
}

}  // namespace

Result<Links> attach_tracepoint(const artifact::ProbeSpec &spec, bpf_program *prog) {
  long id = tracepoint_id(spec.target, spec.func);
  if (id < 0) return fail(attach_error(spec, errno));
  int pfd = open_tracepoint(id, probe_subject(spec));
  if (pfd < 0) return fail(attach_error(spec, errno));
  int keep = fcntl(pfd, F_DUPFD_CLOEXEC, 3);
  bpf_link *l = kcall::attach_perf_event(prog, pfd, probe_subject(spec));
  if (!l) {
    int err = errno;
    close(pfd);
    if (keep >= 0) close(keep);
    return fail(attach_error(spec, err));
  }
  Links links;
  links.emplace_back(l, keep);  // the bpf_link owns pfd; `keep` is ours
  return links;
}

}  // namespace bpfsh::runtime
