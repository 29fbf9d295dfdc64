/* dwarf_target: a traced program for bpfsh's DWARF tests (uprobe args by
 * name, typed retval, casts to its structs), built (tests/CMakeLists.txt)
 * -O0 with frame pointers, -O2 without them, -O2 stripped with its DWARF
 * in a separate file (by .gnu_debuglink, beside it or in tools/debuginfo,
 * or by build id under tools/debug), and -O2 -gsplit-dwarf (its DWARF in
 * a .dwo file, a .dwp package, or gone).
 *   dwarf_target N    makes N calls of each function below, i = 1..N
 * Silent, so its output never mixes with bpfsh's. */
#include <stdlib.h>
#include <string.h>

enum color { RED = 1, GREEN = 5, BLUE = 9 };

struct point {
  int x, y;
};

struct shape {
  char name[16];
  struct point corners[4];
  int ncorners;
  enum color color;
  struct shape *next;
};

/* Larger than two registers: passed on the stack, by value. */
struct big {
  long a, b, c;
};

volatile long sink;

/* noipa: gcc -O2 would otherwise clone a function for its constant
 * arguments (eight.constprop.0) and call the clone, never the symbol. */
#ifdef __clang__
#define TRACED __attribute__((noinline))
#else
#define TRACED __attribute__((noipa))
#endif

TRACED long scalars(int a, unsigned char b, long c, enum color col) {
  sink += a + b + c + col;
  return sink;
}

TRACED int pointers(const char *label, struct shape *s, int *values) {
  sink += label[0] + s->ncorners + values[1];
  return s->ncorners;
}

/* The seventh and eighth are passed on the stack. */
TRACED long eight(long a, long b, long c, long d, long e, long f, long g, long h) {
  sink += a + b + c + d + e + f + g + h;
  return sink;
}

TRACED long by_value(struct big v) {
  sink += v.a + v.b + v.c;
  return sink;
}

TRACED double floating(double d) {
  sink += (long)d;
  return d * 2;
}

TRACED struct shape *make_shape(const char *name, int corners) {
  static struct shape s;
  memset(&s, 0, sizeof s);
  strncpy(s.name, name, sizeof s.name - 1);
  s.ncorners = corners;
  s.color = GREEN;
  for (int i = 0; i < corners && i < 4; i++) {
    s.corners[i].x = i * 10;
    s.corners[i].y = i * 10 + 1;
  }
  sink++;
  return &s;
}

TRACED short narrow(short v) {
  sink += v;
  return (short)(v - 1000);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1;
  int values[3] = {7, 8, 9};
  for (long i = 1; i <= n; i++) {
    struct shape *s = make_shape("square", 4);
    scalars((int)-i, (unsigned char)(200 + i), i * 1000000007L, BLUE);
    pointers("corners", s, values);
    eight(i, 2, 3, 4, 5, 6, 70 + i, 80 + i);
    struct big v = {i, 20, 30};
    by_value(v);
    floating(1.5 * (double)i);
    narrow((short)-i);
  }
  return 0;
}
