#pragma once
// Owns a libbpf ring_buffer that reads one or more BPF ringbuf maps, each
// with its own EventHandler.
#include "runtime/result.h"

struct ring_buffer;

namespace bpfsh::runtime {

class EventHandler;

class RingBuffer {
 public:
  RingBuffer() = default;
  ~RingBuffer();
  RingBuffer(RingBuffer &&o) noexcept : rb_(o.rb_) { o.rb_ = nullptr; }
  RingBuffer &operator=(RingBuffer &&) = delete;
  RingBuffer(const RingBuffer &) = delete;

  // Starts reading the ringbuf map `map_fd`; `handler` must outlive *this.
  Result<void> add(int map_fd, EventHandler *handler);

  int epoll_fd() const;              // readable when records wait; -1 before add
  Result<void> consume();            // handle every waiting record, no waiting
  Result<void> poll(int timeout_ms); // wait up to timeout_ms, then handle

 private:
  ring_buffer *rb_ = nullptr;
};

}  // namespace bpfsh::runtime
