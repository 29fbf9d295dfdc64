#include "runtime/detach.h"

#include <system_error>
#include <thread>

namespace bpfsh::runtime {

namespace {
constexpr size_t kMaxThreads = 32;
}

void destroy_in_parallel(std::vector<Link> links) {
  if (links.size() <= 1) return;  // the vector's destructor detaches it
  size_t nthreads = std::min(links.size(), kMaxThreads);
  std::vector<std::thread> threads;
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
  for (auto &l : links) l.reset();
}

}  // namespace bpfsh::runtime
