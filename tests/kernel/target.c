/* target: deterministic kernel work for the kernel-function probe tests.
 *   target read N SIZE   N read()s of SIZE bytes from /dev/zero
 *   target open PATH     one open() of PATH
 *   target watch N       N stores to `watched` (the watchpoint case)
 *   target watchslow N   the same, 300 ms apart (time for unwatch() to act)
 *   target getpgid       prints what getpgid(0) returns (the override() case)
 * Built static, so no dynamic loader opens or reads anything before main:
 * every open and read of the process is one of these. Static also means not
 * position independent: `watched` has the address its symbol says, which
 * run.py reads with nm. Silent but for getpgid.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Initialised, so in .data: a .bss variable can share the data segment's
 * last file page, whose tail exec clears byte by byte (padzero), and those
 * kernel stores hit a write watchpoint too, 8 of them before main. */
volatile long watched = -1;

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
  if (argc == 2 && strcmp(argv[1], "getpgid") == 0) {
    printf("pgid %d\n", (int)getpgid(0));
    return 0;
  }
  return 2;
}
