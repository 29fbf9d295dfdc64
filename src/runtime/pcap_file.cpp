#include "runtime/pcap_file.h"

#include <cerrno>

namespace bpfsh::runtime {

namespace {

struct FileHeader {
  uint32_t magic = 0xa1b2c3d4;
  uint16_t major = 2, minor = 4;
  int32_t thiszone = 0;
  uint32_t sigfigs = 0;
  uint32_t snaplen;
  uint32_t link_type;
};

struct RecordHeader {
  uint32_t sec, usec, captured, length;
};

static_assert(sizeof(FileHeader) == 24 && sizeof(RecordHeader) == 16);

}  // namespace

Result<PcapFile> PcapFile::create(const std::string &path, uint32_t link_type, uint32_t snaplen) {
  FILE *f = std::fopen(path.c_str(), "wbe");
  if (!f) return fail(errno_message("pcap file '" + path + "'", "failed to create", errno));
  PcapFile file(path, f);
  FileHeader h;
  h.snaplen = snaplen;
  h.link_type = link_type;
  if (std::fwrite(&h, sizeof h, 1, f) != 1 || std::fflush(f) != 0)
    return fail(errno_message("pcap file '" + path + "'", "failed to write", errno));
  return file;
}

Result<void> PcapFile::write(const timespec &when, const uint8_t *bytes, uint32_t captured, uint32_t length) {
  RecordHeader h{uint32_t(when.tv_sec), uint32_t(when.tv_nsec / 1000), captured, length};
  FILE *f = file_.get();
  if (std::fwrite(&h, sizeof h, 1, f) != 1 || std::fwrite(bytes, 1, captured, f) != captured)
    return fail(errno_message("pcap file '" + path_ + "'", "failed to write", errno));
  return {};
}

void PcapFile::flush() { std::fflush(file_.get()); }

}  // namespace bpfsh::runtime
