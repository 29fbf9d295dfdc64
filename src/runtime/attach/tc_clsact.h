#pragma once
// tc probes through a clsact qdisc and a netlink filter, for kernels
// without tcx links (tc_clsact.cpp says how nothing is left behind).
#include <string>

#include "runtime/link.h"
#include "runtime/result.h"

struct bpf_program;

namespace bpfsh::runtime {

// Removes the filters and qdiscs that bpfsh runs which no longer live left
// in this network namespace, saying so on stderr; once per process.
void remove_tc_leftovers();

// The program as a direct-action filter on the interface's clsact qdisc;
// the link removes it (and the qdisc, when it is bpfsh's and unused).
Result<Link> attach_tc_clsact(const std::string &subject, bpf_program *prog, int ifindex, const std::string &ifname,
                              const std::string &direction);

}  // namespace bpfsh::runtime
