#pragma once
// Owns a libbpf ring_buffer that reads one or more BPF ringbuf maps, each
// with its own EventHandler; or, for a program built to send its events
// through a perf event array (--no-feature ringbuf, kernels before 5.8), a
// libbpf perf_buffer: a ring per CPU, read the same way.
#include "runtime/result.h"

struct ring_buffer;
struct perf_buffer;

namespace bpfsh::runtime {

class EventHandler;

class RingBuffer {
 public:
  RingBuffer() = default;
  ~RingBuffer();
  RingBuffer(RingBuffer &&o) noexcept : rb_(o.rb_), pb_(o.pb_) { o.rb_ = nullptr; o.pb_ = nullptr; }
  RingBuffer &operator=(RingBuffer &&) = delete;
  RingBuffer(const RingBuffer &) = delete;

  // Starts reading the ringbuf map `map_fd`; `handler` must outlive *this.
  Result<void> add(int map_fd, EventHandler *handler);
  // Starts reading the perf event array `map_fd`, `pages` pages per CPU
  // (rounded up to a power of two), instead; once only. A record the kernel
  // could not write is counted by the program itself, as on the ring
  // buffer (the perf buffer's own lost records repeat that count).
  Result<void> add_perf(int map_fd, EventHandler *handler, uint32_t pages);

  int epoll_fd() const;              // readable when records wait; -1 before add
  Result<void> consume();            // handle every waiting record, no waiting
  Result<void> poll(int timeout_ms); // wait up to timeout_ms, then handle

 private:
  ring_buffer *rb_ = nullptr;
  perf_buffer *pb_ = nullptr;
};

}  // namespace bpfsh::runtime
