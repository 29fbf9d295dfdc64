/* stack_target: a traced program for dw_ustack's tests. Built -O2 without
 * frame pointers (as Debian's libc is), it calls into libc three frames
 * below main:
 *   stack_target N [MS]  main -> outer -> middle -> inner -> malloc/free, N
 *                        times, MS milliseconds apart (none without MS)
 * Each frame keeps something on the stack and works after its call, so none
 * is inlined or left by a tail call. It lives 200 ms past its last call:
 * user space reads a process's mappings when it first sees it, and a
 * process gone by then has no names for its frames (docs/language.md).
 * Silent: its output never mixes with bpfsh's. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile long sink;

#ifdef __clang__
#define TRACED __attribute__((noinline))
#else
#define TRACED __attribute__((noipa))
#endif

TRACED void inner(int i) {
  volatile char pad[40];
  pad[i % 40] = (char)i;
  char *p = malloc(32 + (size_t)i % 8);
  memset(p, i, 8);
  sink += p[1] + pad[i % 40];
  free(p);
}

TRACED void middle(int i) {
  volatile long pad[12];
  pad[i % 12] = i;
  inner(i);
  sink += pad[i % 12];
}

TRACED void outer(int i) {
  volatile int pad[20];
  pad[i % 20] = i;
  middle(i);
  sink += pad[i % 20];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  long pause_ms = argc > 2 ? atol(argv[2]) : 0;
  for (int i = 0; i < n; i++) {
    outer(i);
    if (pause_ms) nanosleep(&(struct timespec){.tv_nsec = pause_ms * 1000 * 1000}, NULL);
  }
  nanosleep(&(struct timespec){.tv_nsec = 200 * 1000 * 1000}, NULL);
  return 0;
}
