#pragma once
// A test hook: BPFSH_FAULT makes one of the runtime's kernel calls fail, so a
// test can walk every failure path of a run and check each one's message and
// clean-up (tests/e2e/fault_injection.py).
//
//   BPFSH_FAULT=N        the N-th fault point of the run fails (counting from 1)
//   BPFSH_FAULT=KIND:N   the N-th fault point of that kind fails: map, prog,
//                        perf_event, attach, ring_buffer, run or iter
//   BPFSH_FAULT=list     nothing fails; each fault point is named on stderr as
//                        "bpfsh: fault point N (KIND): SUBJECT"
//
// The chosen call fails with ENOMEM, which every one of them can really
// return, before it reaches the kernel. A retry of the same step fails too:
// libbpf loads a program a second time to fetch the verifier log.
//
// It is in every build, not only debug ones: the end-to-end tests run the
// binary that ships, and without the variable the hook costs one getenv().
// It can only make bpfsh fail.
#include <string>

namespace bpfsh::runtime::fault {

enum class Kind { Map, Prog, PerfEvent, Attach, RingBuffer, Run, Iter };

// Called by each fault point (kernel_calls.h) before its call: true, with
// errno set, when this call is to fail.
bool inject(Kind kind, const std::string &subject);

}  // namespace bpfsh::runtime::fault
