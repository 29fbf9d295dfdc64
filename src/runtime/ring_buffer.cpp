#include "runtime/ring_buffer.h"

#include <bpf/libbpf.h>

#include <cerrno>

#include "runtime/events.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

int on_sample(void *ctx, void *data, size_t size) {
  static_cast<EventHandler *>(ctx)->handle(static_cast<const uint8_t *>(data), size);
  return 0;
}

void on_perf_sample(void *ctx, int, void *data, uint32_t size) {
  static_cast<EventHandler *>(ctx)->handle(static_cast<const uint8_t *>(data), size);
}

}  // namespace

RingBuffer::~RingBuffer() {
  ring_buffer__free(rb_);
  perf_buffer__free(pb_);
}

Result<void> RingBuffer::add_perf(int map_fd, EventHandler *handler, uint32_t pages) {
  size_t n = 1;
  while (n < pages) n <<= 1;
  pb_ = perf_buffer__new(map_fd, n, on_perf_sample, nullptr, handler, nullptr);
  if (!pb_) {
    int e = errno;
    pb_ = nullptr;
    return fail(errno_message("perf buffer", "failed to open", e));
  }
  return {};
}

Result<void> RingBuffer::add(int map_fd, EventHandler *handler) {
  if (!rb_) {
    rb_ = kcall::ring_buffer_new(map_fd, on_sample, handler);
    if (!rb_) return fail(errno_message("ring buffer", "failed to open", errno));
    return {};
  }
  if (int rc = kcall::ring_buffer_add(rb_, map_fd, on_sample, handler); rc != 0)
    return fail(errno_message("ring buffer", "failed to add a map", -rc));
  return {};
}

int RingBuffer::epoll_fd() const { return rb_ ? ring_buffer__epoll_fd(rb_) : pb_ ? perf_buffer__epoll_fd(pb_) : -1; }

Result<void> RingBuffer::consume() {
  if (pb_) {
    if (int rc = perf_buffer__consume(pb_); rc < 0) return fail(errno_message("perf buffer", "failed to read", -rc));
    return {};
  }
  if (!rb_) return {};
  if (int rc = ring_buffer__consume(rb_); rc < 0) return fail(errno_message("ring buffer", "failed to read", -rc));
  return {};
}

Result<void> RingBuffer::poll(int timeout_ms) {
  if (pb_) {
    int rc = perf_buffer__poll(pb_, timeout_ms);
    if (rc < 0 && rc != -EINTR) return fail(errno_message("perf buffer", "failed to read", -rc));
    return {};
  }
  if (!rb_) return {};
  int rc = ring_buffer__poll(rb_, timeout_ms);
  if (rc < 0 && rc != -EINTR) return fail(errno_message("ring buffer", "failed to read", -rc));
  return {};
}

}  // namespace bpfsh::runtime
