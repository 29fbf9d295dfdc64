#pragma once
// The ids that tie a registry row to its code: codegen keeps one emitter per
// id (codegen/emitters.h). Grouped by family, in the order of the family files.
#include <cstdint>

namespace bpfsh::sema::registry {

enum class EmitId : uint16_t {
  None,  // no code of its own: sema lowers every use (Row::lowering)
  // output
  Printf, System, Cat, Errorf, Warnf, Print, Exit, Join,
  // time
  Nsecs, Elapsed, Jiffies, Time, Strftime,
  // aggregates: one emitter, which follows the map's value type
  Aggregate,
  // maps
  Clear, Zero, Delete, HasKey, Len, Find,
  // strings
  Str, Strncmp, Strlen, Strstr, Strcontains, Globmatch,
  // bytes
  Buf, Macaddr, Bswap, Memcmp,
  // net
  Ntop, Pton, HasLayer, Verdict, Pcap, Redirect, SkbOutput, SocketCookie,
  // symbols
  Kstack, Ustack, DwUstack, Ksym, Usym, Kaddr, Uaddr, Reg, PercpuKaddr,
  // task
  Pid, Tid, Uid, Gid, Comm, Username, Cgroup, Curtask, Cpid, Signal, SignalThread,
  // probe
  Probe, Func, Retval, Arg, Ctx, Usermode, Unwatch, Override,
  // machine
  Cpu, Numaid, Ncpus, Rand,
  // memory
  IsErr, WriteUser,
  // names: the number travels, its type says which table names it
  NamedNumber,
  // path
  Path,
  Count,  // not an id: how many there are
};

constexpr unsigned kEmitIdCount = static_cast<unsigned>(EmitId::Count);

}  // namespace bpfsh::sema::registry
