// bpfsh-metrics: the HTTP side of `bpfsh --metrics ADDR:PORT`, a process of
// its own. bpfsh is one static executable (its start-up time is mostly its
// own, docs/performance.md), and libmicrohttpd needs GnuTLS, whose static
// build Debian does not ship complete (no libp11-kit.a, no libunistring.a);
// linking it dynamically into bpfsh would load a dozen libraries and GnuTLS'
// initialiser on every run, about 3.5 ms. So only --metrics pays for it:
// bpfsh starts this server, which asks bpfsh for each scrape's text.
//
//   bpfsh-metrics ADDR PORT     (fd 3: a stream socket to bpfsh)
//
// It listens on ADDR:PORT and writes "ok PORT\n" (the port bound, for PORT
// 0) or "error TEXT\n" to fd 3. Per GET /metrics it writes one byte 'S' to
// fd 3 and reads back a u64 length and the exposition text. bpfsh kills it
// when its run ends; it ends by itself when bpfsh dies (a parent-death
// signal) or at a scrape that finds fd 3 closed.
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kBpfsh = 3;
constexpr char kType[] = "text/plain; version=0.0.4; charset=utf-8";

bool write_all(int fd, const void *p, size_t n) {
  auto *b = static_cast<const char *>(p);
  while (n) {
    ssize_t w = write(fd, b, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    b += w;
    n -= size_t(w);
  }
  return true;
}

bool read_all(int fd, void *p, size_t n) {
  auto *b = static_cast<char *>(p);
  while (n) {
    ssize_t r = read(fd, b, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    b += r;
    n -= size_t(r);
  }
  return true;
}

void say(const std::string &line) { write_all(kBpfsh, line.data(), line.size()); }

// One scrape's text from bpfsh; bpfsh gone: this server has nothing to serve.
std::string scrape() {
  uint64_t len = 0;
  std::string body;
  if (!write_all(kBpfsh, "S", 1) || !read_all(kBpfsh, &len, sizeof len)) _exit(0);
  body.resize(len);
  if (!read_all(kBpfsh, body.data(), len)) _exit(0);
  return body;
}

MHD_Result respond(MHD_Connection *c, unsigned status, const std::string &body, const char *type) {
  MHD_Response *r = MHD_create_response_from_buffer(body.size(), const_cast<char *>(body.data()),
                                                    MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_Result ok = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ok;
}

MHD_Result on_request(void *, MHD_Connection *c, const char *url, const char *method, const char *,
                      const char *, size_t *, void **) {
  if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0)
    return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET /metrics\n", "text/plain");
  if (std::strcmp(url, "/metrics") != 0) return respond(c, MHD_HTTP_NOT_FOUND, "bpfsh serves /metrics\n", "text/plain");
  return respond(c, MHD_HTTP_OK, scrape(), kType);
}

// The listening socket, made here so a failure is named exactly
// ("Address already in use"); -1 after saying why.
int listen_on(const char *addr, int port, int &bound) {
  sockaddr_storage ss{};
  socklen_t len;
  auto *v4 = reinterpret_cast<sockaddr_in *>(&ss);
  auto *v6 = reinterpret_cast<sockaddr_in6 *>(&ss);
  if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    len = sizeof *v6;
  } else {
    say(std::string("error '") + addr + "' is not an IPv4 or IPv6 address\n");
    return -1;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr *>(&ss), len) != 0 || listen(fd, 16) != 0) {
    say(std::string("error failed to listen: ") + std::strerror(errno) + "\n");
    return -1;
  }
  getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len);
  bound = ntohs(ss.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
  return fd;
}

}  // namespace

int main(int argc, char **argv) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 0;  // bpfsh died before the signal was set
  signal(SIGPIPE, SIG_IGN);
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s ADDR PORT (started by bpfsh --metrics)\n", argv[0]);
    return 2;
  }
  int bound = 0;
  int fd = listen_on(argv[1], std::atoi(argv[2]), bound);
  if (fd < 0) return 1;
  // One thread serves every connection in turn: scrapes are answered one at
  // a time over fd 3. A scraper that stalls is dropped after 10 s.
  MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, nullptr, nullptr,
                                   &on_request, nullptr, MHD_OPTION_LISTEN_SOCKET, fd,
                                   MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_CONNECTION_LIMIT, 64u,
                                   MHD_OPTION_END);
  if (!d) {
    say("error failed to start the HTTP server\n");
    return 1;
  }
  say("ok " + std::to_string(bound) + "\n");
  for (;;) pause();
}
