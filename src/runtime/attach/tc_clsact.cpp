// tc probes on kernels without tcx links (before Linux 6.6): a cls_bpf
// filter in direct-action mode on the interface's clsact qdisc, added over
// netlink (libbpf's bpf_tc_*). The qdisc is created only when missing.
//
// Unlike a link, a filter and a qdisc outlive the process that added them,
// so bpfsh keeps a record of each filter while it is on, in
// /run/bpfsh/tc/PID.IFINDEX.DIRECTION (the network namespace, the
// interface's name, whether bpfsh made the qdisc, and bpfsh's start time,
// so a reused pid is not taken for it), and one of the qdisc if it made
// it. The filter's handle is bpfsh's pid and its priority kPriority. A run
// that ends removes its filter and its record, and the qdisc bpfsh made
// once no living bpfsh has a filter on it. One
// that was killed leaves them, and the next bpfsh that attaches a tc probe
// in the same network namespace removes what the record names, saying
// "removing what an earlier bpfsh (pid N) left on IFACE".
#include <bpf/libbpf.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "runtime/attach/tc_clsact.h"

namespace bpfsh::runtime {

namespace {

constexpr uint32_t kPriority = 0xb9f5;  // recognizable in `tc filter show`: 47605
constexpr char kRecords[] = "/run/bpfsh/tc";

struct Record {
  std::string file;
  long pid = 0;
  unsigned long long started = 0;  // /proc/PID/stat's starttime
  unsigned long long netns = 0;
  int ifindex = 0;
  std::string ifname;
  std::string direction;  // ingress or egress: a filter; qdisc: the clsact bpfsh made
};

unsigned long long own_netns() {
  struct stat st {};
  return stat("/proc/self/ns/net", &st) == 0 ? st.st_ino : 0;
}

unsigned long long start_time(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string f;
  for (int i = 3; i < 22 && fields >> f; i++) {}  // field 22 is starttime
  unsigned long long t = 0;
  fields >> t;
  return t;
}

bool alive(const Record &r) { return r.started && start_time(r.pid) == r.started; }

std::vector<Record> records() {
  std::vector<Record> out;
  DIR *d = opendir(kRecords);
  if (!d) return out;
  while (dirent *e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    Record r;
    r.file = std::string(kRecords) + "/" + e->d_name;
    std::ifstream in(r.file);
    if (in >> r.pid >> r.started >> r.netns >> r.ifindex >> r.ifname >> r.direction) out.push_back(std::move(r));
  }
  closedir(d);
  return out;
}

bpf_tc_hook hook_of(int ifindex, const std::string &direction) {
  bpf_tc_hook h{};
  h.sz = sizeof h;
  h.ifindex = ifindex;
  h.attach_point = direction == "egress" ? BPF_TC_EGRESS : BPF_TC_INGRESS;
  return h;
}

bool same_interface(const Record &a, const Record &b) { return a.netns == b.netns && a.ifindex == b.ifindex; }

// The clsact qdisc bpfsh made goes when no living bpfsh has a filter on it
// any more; with it go the filters of dead ones on it.
void remove_qdisc_if_unused(const Record &on) {
  std::vector<Record> all = records();
  for (const Record &r : all)
    if (same_interface(r, on) && r.direction != "qdisc" && alive(r)) return;
  bool made = false;
  for (const Record &r : all)
    if (same_interface(r, on) && r.direction == "qdisc") made = true, unlink(r.file.c_str());
  if (!made) return;
  bpf_tc_hook h = hook_of(on.ifindex, "ingress");
  h.attach_point = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);
  bpf_tc_hook_destroy(&h);
}

// Takes the record's filter off (a qdisc record has none), then the qdisc
// if it is unused.
void undo(const Record &r) {
  if (r.direction != "qdisc") {
    bpf_tc_hook h = hook_of(r.ifindex, r.direction);
    bpf_tc_opts o{};
    o.sz = sizeof o;
    o.handle = static_cast<uint32_t>(r.pid);
    o.priority = kPriority;
    bpf_tc_detach(&h, &o);
    unlink(r.file.c_str());
  }
  // A qdisc record stays until the qdisc goes.
  remove_qdisc_if_unused(r);
}

Result<void> write_record(Record &r, const std::string &subject) {
  r.file = std::string(kRecords) + "/" + std::to_string(r.pid) + "." + std::to_string(r.ifindex) + "." + r.direction;
  mkdir("/run/bpfsh", 0755);
  mkdir(kRecords, 0755);
  std::ofstream out(r.file);
  out << r.pid << ' ' << r.started << ' ' << r.netns << ' ' << r.ifindex << ' ' << r.ifname << ' ' << r.direction
      << '\n';
  if (!out.flush()) return fail(errno_message(subject, "failed to write " + r.file, errno));
  return {};
}

}  // namespace

void remove_tc_leftovers() {
  static bool done = false;
  if (done) return;
  done = true;
  unsigned long long netns = own_netns();
  for (const Record &r : records()) {
    if (r.netns != netns || alive(r)) continue;
    std::string what = r.direction == "qdisc" ? "the clsact qdisc it made" : "its tc " + r.direction + " filter";
    std::fprintf(stderr, "bpfsh: removing what an earlier bpfsh (pid %ld) left on %s: %s\n", r.pid, r.ifname.c_str(),
                 what.c_str());
    undo(r);
  }
}

Result<Link> attach_tc_clsact(const std::string &subject, bpf_program *prog, int ifindex, const std::string &ifname,
                              const std::string &direction) {
  Record r;
  r.pid = getpid();
  r.started = start_time(r.pid);
  r.netns = own_netns();
  r.ifindex = ifindex;
  r.ifname = ifname;
  // Each record is written before what it names is made: a crash between
  // the two leaves a record of nothing, which the next run's undo passes over.
  bpf_tc_hook h = hook_of(ifindex, direction);
  Record qdisc = r;
  qdisc.direction = "qdisc";
  if (auto w = write_record(qdisc, subject); !w) return fail(w.error());
  int rc = bpf_tc_hook_create(&h);
  if (rc == -EEXIST) unlink(qdisc.file.c_str());  // not ours
  else if (rc != 0) return unlink(qdisc.file.c_str()), fail(errno_message(subject, "failed to create the clsact qdisc", -rc));
  r.direction = direction;
  if (auto w = write_record(r, subject); !w) return undo(qdisc), fail(w.error());
  bpf_tc_opts o{};
  o.sz = sizeof o;
  o.prog_fd = bpf_program__fd(prog);
  o.handle = static_cast<uint32_t>(r.pid);
  o.priority = kPriority;
  rc = bpf_tc_attach(&h, &o);
  if (rc != 0) {
    undo(r);
    return fail(errno_message(subject, "failed to attach a tc filter", -rc));
  }
  return Link::on_reset([r] { undo(r); });
}

}  // namespace bpfsh::runtime
