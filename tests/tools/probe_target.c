/* probe_target: a traced program for bpfsh's usdt and watchpoint tests.
 * Built by CMake without PIE, so `watched` has one address, read from the
 * symbol table by the e2e runner.
 *   probe_target usdt N    fires demo:args N times (i = 1..N), with arguments
 *                          of several kinds (register, constant, %rip-relative
 *                          and register-relative memory, a string), and demo:guarded each time its
 *                          semaphore says a tracer is attached, and demo:twice,
 *                          a probe written at two places (two sites, one probe)
 *   probe_target watch N   writes 1..N to `watched`, one store each
 *   probe_target stepped N calls stepped(1..N), whose instructions are fixed:
 *                          a 10-byte movabs, a 3-byte add, ret (uprobe
 *                          offsets: +10 and +13 start one, +1..+9 do not)
 *   probe_target usdt-when PATH N
 *                          waits until PATH exists, then does what usdt N
 *                          does: a process already running when a tracer
 *                          looks for it, whose probes fire once it attached
 * Silent, so its output never mixes with bpfsh's.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <unistd.h>

/* With semaphores on, sys/sdt.h records the address of
 * PROVIDER_NAME_semaphore in each probe's note; the kernel counts attached
 * uprobes in it. Only demo:guarded looks at its own. */
unsigned short demo_args_semaphore __attribute__((section(".probes"))) __attribute__((used));
unsigned short demo_guarded_semaphore __attribute__((section(".probes"))) __attribute__((used));
unsigned short demo_twice_semaphore __attribute__((section(".probes"))) __attribute__((used));

volatile long watched;
volatile long counter = 40;

__attribute__((noinline)) void fire(long i, short small, const char *word, volatile long *slots) {
  long big = i * 1000000007L;
  counter++;
  slots[1] = i * 10;
  /* At -O2: a register, a constant, counter(%rip), registers, then 8(%reg). */
  STAP_PROBE7(demo, args, i, -5, counter, big, small, word, slots[1]);
  if (demo_guarded_semaphore) STAP_PROBE1(demo, guarded, i);
  /* Two sites of one probe: the compiler keeps both stores' probes apart. */
  if (i % 2)
    STAP_PROBE1(demo, twice, i);
  else
    STAP_PROBE1(demo, twice, -i);
}

/* Written in assembly, symbol and size too, so its bytes do not depend on
 * the compiler (gcc puts a ud2 after a naked function, clang does not). */
long stepped(long x);
__asm__(".text\n"
        ".globl stepped\n"
        ".type stepped, @function\n"
        "stepped:\n\t"
        "movabs $0x1122334455667788, %rax\n\t"
        "add %rdi, %rax\n\t"
        "ret\n"
        ".size stepped, .-stepped\n");

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *mode = argv[1];
  long n = atol(argv[2]);
  if (argc == 4 && !strcmp(mode, "usdt-when")) {
    while (access(argv[2], F_OK) != 0) usleep(20000);
    mode = "usdt";
    n = atol(argv[3]);
  }
  if (!strcmp(mode, "usdt")) {
    static const char *words[] = {"zero", "one", "two", "three"};
    volatile long slots[2] = {0, 0};
    for (long i = 1; i <= n; i++) fire(i, (short)-i, words[i % 4], slots);
  } else if (!strcmp(mode, "watch")) {
    for (long i = 1; i <= n; i++) watched = i;
  } else if (!strcmp(mode, "stepped")) {
    for (long i = 1; i <= n; i++) counter += stepped(i);
  } else {
    return 2;
  }
  return 0;
}
