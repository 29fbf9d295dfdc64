// The capture file's bytes, as libpcap's readers expect them: the file
// header, then each packet's header and its captured bytes. (The e2e test
// net/pcap_writes_what_tcpdump_reads has tcpdump read real captures.)
#include "runtime/pcap_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "runtime/file_bytes.h"

namespace bpfsh::runtime {
namespace {

using test::read_all;
using test::u32_at;

TEST(PcapFile, WritesHeadersAndCapturedBytes) {
  std::string path = testing::TempDir() + "pcap_file_test." + std::to_string(getpid()) + ".pcap";
  {
    auto f = PcapFile::create(path, 101, 64);
    ASSERT_TRUE(f) << f.error();
    const uint8_t bytes[] = {0x45, 0, 0, 28, 1, 2, 3};
    ASSERT_TRUE(f->write(timespec{1700000000, 123456789}, bytes, sizeof bytes, 28));
    f->flush();
  }
  auto b = read_all(path);
  unlink(path.c_str());
  ASSERT_EQ(b.size(), 24u + 16u + 7u);
  EXPECT_EQ(u32_at(b, 0), 0xa1b2c3d4u);
  EXPECT_EQ(u32_at(b, 4), 2u | (4u << 16));  // version 2.4
  EXPECT_EQ(u32_at(b, 16), 64u);             // snaplen
  EXPECT_EQ(u32_at(b, 20), 101u);            // LINKTYPE_RAW
  EXPECT_EQ(u32_at(b, 24), 1700000000u);
  EXPECT_EQ(u32_at(b, 28), 123456u);  // microseconds
  EXPECT_EQ(u32_at(b, 32), 7u);
  EXPECT_EQ(u32_at(b, 36), 28u);
  EXPECT_EQ(b[40], 0x45);
  EXPECT_EQ(b[46], 3);
}

TEST(PcapFile, NamesTheFileItCanNotCreate) {
  auto f = PcapFile::create("/nonexistent-dir/x.pcap", 1, 100);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error(), "pcap file '/nonexistent-dir/x.pcap': failed to create: No such file or directory");
}

}  // namespace
}  // namespace bpfsh::runtime
