#pragma once
// A Link owns one attachment of a program (a bpf_link). Destroying it
// detaches; for perf-event links it also closes the perf event.
struct bpf_link;

namespace bpfsh::runtime {

class Link {
 public:
  Link() = default;
  explicit Link(bpf_link *l) : link_(l) {}
  ~Link() { reset(); }
  Link(Link &&o) noexcept : link_(o.link_) { o.link_ = nullptr; }
  Link &operator=(Link &&o) noexcept {
    if (this != &o) {
      reset();
      link_ = o.link_;
      o.link_ = nullptr;
    }
    return *this;
  }
  Link(const Link &) = delete;
  Link &operator=(const Link &) = delete;

  void reset();  // detach now (bpf_link__destroy); slow: 25-110 ms per link here
  bpf_link *get() const { return link_; }
  explicit operator bool() const { return link_ != nullptr; }

 private:
  bpf_link *link_ = nullptr;
};

}  // namespace bpfsh::runtime
