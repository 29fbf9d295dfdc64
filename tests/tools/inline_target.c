/* inline_target: a traced program for show_debug_info's tests. Built -O2 -g
 * with frame pointers:
 *   inline_target N    main -> outer -> middle (always inlined) -> leaf, N times
 * leaf is never inlined; middle's code lies inside outer, so a stack through
 * it has one machine frame for both. The lines tagged "line:NAME" are the
 * ones each frame names: the tests find them here by their tag. leaf is one
 * line, so its first instruction has no other line to be given. Each
 * caller works after its call, so no call is a tail call and the call's
 * return address still lies in the caller's (and middle's) code. It lives
 * 200 ms past its last call: user space reads a process's mappings when it
 * first sees it. Silent: its output never mixes with bpfsh's. */
#include <stdlib.h>
#include <time.h>

volatile int sink;

#ifdef __clang__
#define TRACED __attribute__((noinline))
#else
#define TRACED __attribute__((noipa))
#endif

TRACED int leaf(int i) { sink += i; return sink * 2; }  // line:leaf

static inline __attribute__((always_inline)) int middle(int i) {
  int r = leaf(i);  // line:middle
  sink += r;
  return r + 1;
}

TRACED int outer(int i) {
  int r = middle(i + 1);  // line:outer
  sink += r;
  return r;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 0; i < n; i++) sink += outer(i);  // line:main
  nanosleep(&(struct timespec){.tv_nsec = 200 * 1000 * 1000}, NULL);
  return 0;
}
