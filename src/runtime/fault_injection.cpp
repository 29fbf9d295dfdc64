#include "runtime/fault_injection.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>

namespace bpfsh::runtime::fault {

namespace {

constexpr const char *kKindNames[] = {"map", "prog", "perf_event", "attach", "ring_buffer", "run", "iter"};

struct Plan {
  bool list = false;
  std::optional<Kind> kind;  // count only fault points of this kind
  long target = 0;           // 0: nothing fails
};

// BPFSH_FAULT = "list" | N | KIND ":" N
Plan parse(const char *spec) {
  Plan p;
  if (!spec || !*spec) return p;
  if (!std::strcmp(spec, "list")) {
    p.list = true;
    return p;
  }
  const char *number = spec;
  if (const char *colon = std::strchr(spec, ':')) {
    std::string name(spec, colon);
    for (size_t i = 0; i < std::size(kKindNames); i++)
      if (name == kKindNames[i]) p.kind = Kind(i);
    if (!p.kind) return p;
    number = colon + 1;
  }
  char *end = nullptr;
  long n = std::strtol(number, &end, 10);
  if (end && !*end && n > 0) p.target = n;
  return p;
}

struct State {
  Plan plan = parse(std::getenv("BPFSH_FAULT"));
  long seen = 0;  // fault points counted so far
  bool failed = false;
  Kind failed_kind = Kind::Map;
  std::string failed_subject;
};

std::mutex g_mu;

State &state() {
  static State s;
  return s;
}

}  // namespace

bool inject(Kind kind, const std::string &subject) {
  std::lock_guard lock(g_mu);
  State &s = state();
  if (!s.plan.list && !s.plan.target) return false;
  bool again = s.failed && s.failed_kind == kind && s.failed_subject == subject;
  if (!again && (!s.plan.kind || *s.plan.kind == kind)) {
    s.seen++;
    if (s.plan.list)
      std::fprintf(stderr, "bpfsh: fault point %ld (%s): %s\n", s.seen, kKindNames[int(kind)], subject.c_str());
    if (s.seen == s.plan.target) {
      s.failed = again = true;
      s.failed_kind = kind;
      s.failed_subject = subject;
    }
  }
  if (again) errno = ENOMEM;
  return again;
}

}  // namespace bpfsh::runtime::fault
