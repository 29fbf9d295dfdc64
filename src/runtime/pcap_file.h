#pragma once
// A capture file in libpcap's classic format, written by bpfsh itself: a
// 24-byte file header, then per packet a 16-byte header and its bytes. No
// libpcap: the format is that small, and Debian's libpcap.a pulls in
// libdbus and libibverbs, which a static bpfsh would have to link too.
// Microsecond timestamps (magic 0xa1b2c3d4), in this machine's byte order,
// which every reader detects by the magic.
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "runtime/result.h"

namespace bpfsh::runtime {

class PcapFile {
 public:
  // Creates (or empties) the file and writes its header.
  static Result<PcapFile> create(const std::string &path, uint32_t link_type, uint32_t snaplen);

  // One packet: `captured` of its `length` bytes.
  Result<void> write(const timespec &when, const uint8_t *bytes, uint32_t captured, uint32_t length);
  // What was written so far reaches the file (tcpdump -r sees it).
  void flush();
  const std::string &path() const { return path_; }

 private:
  struct Close {
    void operator()(FILE *f) const { std::fclose(f); }
  };
  PcapFile(std::string path, FILE *f) : path_(std::move(path)), file_(f) {}
  std::string path_;
  std::unique_ptr<FILE, Close> file_;
};

}  // namespace bpfsh::runtime
