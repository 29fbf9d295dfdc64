#pragma once
// ustack(build_id): the kernel names each frame by its binary's build id
// and the offset in that file (struct bpf_stack_build_id), so the stack can
// be symbolized later, elsewhere, after the process is gone. Printed as
//   "\n" then "        BUILD_ID + 0xOFFSET\n" per frame
// and, for a frame whose build id the kernel could not read, its address:
//   "        0xADDR\n"
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bpfsh::runtime {

struct BuildIdFrame {
  bool has_build_id = false;  // else `value` is the address
  std::array<uint8_t, 20> build_id{};
  uint64_t value = 0;  // the file offset, or the address
};

// A stack map entry's frames, up to the first empty one.
std::vector<BuildIdFrame> parse_build_id_frames(std::span<const uint8_t> entry);
// "BUILD_ID + 0xOFFSET" or "0xADDR": a frame of the stack, of its JSON and folded forms.
std::string build_id_frame_name(const BuildIdFrame &f);
std::string format_build_id_stack(const std::vector<BuildIdFrame> &frames);

}  // namespace bpfsh::runtime
