// iter:NAME: a BPF_TRACE_ITER link (libbpf finds bpf_iter_NAME's BTF id from
// the "iter/NAME" section); each iterator instance made from it runs the
// program once over every object when it is read to the end.
#include "runtime/attach/iter.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<Links> attach_iter(const artifact::ProbeSpec &spec, bpf_program *prog) {
  bpf_link *l = kcall::attach_iter(prog, probe_subject(spec));
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

Result<void> run_iterator(const Link &link, const std::string &subject, const std::function<void()> &drain) {
  int fd = kcall::iter_create(bpf_link__fd(link.get()), subject);
  if (fd < 0) return fail(errno_message(subject, "failed to create the iterator", errno));
  char buf[4096];
  Result<void> result;
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {  // the kernel's per-read object limit: go on
      drain();
      continue;
    }
    if (n < 0) result = fail(errno_message(subject, "failed to run the iterator", errno));
    drain();
    if (n <= 0) break;
  }
  close(fd);
  return result;
}

}  // namespace bpfsh::runtime
