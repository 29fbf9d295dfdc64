#include "runtime/detach.h"

#include <unistd.h>

#include <system_error>
#include <thread>

#include "runtime/detach_helper.h"

namespace bpfsh::runtime {

namespace {

constexpr size_t kMaxThreads = 32;

void close_all_in_parallel(const std::vector<int> &fds) {
  std::vector<std::thread> closers;
  for (int fd : fds) {
    try {
      closers.emplace_back([fd] { close(fd); });
    } catch (const std::system_error &) {
      close(fd);
    }
  }
  for (auto &th : closers) th.join();
}

}  // namespace

void destroy_in_parallel(std::vector<Link> links) {
  // Our own descriptors of the links' perf events keep the events open while
  // the links go: taking a program off its hook is then all that waits here.
  std::vector<int> events;
  for (auto &l : links)
    if (int fd = l.take_event_fd(); fd >= 0) events.push_back(fd);
  size_t nthreads = std::min(links.size(), kMaxThreads);
  std::vector<std::thread> threads;
  if (nthreads > 1) {
    threads.reserve(nthreads);
    for (size_t t = 0; t < nthreads; t++) {
      try {
        threads.emplace_back([&links, t, nthreads] {
          for (size_t i = t; i < links.size(); i += nthreads) links[i].reset();
        });
      } catch (const std::system_error &) {
        break;  // fewer threads; whatever is left is detached below, in order
      }
    }
    for (auto &th : threads) th.join();
  }
  for (auto &l : links) l.reset();
  if (events.empty()) return;
  auto helper = start_detach_helper(events);
  if (!helper) return close_all_in_parallel(events);
  for (int fd : events) close(fd);  // the helper holds them too: quick closes
  close(helper->release_fd);        // now the helper exits, and closes them
}

}  // namespace bpfsh::runtime
