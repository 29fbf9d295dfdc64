#pragma once
// Reads what libbpf reported about a failed bpf_object__load:
//   libbpf: prog 'NAME': BPF program load failed: Permission denied
//   libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --
//   ...verifier lines...
//   -- END PROG LOAD LOG --
// or, when a map could not be created:
//   libbpf: map 'NAME': failed to create: Cannot allocate memory(-12)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bpfsh::runtime {

struct LoadFailure {
  std::string prog;     // the failing program's name; empty if libbpf named none
  std::string reason;   // strerror text libbpf gave, e.g. "Permission denied"
  std::string log;      // the verifier log; empty when the verifier did not run
  std::string map;      // the map libbpf could not create, if that was the failure
  std::string map_reason;  // and why: "Cannot allocate memory"
};

LoadFailure parse_load_failure(std::string_view libbpf_messages);

// The line of a verifier log that says what is wrong: the last line that is
// not bookkeeping ("processed N insns", "verification time", ...).
std::string verifier_summary(std::string_view log);

// Why the verifier refused a program, as far as bpfsh can say so in the
// user's terms; Other for everything else.
enum class Rejection {
  Other,
  TooLarge,       // "BPF program is too large" (E2BIG): it gave up after 1M instructions
  TooComplex,     // "The sequence of 8193 jumps is too complex.": too many branches pending
  InfiniteLoop,   // "infinite loop detected at insn N"
  BackEdge,       // "back-edge from insn X to Y": loops are not allowed here at all
  InvalidMemory,  // "R1 invalid mem access 'scalar'", "invalid read from stack ..."
  StackLimit,     // "combined stack size of 2 calls is 544. Too large", "stack depth N exceeds ..."
  NoSymbolAddress,  // "ldimm64 failed to find the address for kernel symbol 'x'.": not in kallsyms
};

struct Verdict {
  Rejection why = Rejection::Other;
  std::string line;             // the log's line that says why
  std::optional<uint32_t> insn; // the instruction it was at, when the log tells
  uint64_t limit = 0;           // TooLarge: the instructions it checks at most; TooComplex: the jumps
  std::string symbol;           // NoSymbolAddress: the kernel variable
};

// Reads a verifier log; `err` is the load's errno (E2BIG without a log is a
// program too large to verify at all).
Verdict classify_rejection(std::string_view log, int err);

// Why the kernel refused a helper the summary names, when bpfsh knows;
// empty otherwise.
std::string refused_helper_hint(std::string_view summary);

}  // namespace bpfsh::runtime
