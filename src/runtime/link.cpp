#include "runtime/link.h"

#include <bpf/libbpf.h>
#include <unistd.h>

namespace bpfsh::runtime {

int Link::take_event_fd() {
  int fd = event_fd_;
  event_fd_ = -1;
  return fd;
}

void Link::reset() {
  if (link_) bpf_link__destroy(link_);
  link_ = nullptr;
  if (event_fd_ >= 0) close(event_fd_);
  event_fd_ = -1;
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (auto undo = std::exchange(undo_, {})) undo();
}

}  // namespace bpfsh::runtime
