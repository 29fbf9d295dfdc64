// skboutput()'s records (EventType::SkbPacket) as the event handler writes
// them to their pcap file: the bytes after the offset, the offset's left
// out. (tests/kernel/skboutput.bt has the kernel write real ones.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "capture.h"
#include "runtime/output/output.h"
#include "runtime/events.h"

#include "runtime/file_bytes.h"

namespace bpfsh::runtime {
namespace {

using artifact::CaptureSpec;
using artifact::EventType;

using test::read_all;
using test::u32_at;

// The record bpf_skb_output makes: our 24 bytes, then the skb's, padded as
// a perf sample is.
std::vector<uint8_t> record(uint32_t captured, uint32_t skip, const std::vector<uint8_t> &bytes) {
  std::vector<uint8_t> r(24);
  uint32_t type = uint32_t(EventType::SkbPacket), id = 0;
  uint64_t time = 1000;
  std::memcpy(r.data(), &type, 4);
  std::memcpy(r.data() + 4, &id, 4);
  std::memcpy(r.data() + 8, &time, 8);
  std::memcpy(r.data() + 16, &captured, 4);
  std::memcpy(r.data() + 20, &skip, 4);
  r.insert(r.end(), bytes.begin(), bytes.end());
  r.resize((r.size() + 7) / 8 * 8);
  return r;
}

std::vector<uint8_t> write_records(const std::vector<std::vector<uint8_t>> &records) {
  std::string path = ::testing::TempDir() + "skb_packet_test." + std::to_string(getpid()) + ".pcap";
  artifact::Artifact a;
  a.captures.push_back({path, CaptureSpec::RawIp, 65535});
  bpfsh::testing::Capture cap;
  auto out = output::make_output(output::Format::Text, cap.f);
  {
    auto handler = EventHandler::create(a, {}, *out);
    EXPECT_TRUE(handler) << handler.error();
    if (!handler) return {};
    for (const auto &r : records) handler->handle(r.data(), r.size());
    handler->flush_captures();
  }
  auto b = read_all(path);
  unlink(path.c_str());
  EXPECT_EQ(cap.text(), "");
  return b;
}

TEST(SkbPacket, LeavesTheOffsetOut) {
  std::vector<uint8_t> frame(14, 0);  // lo's Ethernet header
  std::vector<uint8_t> ip = {0x45, 0, 0, 21, 9, 8, 7};
  frame.insert(frame.end(), ip.begin(), ip.end());
  auto b = write_records({record(uint32_t(frame.size()), 14, frame)});
  ASSERT_EQ(b.size(), 24u + 16u + ip.size());
  EXPECT_EQ(u32_at(b, 20), 101u);  // LINKTYPE_RAW
  EXPECT_EQ(u32_at(b, 32), ip.size());
  EXPECT_EQ(u32_at(b, 36), ip.size());
  EXPECT_EQ(std::vector<uint8_t>(b.begin() + 40, b.end()), ip);
}

TEST(SkbPacket, AnOffsetPastTheBytesLeavesAnEmptyRecord) {
  auto b = write_records({record(3, 10, {1, 2, 3}), record(2, 0, {4, 5})});
  ASSERT_EQ(b.size(), 24u + 16u + 16u + 2u);
  EXPECT_EQ(u32_at(b, 32), 0u);
  EXPECT_EQ(u32_at(b, 36), 0u);
  EXPECT_EQ(u32_at(b, 40 + 8), 2u);
  EXPECT_EQ(b[40 + 16], 4);
}

}  // namespace
}  // namespace bpfsh::runtime
