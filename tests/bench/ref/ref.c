// Loader for the hand-written reference (ref.bpf.c): one mode per benchmarked
// script, doing what the script does and nothing more.
//
//   ref OBJ begin                 BEGIN { exit(); }
//   ref BTF_OBJ btf               BEGIN { printf("%d\n", curtask->pid); exit(); }
//                                 (BTF_OBJ is ref_btf.bpf.o)
//   ref OBJ tp                    one tracepoint counting by comm; exits once attached
//   ref OBJ tp10                  ten such tracepoints; exits once attached
//   ref OBJ count_tid|hist|comm_tid|keys
//   ref OBJ uprobe BINARY         attach, print "ready", run until SIGINT/SIGTERM,
//                                 detach, print "bench-end", then the map
//
// Links are destroyed in parallel, as a careful tool would: on this kernel
// each one blocks for a grace period in close().
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINKS 16

static struct bpf_link *links[MAX_LINKS];
static int nlinks;
static int exit_seen;

static void die(const char *what) {
  fprintf(stderr, "ref: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void *destroy_one(void *l) {
  bpf_link__destroy(l);
  return NULL;
}

static void detach_all(void) {
  pthread_t th[MAX_LINKS];
  for (int i = 0; i < nlinks; i++) pthread_create(&th[i], NULL, destroy_one, links[i]);
  for (int i = 0; i < nlinks; i++) pthread_join(th[i], NULL);
  nlinks = 0;
}

static int on_event(void *ctx, void *data, size_t size) {
  uint32_t *ev = data;
  if (size < 8) return 0;
  if (ev[0] == 1) exit_seen = 1;
  if (ev[0] == 2) printf("%u\n", ev[1]);
  return 0;
}

static void run_begin(struct bpf_object *obj, const char *prog) {
  struct ring_buffer *rb =
      ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "events")), on_event, NULL, NULL);
  if (!rb) die("ring buffer");
  uint64_t ctx[12] = {0};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = sizeof ctx);
  if (bpf_prog_test_run_opts(bpf_program__fd(bpf_object__find_program_by_name(obj, prog)), &opts)) die("test run");
  while (!exit_seen) ring_buffer__poll(rb, 100);
  ring_buffer__free(rb);
}

struct entry {
  uint64_t key, value;
  char comm[16];
};

static int by_value_then_key(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  if (x->value != y->value) return x->value < y->value ? -1 : 1;
  int c = memcmp(x->comm, y->comm, sizeof x->comm);
  if (c) return c;
  return x->key < y->key ? -1 : (x->key > y->key);
}

// Reads a per-CPU hash in batches, adds the CPUs up, sorts like bpftrace
// (by value, then key) and prints "@[key]: value" lines.
static void print_percpu_hash(struct bpf_map *map, int comm_key) {
  int fd = bpf_map__fd(map), ncpu = libbpf_num_possible_cpus();
  uint32_t ksize = bpf_map__key_size(map), max = bpf_map__max_entries(map), chunk = 4096;
  char *keys = malloc((size_t)ksize * chunk);
  uint64_t *vals = malloc(sizeof(uint64_t) * ncpu * chunk);
  struct entry *out = calloc(max, sizeof *out);
  size_t n = 0;
  uint64_t in = 0, next = 0;
  void *in_p = NULL;
  for (;;) {
    uint32_t count = chunk;
    int rc = bpf_map_lookup_batch(fd, in_p, &next, keys, vals, &count, NULL);
    if (rc && errno != ENOENT) die("lookup batch");
    for (uint32_t i = 0; i < count && n < max; i++, n++) {
      uint64_t sum = 0;
      for (int c = 0; c < ncpu; c++) sum += vals[(size_t)i * ncpu + c];
      out[n].value = sum;
      const char *k = keys + (size_t)i * ksize;
      if (comm_key) memcpy(out[n].comm, k, 16);
      if (ksize >= 8) memcpy(&out[n].key, k + (comm_key ? 16 : 0), 8);
    }
    if (rc) break;
    in = next;
    in_p = &in;
  }
  qsort(out, n, sizeof *out, by_value_then_key);
  for (size_t i = 0; i < n; i++) {
    if (comm_key && ksize > 16)
      printf("@[%s, %llu]: %llu\n", out[i].comm, (unsigned long long)out[i].key, (unsigned long long)out[i].value);
    else if (comm_key)
      printf("@[%s]: %llu\n", out[i].comm, (unsigned long long)out[i].value);
    else
      printf("@[%llu]: %llu\n", (unsigned long long)out[i].key, (unsigned long long)out[i].value);
  }
  printf("\n");
  free(keys);
  free(vals);
  free(out);
}

static void print_array_total(struct bpf_map *map, const char *name) {
  int fd = bpf_map__fd(map), ncpu = libbpf_num_possible_cpus();
  uint64_t vals[256];
  for (uint32_t k = 0; k < bpf_map__max_entries(map); k++) {
    if (bpf_map_lookup_elem(fd, &k, vals)) die("lookup");
    uint64_t sum = 0;
    for (int c = 0; c < ncpu && c < 256; c++) sum += vals[c];
    if (sum) printf("%s[%u]: %llu\n", name, k, (unsigned long long)sum);
  }
}

static void attach(struct bpf_object *obj, const char *prog, const char *binary) {
  struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
  struct bpf_link *l;
  if (binary) {
    LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = "bench_target");
    l = bpf_program__attach_uprobe_opts(p, -1, binary, 0, &uo);
  } else {
    l = bpf_program__attach(p);
  }
  if (!l) die(prog);
  links[nlinks++] = l;
}

static const char *const tp10[] = {"tp10_read", "tp10_write", "tp10_openat", "tp10_close", "tp10_mmap",
                                   "tp10_munmap", "tp10_brk", "tp10_ioctl", "tp10_lseek", "tp10_getpid"};

static int wanted(const char *mode, const char *prog) {
  if (!strcmp(mode, "begin")) return !strcmp(prog, "begin_exit");
  if (!strcmp(mode, "btf")) return !strcmp(prog, "begin_btf");
  if (!strcmp(mode, "tp")) return !strcmp(prog, "tp_openat");
  if (!strcmp(mode, "tp10")) return !strncmp(prog, "tp10_", 5);
  char name[64];
  snprintf(name, sizeof name, "ev_%s", mode);
  return !strcmp(prog, name);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: ref OBJ MODE [BINARY]\n");
    return 2;
  }
  const char *mode = argv[2];
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, NULL);

  struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
  if (!obj) die("open");
  struct bpf_program *p;
  bpf_object__for_each_program(p, obj) bpf_program__set_autoload(p, wanted(mode, bpf_program__name(p)));
  if (!strcmp(mode, "keys")) bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "by_u64"), 131072);
  if (bpf_object__load(obj)) die("load");

  if (!strcmp(mode, "begin")) {
    run_begin(obj, "begin_exit");
  } else if (!strcmp(mode, "btf")) {
    run_begin(obj, "begin_btf");
  } else if (!strcmp(mode, "tp") || !strcmp(mode, "tp10")) {
    if (!strcmp(mode, "tp"))
      attach(obj, "tp_openat", NULL);
    else
      for (size_t i = 0; i < sizeof tp10 / sizeof *tp10; i++) attach(obj, tp10[i], NULL);
    detach_all();
    print_percpu_hash(bpf_object__find_map_by_name(obj, "by_comm"), 1);
  } else {
    char prog[64];
    snprintf(prog, sizeof prog, "ev_%s", mode);
    attach(obj, prog, !strcmp(mode, "uprobe") ? argv[3] : NULL);
    printf("ready\n");
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    detach_all();
    printf("bench-end\n");
    fflush(stdout);
    if (!strcmp(mode, "hist")) print_array_total(bpf_object__find_map_by_name(obj, "hist"), "@h");
    else if (!strcmp(mode, "uprobe")) print_array_total(bpf_object__find_map_by_name(obj, "counter"), "@");
    else if (!strcmp(mode, "comm_tid")) print_percpu_hash(bpf_object__find_map_by_name(obj, "by_comm_tid"), 1);
    else print_percpu_hash(bpf_object__find_map_by_name(obj, "by_u64"), 0);
  }
  bpf_object__close(obj);
  return 0;
}
