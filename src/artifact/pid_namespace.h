#pragma once
// pid, tid and cpid as bpfsh's own pid namespace numbers them (a container's
// ids), the way upstream reads them: a program asks the kernel for the ids
// in the namespace the two read-only globals below name (its nsfs device and
// inode, from /proc/self/ns/pid). The loader sets them before load; left 0
// (the initial namespace, or a loader that does not know them) the program
// takes the plain ids, and the verifier, which knows the frozen values,
// keeps only the call it takes. Not included by artifact.h: only their
// emitter and the loader need these names.
namespace bpfsh::artifact {

inline constexpr const char *kPidNsSection = ".rodata.pidns";  // the section, and libbpf's map
inline constexpr const char *kPidNsDev = "bpfsh_pidns_dev";    // u64, then
inline constexpr const char *kPidNsIno = "bpfsh_pidns_ino";    // u64, in that order

}  // namespace bpfsh::artifact
