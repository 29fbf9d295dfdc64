#include "common/exec_images.h"

#include <algorithm>

namespace bpfsh {

void ExecImages::keep(int pid, std::vector<Mapping> maps) {
  auto &images = images_[pid];
  if (!images.empty() && !images.back().empty()) {
    const Mapping &first = images.back().front();
    auto same = [&](const Mapping &m) { return m.start == first.start && m.path == first.path; };
    if (std::any_of(maps.begin(), maps.end(), same)) {
      images.back() = std::move(maps);
      return;
    }
  }
  if (images.size() == kMaxImages) images.erase(images.begin());
  images.push_back(std::move(maps));
}

void ExecImages::keep_stand_in(int pid, std::vector<Mapping> maps) {
  std::sort(maps.begin(), maps.end(), [](const Mapping &a, const Mapping &b) { return a.start < b.start; });
  if (maps.empty() || find(pid, maps.front().start)) return;
  keep(pid, std::move(maps));
}

const Mapping *ExecImages::find(int pid, uint64_t addr) const {
  auto it = images_.find(pid);
  if (it == images_.end()) return nullptr;
  for (auto image = it->second.rbegin(); image != it->second.rend(); ++image)
    if (const Mapping *m = find_mapping(*image, addr)) return m;
  return nullptr;
}

}  // namespace bpfsh
