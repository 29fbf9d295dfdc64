/* target: deterministic kernel work for the kernel-function probe tests.
 *   target read N SIZE   N read()s of SIZE bytes from /dev/zero
 *   target open PATH     one open() of PATH
 *   target watch N       N stores to `watched` (the watchpoint case)
 *   target watchslow N   the same, 300 ms apart (time for unwatch() to act)
 *   target getpgid       prints what getpgid(0) returns (the override() case)
 *   target udp N         N datagrams of 77 bytes, on loopback from one socket
 *                        (127.0.0.1:40000) to another (127.0.0.1:40001),
 *                        which reads each: the skboutput() and
 *                        socket_cookie() cases
 * Built static, so no dynamic loader opens or reads anything before main:
 * every open and read of the process is one of these. Static also means not
 * position independent: `watched` has the address its symbol says, which
 * run.py reads with nm. Silent but for getpgid.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Initialised, so in .data: a .bss variable can share the data segment's
 * last file page, whose tail exec clears byte by byte (padzero), and those
 * kernel stores hit a write watchpoint too, 8 of them before main. */
volatile long watched = -1;

static int udp_socket(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0) return -1;
  return fd;
}

/* A bound receiver, so no datagram comes back as an ICMP error. */
static int udp(long n) {
  int from = udp_socket(40000), to = udp_socket(40001);
  if (from < 0 || to < 0) return 1;
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(40001)};
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  char msg[77], got[128];
  memset(msg, 'b', sizeof msg);
  for (long i = 0; i < n; i++) {
    if (sendto(from, msg, sizeof msg, 0, (struct sockaddr *)&dst, sizeof dst) != (ssize_t)sizeof msg) return 1;
    if (recv(to, got, sizeof got, 0) != (ssize_t)sizeof msg) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "read") == 0) {
    int fd = open("/dev/zero", O_RDONLY);
    static char buf[1 << 16];
    size_t size = strtoul(argv[3], NULL, 0);
    if (fd < 0 || size > sizeof buf) return 1;
    for (int i = 0; i < atoi(argv[2]); i++)
      if (read(fd, buf, size) != (ssize_t)size) return 1;
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "open") == 0) {
    int fd = open(argv[2], O_RDONLY);
    return fd < 0;
  }
  if (argc == 3 && strcmp(argv[1], "watch") == 0) {
    for (long i = 1; i <= atol(argv[2]); i++) watched = i;
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "watchslow") == 0) {
    for (long i = 1; i <= atol(argv[2]); i++) {
      watched = i;
      usleep(300000);
    }
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "udp") == 0) return udp(atol(argv[2]));
  if (argc == 2 && strcmp(argv[1], "getpgid") == 0) {
    printf("pgid %d\n", (int)getpgid(0));
    return 0;
  }
  return 2;
}
