#pragma once
// A Link owns one attachment of a program (a bpf_link, or a descriptor whose
// close detaches: a link libbpf did not make, a packet socket with its
// filter). Destroying it detaches; for perf-event links it also closes the
// perf event.
//
// A link may also keep its own descriptor of the perf event (`event_fd`).
// Then destroying the bpf_link only takes the program off the event, which
// is quick, and the event stays open until that descriptor is closed: on this
// kernel closing a tracepoint's perf event waits 25-90 ms for a grace
// period, under a lock that makes closes wait for each other (detach.h).
#include <functional>
#include <utility>

struct bpf_link;

namespace bpfsh::runtime {

class Link {
 public:
  Link() = default;
  explicit Link(bpf_link *l, int event_fd = -1) : link_(l), event_fd_(event_fd) {}
  static Link owning_fd(int fd) {
    Link l;
    l.fd_ = fd;
    return l;
  }
  // An attachment nothing in the kernel undoes for us (a netlink filter):
  // reset() calls `undo`.
  static Link on_reset(std::function<void()> undo) {
    Link l;
    l.undo_ = std::move(undo);
    return l;
  }
  ~Link() { reset(); }
  Link(Link &&o) noexcept : link_(o.link_), event_fd_(o.event_fd_), fd_(o.fd_), undo_(std::exchange(o.undo_, {})) {
    o.link_ = nullptr;
    o.event_fd_ = -1;
    o.fd_ = -1;
  }
  Link &operator=(Link &&o) noexcept {
    if (this != &o) {
      reset();
      link_ = o.link_;
      event_fd_ = o.event_fd_;
      fd_ = o.fd_;
      undo_ = std::exchange(o.undo_, {});
      o.link_ = nullptr;
      o.event_fd_ = -1;
      o.fd_ = -1;
    }
    return *this;
  }
  Link(const Link &) = delete;
  Link &operator=(const Link &) = delete;

  void reset();  // detach now and close everything; slow: 25-110 ms per link here
  // Hands over the perf event descriptor the link kept (or -1); the caller
  // closes it, wherever closing is cheapest. reset() then only detaches.
  int take_event_fd();
  bpf_link *get() const { return link_; }
  explicit operator bool() const { return link_ != nullptr || fd_ >= 0 || undo_; }

 private:
  bpf_link *link_ = nullptr;
  int event_fd_ = -1;
  int fd_ = -1;  // owning_fd()'s
  std::function<void()> undo_;  // on_reset()'s
};

}  // namespace bpfsh::runtime
