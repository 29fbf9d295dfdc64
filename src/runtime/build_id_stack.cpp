#include "runtime/build_id_stack.h"

#include <cstring>

#include "runtime/stack_format.h"

namespace bpfsh::runtime {

namespace {
// struct bpf_stack_build_id: s32 status, 20 bytes of build id, then (at 24,
// aligned) the u64 offset or ip.
constexpr size_t kFrameSize = 32, kIdAt = 4, kValueAt = 24;
enum Status : int32_t { kEmpty = 0, kValid = 1, kIp = 2 };
}  // namespace

std::vector<BuildIdFrame> parse_build_id_frames(std::span<const uint8_t> entry) {
  std::vector<BuildIdFrame> out;
  for (size_t at = 0; at + kFrameSize <= entry.size(); at += kFrameSize) {
    int32_t status;
    std::memcpy(&status, entry.data() + at, 4);
    if (status != kValid && status != kIp) break;
    BuildIdFrame f;
    f.has_build_id = status == kValid;
    std::memcpy(f.build_id.data(), entry.data() + at + kIdAt, f.build_id.size());
    std::memcpy(&f.value, entry.data() + at + kValueAt, 8);
    out.push_back(f);
  }
  return out;
}

std::string build_id_frame_name(const BuildIdFrame &f) {
  if (!f.has_build_id) return hex_address(f.value, true);
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : f.build_id) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s + " + " + hex_address(f.value, true);
}

std::string format_build_id_stack(const std::vector<BuildIdFrame> &frames) {
  std::string out = "\n";
  for (const auto &f : frames) out += "        " + build_id_frame_name(f) + "\n";
  return out;
}

}  // namespace bpfsh::runtime
