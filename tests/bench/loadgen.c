// Load generator for scripts/bench: a tight loop of one cheap event, timed.
//
//   loadgen syscall N   N x getpgid(v): one syscalls:sys_enter_getpgid event
//                       each; v walks 0..65535 so a hist of it spreads out
//   loadgen uprobe N    N x bench_target(i), a function a uprobe can attach to
//   loadgen keys N      getpgid(BASE + i) for i in 0..N-1: N distinct values
//                       (all above pid_max, so every call fails fast with ESRCH)
//
// Prints nanoseconds per call on stdout: the lower quartile over 40 equal
// chunks of the loop. Other work on the machine only ever adds time to a
// chunk, so the quieter chunks estimate the cost itself; scripts/bench then
// takes medians over runs.
// getpgid is rarely called by anything else on the machine, so the traced
// events are almost all ours.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KEYS_BASE 10000000L

// noinline and used: the call must stay a real call with a symbol to probe.
__attribute__((noinline, used)) long bench_target(long x) {
  __asm__ volatile("" : "+r"(x));
  return x + 1;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#define CHUNKS 40

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s syscall|uprobe|keys N\n", argv[0]);
    return 2;
  }
  const char *mode = argv[1];
  long n = atol(argv[2]);
  int m = strcmp(mode, "syscall") == 0 ? 0 : strcmp(mode, "uprobe") == 0 ? 1 : strcmp(mode, "keys") == 0 ? 2 : -1;
  if (m < 0 || n < CHUNKS) {
    fprintf(stderr, "bad mode '%s' or N < %d\n", mode, CHUNKS);
    return 2;
  }
  volatile long sink = 0;
  double per_call[CHUNKS];
  long chunk = n / CHUNKS;
  for (int c = 0; c < CHUNKS; c++) {
    long lo = c * chunk, hi = lo + chunk;
    double t0 = now_ns();
    if (m == 0)
      for (long i = lo; i < hi; i++) sink += syscall(SYS_getpgid, (long)(i & 0xffff));
    else if (m == 1)
      for (long i = lo; i < hi; i++) sink += bench_target(i);
    else
      for (long i = lo; i < hi; i++) sink += syscall(SYS_getpgid, KEYS_BASE + i);
    per_call[c] = (now_ns() - t0) / (double)chunk;
  }
  qsort(per_call, CHUNKS, sizeof *per_call, cmp_double);
  printf("%.2f\n", per_call[CHUNKS / 4]);
  return 0;
}
