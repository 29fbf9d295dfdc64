#pragma once
// Reads what libbpf reported about a failed bpf_object__load:
//   libbpf: prog 'NAME': BPF program load failed: Permission denied
//   libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --
//   ...verifier lines...
//   -- END PROG LOAD LOG --
// or, when a map could not be created:
//   libbpf: map 'NAME': failed to create: Cannot allocate memory(-12)
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

// Why the kernel refused a helper the summary names, when bpfsh knows;
// empty otherwise.
std::string refused_helper_hint(std::string_view summary);

}  // namespace bpfsh::runtime
