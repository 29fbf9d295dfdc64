#include "repl/plain_reader.h"

#include <unistd.h>

#include <cerrno>

namespace bpfsh::repl {

namespace {

class PlainReader : public LineSource {
 public:
  explicit PlainReader(int fd) : fd_(fd) {}

  int fd() const override { return fd_; }
  void prompt(const std::string &) override {}

  LineInput read() override {
    LineInput in;
    char buf[65536];
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return in;
    if (n <= 0) {
      if (!partial_.empty()) in.lines.push_back(std::move(partial_));
      partial_.clear();
      in.eof = true;
      return in;
    }
    partial_.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1)
      in.lines.push_back(partial_.substr(start, nl - start));
    partial_.erase(0, start);
    return in;
  }

 private:
  int fd_;
  std::string partial_;
};

}  // namespace

std::unique_ptr<LineSource> make_plain_reader(int fd) { return std::make_unique<PlainReader>(fd); }

}  // namespace bpfsh::repl
