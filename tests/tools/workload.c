/* workload: deterministic activity for bpfsh's end-to-end tests.
 *   workload getppid N      N getppid() system calls
 *   workload dup N          N dup(0)+close() pairs
 *   workload square N [MS]  calls square(i) for i in 0..N-1 (returns i*i), then
 *                           lives MS milliseconds more (while its symbols are read)
 *   workload label WORD...  calls label(WORD) once per word
 *   workload digits N...    calls label() once per N with a string of N bytes,
 *                           "0123456789" over and over (big strings)
 *   workload spin MS        burns CPU for MS milliseconds
 *   workload connect PORT   one TCP connect to 127.0.0.1:PORT (refusal is fine)
 *   workload busy MS        burns CPU for MS milliseconds in busy_leaf(), called
 *                           through busy_outer() and busy_middle(): a known stack
 *   workload opens A B      open(A) then openat(AT_FDCWD, B), as raw system calls
 *                           (libc's open() is an openat); missing files are fine
 *   workload signals        kill(self, SIGURG) then tgkill(self, self, SIGWINCH):
 *                           both ignored by default, so nothing happens
 *   workload items          calls walk_items(items, 4) on an array of 4 struct
 *                           item {int id; long value;} (ids 1..4, values 100..400)
 *   workload versioned      one call each of pthread_create, realpath and
 *                           posix_spawn (of /bin/true), which glibc exports in
 *                           several versions: the calls go to the default ones
 * Silent, so its output never mixes with bpfsh's.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) long square(long x) {
  __asm__ volatile("" ::: "memory");
  return x * x;
}

__attribute__((noinline)) size_t label(const char *word) {
  __asm__ volatile("" ::: "memory");
  return strlen(word);
}

/* 16 bytes: the long is aligned after 4 bytes of padding, so a pointer
 * that steps by the struct's size is seen to. */
struct item {
  int id;
  long value;
};

__attribute__((noinline)) long walk_items(struct item *items, long n) {
  __asm__ volatile("" ::"r"(items) : "memory");
  return n;
}

static long now_ms(void);

static void *idle(void *arg) { return arg; }

extern char **environ;

static void versioned_calls(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, idle, NULL) == 0) pthread_join(t, NULL);
  char buf[PATH_MAX];
  realpath("/", buf);
  pid_t child;
  char *args[] = {"true", NULL};
  if (posix_spawn(&child, "/bin/true", NULL, NULL, args, environ) == 0) waitpid(child, NULL, 0);
}

/* Frame pointers (the e2e runner builds with -fno-omit-frame-pointer) let
 * the kernel walk main -> busy_outer -> busy_middle -> busy_leaf. GCC leaves
 * a leaf function without a frame, and its caller would then be missing:
 * asking for the frame's address makes it build one. */
__attribute__((noinline)) long busy_leaf(long n) {
  __asm__ volatile("" ::"r"(__builtin_frame_address(0)) : "memory");
  long s = 0;
  for (long i = 0; i < n; i++) {
    s += i;
    __asm__ volatile("" ::: "memory");
  }
  return s;
}

__attribute__((noinline)) long busy_middle(long n) { return busy_leaf(n) + 1; }

__attribute__((noinline)) long busy_outer(long ms) {
  long end = now_ms() + ms, s = 0;
  while (now_ms() < end) s += busy_middle(1000000);
  return s;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  long n = argc > 2 ? atol(argv[2]) : 0;
  volatile long sink = 0;
  if (!strcmp(argv[1], "getppid")) {
    for (long i = 0; i < n; i++) sink += syscall(SYS_getppid);
  } else if (!strcmp(argv[1], "dup")) {
    for (long i = 0; i < n; i++) close(dup(0));
  } else if (!strcmp(argv[1], "square")) {
    for (long i = 0; i < n; i++) sink += square(i);
    if (argc > 3) {
      long ms = atol(argv[3]);
      struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
      nanosleep(&ts, NULL);
    }
  } else if (!strcmp(argv[1], "label")) {
    for (int i = 2; i < argc; i++) sink += label(argv[i]);
  } else if (!strcmp(argv[1], "digits")) {
    for (int i = 2; i < argc; i++) {
      long len = atol(argv[i]);
      char *s = malloc(len + 1);
      for (long k = 0; k < len; k++) s[k] = (char)('0' + k % 10);
      s[len] = 0;
      sink += label(s);
      free(s);
    }
  } else if (!strcmp(argv[1], "busy")) {
    sink += busy_outer(n);
  } else if (!strcmp(argv[1], "spin")) {
    long end = now_ms() + n;
    while (now_ms() < end) sink++;
  } else if (!strcmp(argv[1], "connect")) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)n)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    connect(fd, (struct sockaddr *)&a, sizeof a);
    close(fd);
  } else if (!strcmp(argv[1], "opens") && argc > 3) {
    syscall(SYS_open, argv[2], O_RDONLY);
    syscall(SYS_openat, AT_FDCWD, argv[3], O_RDONLY);
  } else if (!strcmp(argv[1], "items")) {
    struct item items[4];
    for (int i = 0; i < 4; i++) {
      items[i].id = i + 1;
      items[i].value = (i + 1) * 100L;
    }
    sink += walk_items(items, 4);
  } else if (!strcmp(argv[1], "versioned")) {
    versioned_calls();
  } else if (!strcmp(argv[1], "signals")) {
    syscall(SYS_kill, getpid(), SIGURG);
    syscall(SYS_tgkill, getpid(), getpid(), SIGWINCH);
  } else {
    return 2;
  }
  return 0;
}
