#include "codegen/codegen.h"

#include <algorithm>
#include <llvm/Support/raw_os_ostream.h>
#include <unistd.h>

#include "artifact/channels.h"
#include "codegen/emitter.h"
#include "codegen/insn_sources.h"
#include "codegen/object.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::TypeKind;

namespace {

// The largest array value the kernel allocates (KMALLOC_MAX_SIZE: 4 MiB
// with x86-64's 4 KiB pages and MAX_PAGE_ORDER 10); the scratch map's value
// is a probe's scratch space.
constexpr uint32_t kMaxScratch = 4u << 20;

// The ELF section of a probe's program, which names its BPF program type.
std::string section(const sema::ProbeInstance &pi) {
  using K = ProbeKind;
  switch (pi.type) {
    // BEGIN and END are raw tracepoint programs the runtime runs once with
    // BPF_PROG_TEST_RUN: no attach, and they run in bpfsh's own context.
    // SelfSignal runs the same way, when bpfsh gets the signal.
    case K::Begin: case K::End: case K::SelfSignal: return "raw_tp";
    case K::Tracepoint: return "tracepoint/" + pi.target + "/" + pi.func;
    case K::RawTracepoint: return "raw_tp/" + pi.target;
    case K::Uprobe: case K::Usdt: return "uprobe";
    case K::Uretprobe: return "uretprobe";
    case K::Interval: case K::Profile: case K::Software: case K::Hardware: case K::Watchpoint: return "perf_event";
    // The runtime names the kernel function: kprobes when it attaches
    // (bpf_program__attach_kprobe_opts), fentry/fexit before the load
    // (bpf_program__set_attach_target gives the attach_btf_id).
    case K::Kprobe: return "kprobe";
    case K::Kretprobe: return "kretprobe";
    case K::Fentry: return "fentry";
    case K::Fexit: return "fexit";
    case K::Iter: return "iter/" + pi.func;
    // libbpf's names, which set the expected attach type the kernel checks.
    case K::Xdp: return "xdp";
    case K::Tc: return "tc";
    case K::Socket: return "socket";
    case K::CgroupSkb: return "cgroup_skb/" + pi.func;
    case K::CgroupSockAddr: return "cgroup/" + pi.func;
    case K::CgroupSock: return "cgroup/" + std::string(pi.func == "create" || pi.func == "release" ? "sock_" : "") + pi.func;
    case K::Sockops: return "sockops";
  }
  return "raw_tp";
}

AggKind agg_kind(TypeKind k) {
  switch (k) {
    case TypeKind::Count: return AggKind::Count;
    case TypeKind::Sum: return AggKind::Sum;
    case TypeKind::Min: return AggKind::Min;
    case TypeKind::Max: return AggKind::Max;
    case TypeKind::Avg: return AggKind::Avg;
    case TypeKind::Stats: return AggKind::Stats;
    case TypeKind::Hist: return AggKind::Hist;
    case TypeKind::Lhist: return AggKind::Lhist;
    case TypeKind::Tseries: return AggKind::Tseries;
    default: return AggKind::None;
  }
}

// Aggregations live in per-CPU maps: updates need no atomics and never
// contend; user space adds the CPUs up when it reads them. A histogram
// without a key is a per-CPU array with a slot per bucket: the verifier
// inlines an array lookup into a few instructions, where a hash lookup
// hashes and searches, and every slot exists, so no event inserts.
uint32_t bucket_count(const sema::MapInfo &mi) {
  // hist: 0 (negative), then 2^(k+1) single values, then 2^k per power of two up to 2^63.
  if (mi.value.kind == TypeKind::Hist) return (1u << mi.hist_bits) * (65 - mi.hist_bits) + 1;
  uint64_t n = mi.lhist_step > 0 ? uint64_t((mi.lhist_max - mi.lhist_min) / mi.lhist_step) : 0;
  return uint32_t(n + 2);  // below min, n inside, at or above max
}

// One ring buffer serves every CPU: perf_rb_pages per CPU, as bpftrace's
// per-CPU perf buffers were sized, rounded up to the power of two the kernel
// wants (64 pages on 2 CPUs: 512 KiB). BPFTRACE_PERF_RB_PAGES=1 makes a
// small one that fills, to see lost events.
uint32_t ringbuf_size(uint32_t pages) {
  long cpus = sysconf(_SC_NPROCESSORS_CONF);
  uint64_t want = uint64_t(pages) * 4096 * uint64_t(cpus > 0 ? cpus : 1);
  uint64_t bytes = 4096;
  while (bytes < want && bytes < (1ull << 30)) bytes <<= 1;
  return uint32_t(bytes);
}

static void set_tseries(MapSpec &spec, const sema::MapInfo &mi, uint32_t entries) {
  if (spec.agg != AggKind::Tseries) return;
  static const std::pair<const char *, TseriesAgg> aggs[] = {
      {"avg", TseriesAgg::Avg}, {"min", TseriesAgg::Min}, {"max", TseriesAgg::Max}, {"sum", TseriesAgg::Sum}};
  for (auto &[name, a] : aggs)
    if (mi.tseries_agg == name) spec.tseries_agg = a;
  spec.tseries_interval = mi.tseries_interval;
  spec.tseries_num = mi.tseries_num;
  // Every key may hold all its slots; hashes are preallocated, so past 2^18
  // slots keys share them (the first to come get theirs).
  uint64_t slots = uint64_t(mi.key.is_none() ? 1 : entries) * mi.tseries_num;
  spec.max_entries = uint32_t(std::min<uint64_t>(slots, std::max<uint64_t>(mi.tseries_num, 1u << 18)));
}

void define_maps(ModuleState &ms, const sema::ProgramInfo &info, const CodegenOptions &opts) {
  for (size_t i = 0; i < info.maps.size(); i++) {
    const sema::MapInfo &mi = info.maps[i];
    MapSpec spec;
    spec.name = mi.name;
    spec.elf_name = "m" + std::to_string(i);
    spec.key = to_layout(mi.key);
    spec.agg = agg_kind(mi.value.kind);
    spec.value = spec.agg == AggKind::None ? to_layout(mi.value) : Layout{};
    spec.value_signed = mi.value.is_signed;
    spec.percpu = spec.agg != AggKind::None;
    // A tseries keys its slots like a histogram's buckets, in a hash: up to
    // a million slots of 32 bytes would not fit a per-CPU array's value.
    bool bucketed = spec.agg == AggKind::Hist || spec.agg == AggKind::Lhist || spec.agg == AggKind::Tseries;
    spec.array = bucketed && spec.agg != AggKind::Tseries && mi.key.is_none();
    uint32_t user_key = mi.key.is_none() ? (bucketed ? 0 : 8) : map_held_size(mi.key);
    spec.key_size = spec.array ? 4 : user_key + (bucketed ? 8 : 0);
    spec.value_size = map_held_size(mi.value);
    uint32_t entries = mi.declared_entries ? mi.declared_entries : info.config.max_map_keys;
    spec.max_entries = spec.array ? bucket_count(mi) : entries;
    spec.lhist_min = mi.lhist_min;
    spec.lhist_max = mi.lhist_max;
    spec.lhist_step = mi.lhist_step;
    spec.hist_bits = mi.hist_bits;
    set_tseries(spec, mi, entries);
    bool lru = mi.declared_kind.find("lru") != std::string::npos;
    BpfMapType type = spec.array    ? BpfMapType::PerCpuArray
                      : spec.percpu ? (lru ? BpfMapType::LruPerCpuHash : BpfMapType::PerCpuHash)
                                    : (lru ? BpfMapType::LruHash : BpfMapType::Hash);
    ms.maps.push_back(ms.defs->define(spec.elf_name, type, spec.max_entries, spec.key_size, spec.value_size));
    ms.artifact.maps.push_back(std::move(spec));
  }
  uint32_t rb = opts.ringbuf_bytes ? opts.ringbuf_bytes : ringbuf_size(info.config.perf_rb_pages);
  // dw_ustack's samples are 12 KiB each: the default ring holds a few dozen,
  // where a burst of calls (a program starting) makes a thousand. Unless the
  // user sized it, the ring holds about 1300.
  constexpr uint32_t kDwSampleRing = 16u << 20;
  if (info.dw_samples && !opts.ringbuf_bytes && !info.config.set_keys.count("perf_rb_pages"))
    rb = std::max(rb, kDwSampleRing);
  // bpf_skb_output writes only to a perf event array (calls_skb.cpp).
  ms.perf_buffer = opts.perf_buffer || info.skb_output;
  ms.artifact.perf_buffer_pages = ms.perf_buffer ? std::max<uint32_t>(1, info.config.perf_rb_pages) : 0;
  // A perf event array of 0 entries: libbpf makes it one per possible CPU.
  ms.ringbuf = ms.perf_buffer ? ms.defs->define(ms.artifact.ringbuf_name, BpfMapType::PerfEventArray, 0, 4, 4)
                              : ms.defs->define(ms.artifact.ringbuf_name, BpfMapType::RingBuf, rb, 0, 0);
  if (opts.both_channels && !ms.perf_buffer) {
    // The perf path's pages, used once the loader picks it (channels.h).
    ms.artifact.perf_buffer_pages = std::max<uint32_t>(1, info.config.perf_rb_pages);
    ms.perfbuf = ms.defs->define(kPerfChannelMap, BpfMapType::PerfEventArray, 0, 4, 4);
    ms.channel_flag = ms.defs->load_time_constant(kChannelFlag, kChannelSection);
  }
  ms.lost = ms.defs->define(ms.artifact.lost_name, BpfMapType::PerCpuArray, 1, 4, 8);
  ms.map_full = new GlobalVariable(*ms.module, Type::getInt8Ty(ms.ctx), false, GlobalValue::ExternalLinkage,
                                   nullptr, "map_full.pending");
  ms.defs->define_license(info.config.license);
}

// The probes are emitted: the map-full counters get a slot per update site.
void define_map_full(ModuleState &ms) {
  uint32_t slots = std::max<uint32_t>(1, uint32_t(ms.artifact.map_full_sites.size()));
  GlobalVariable *real = ms.defs->define(ms.artifact.map_full_name, BpfMapType::PerCpuArray, slots, 4, 8);
  ms.map_full->replaceAllUsesWith(real);
  ms.map_full->eraseFromParent();
  ms.map_full = real;
}

// A string that fills its type, with no NUL in it, was cut short: str()
// reads one byte more than fits for that (calls_strings.cpp). bpftrace
// v0.26 marks any such string with str_trunc_trailer.
void mark_truncation(Layout &l, const std::string &trailer) {
  if (l.kind == Layout::Kind::Str && l.trunc_len) l.trailer = trailer;
  for (auto &e : l.elems) mark_truncation(e, trailer);
}

void mark_truncation(Artifact &a, const sema::Config &c) {
  for (auto &f : a.formats)
    for (auto &arg : f.args) mark_truncation(arg.layout, c.str_trunc_trailer);
  for (auto &v : a.values) mark_truncation(v, c.str_trunc_trailer);
  for (auto &m : a.maps) {
    mark_truncation(m.key, c.str_trunc_trailer);
    mark_truncation(m.value, c.str_trunc_trailer);
  }
}

// The attach point as attach resolution built it, named for the ELF.
ProbeSpec probe_spec(const sema::ProbeInstance &pi, const sema::ProgramInfo &info, size_t index) {
  ProbeSpec spec = pi;
  spec.prog_name = "p" + std::to_string(index);
  // -p limits user probes to the process; a watchpoint needs one (-p or -c).
  bool user = pi.type == ProbeKind::Uprobe || pi.type == ProbeKind::Uretprobe || pi.type == ProbeKind::Usdt;
  if (user || pi.type == ProbeKind::Watchpoint) spec.pid = info.pid;
  if (pi.type == ProbeKind::Watchpoint && !spec.pid) spec.pid = info.cpid;
  spec.place = span_of(pi.attach ? pi.attach->range : pi.probe->range);
  return spec;
}

// LLVM's object emission failed: a BPF stack overflow is named in the
// user's terms (the probe), anything else is passed on as LLVM says it.
void report_emit_error(const std::string &error, const Artifact &artifact, const sema::ProgramInfo &info,
                       Diagnostics &diags) {
  if (error.find("stack limit is exceeded") == std::string::npos) {
    diags.error_unlocated(error);
    return;
  }
  // Name the probe in the user's terms rather than LLVM's function.
  for (size_t i = 0; i < artifact.probes.size(); i++) {
    const ProbeSpec &p = artifact.probes[i];
    if (error.find("in function " + p.prog_name + " ") == std::string::npos &&
        error.find("in function " + p.prog_name + "_") == std::string::npos)
      continue;
    auto &d = diags.error(info.probes[i].probe->range,
                          "probe '" + p.display + "' needs more than the 512 bytes of stack a BPF program has");
    d.hints.push_back("strings and tuples take stack space: split the work over several probes, or use "
                      "fewer of them at once (config max_strlen makes strings smaller)");
    return;
  }
  diags.error_unlocated(error);
}

SourceRange probe_head(const ast::Probe &p) {
  if (p.attach_points.empty()) return p.range;
  return {p.attach_points.front()->range.begin, p.attach_points.back()->range.end};
}

}  // namespace

ProbeEmitter::ProbeEmitter(ModuleState &ms, const sema::ProgramInfo &info, const sema::ProbeInstance &pi)
    : ms_(ms), info_(info), pi_(pi), b_(ms.ctx, *ms.module) {}

void ProbeEmitter::emit(const std::string &name, const std::string &section) {
  auto &ctx = ms_.ctx;
  auto *fty = FunctionType::get(b_.getInt64Ty(), {PointerType::get(ctx, 0)}, false);
  fn_ = Function::Create(fty, Function::ExternalLinkage, name, *ms_.module);
  fn_->setSection(section);
  uint32_t callbacks_before = ms_.callbacks;
  if (ms_.line_info) ms_.defs->describe_function(*fn_);
  ctx_ = fn_->getArg(0);
  ctx_->setName("ctx");
  // The probe's own code (its prologue, the -p filter) is the attach point's.
  LocationScope at_probe(b_, fn_, pi_.attach ? pi_.attach->range : pi_.probe->range);
  // The entry block holds only stack slots and their zeroing.
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", fn_);
  BasicBlock *body = BasicBlock::Create(ctx, "body", fn_);
  start_function(entry, body);
  start_net();
  if (pi_.type == sema::ProbeType::Iter) skip_iter_end();
  // -p PID: events of other processes end here. BEGIN, END and interval run
  // in no particular process, so they are not filtered.
  // Packets of the interface hooks come in no process's context either.
  bool any_process = pi_.type == sema::ProbeType::Begin || pi_.type == sema::ProbeType::End ||
                     pi_.type == sema::ProbeType::Interval || pi_.type == sema::ProbeType::Xdp ||
                     pi_.type == sema::ProbeType::Tc || pi_.type == sema::ProbeType::Socket;
  if (ms_.filter_pid > 0 && !any_process) {
    BasicBlock *mine = BasicBlock::Create(ctx, "pid.match", fn_);
    BasicBlock *other = BasicBlock::Create(ctx, "pid.other", fn_);
    Value *tgid = b_.CreateLShr(pid_tgid(), 32);
    b_.CreateCondBr(b_.CreateICmpEQ(tgid, b_.getInt64(ms_.filter_pid)), mine, other);
    b_.SetInsertPoint(other);
    b_.CreateRet(exit_value());
    b_.SetInsertPoint(mine);
  }
  if (auto *pred = pi_.predicate) {
    BasicBlock *run = BasicBlock::Create(ctx, "pred.true", fn_);
    BasicBlock *skip = BasicBlock::Create(ctx, "pred.false", fn_);
    ms_.stmt_sites.emplace(std::pair{pred->range.begin.line, btf_column(pred->range.begin.col)},
                           StmtSite{span_of(pred->range), {}, ""});
    LocationScope at_pred(b_, fn_, pred->range);
    open_temps();
    Value *pass = to_bool(emit_expr(pred));
    close_temps();
    b_.CreateCondBr(pass, run, skip);
    b_.SetInsertPoint(skip);
    b_.CreateRet(exit_value());
    b_.SetInsertPoint(run);
  }
  dispatch(pi_.body);
  b_.CreateRet(exit_value());
  // Without line info, only a program that needs BTF func_info gets a
  // subprogram (ModuleState::line_info).
  if (uses_core_) ms_.core->describe_function(*fn_);
  else if (!ms_.line_info && ms_.callbacks != callbacks_before) ms_.defs->describe_function(*fn_);
  // Said at the attach point: the whole probe would echo every line of it.
  if (scratch_peak_ > kMaxScratch)
    ms_.diags->error(probe_head(*pi_.probe), "this probe's strings and other large values take " +
                                           std::to_string(scratch_peak_) + " bytes of scratch space, more than " +
                                           std::to_string(kMaxScratch) + "; lower max_strlen");
  ms_.scratch_bytes = std::max(ms_.scratch_bytes, scratch_peak_);
}

std::optional<Artifact> compile(ast::Context &ctx, const sema::ProgramInfo &info, const CodegenOptions &opts,
                                Diagnostics &diags) {
  ModuleState ms;
  ms.diags = &diags;
  ms.helper_checks = opts.helper_checks;
  ms.filter_pid = info.pid;
  // LLVM's BTF writer redoes every map's BTF name for each function that has
  // a subprogram (a linear lookup each): 1,000 programs and 1,000 maps took
  // 9 s. Past this many program-map pairs, verifier errors point at the probe
  // rather than the statement, and compile time stays linear.
  constexpr size_t kLineInfoPairs = 20000;
  ms.line_info = info.probes.size() * std::max<size_t>(info.maps.size(), 1) <= kLineInfoPairs;
  ms.artifact.source_name = ctx.source.name;
  ms.artifact.source_text = ctx.source.text;
  for (const auto &o : info.script_options) ms.artifact.options.push_back(o.spec);
  ms.module = std::make_unique<Module>("bpfsh", ms.ctx);
  ms.defs = std::make_unique<MapDefs>(*ms.module, ctx.source.name, ctx.source.text);
  ms.core = std::make_unique<CoreRelocs>(*ms.defs);
  ms.stack_map_entries = info.config.max_map_keys;
  ms.artifact.settings.print_maps_on_exit = info.config.print_maps_on_exit;
  ms.artifact.settings.max_cat_bytes = info.config.max_cat_bytes;
  ms.artifact.settings.show_debug_info = info.config.show_debug_info;
  using MP = RunSettings::MissingProbes;
  auto mp = info.config.missing_probes;
  ms.artifact.settings.missing_probes = mp == sema::MissingProbes::Warn     ? MP::Warn
                                        : mp == sema::MissingProbes::Ignore ? MP::Ignore
                                                                            : MP::Error;
  define_maps(ms, info, opts);
  for (size_t i = 0; i < info.probes.size(); i++) {
    const sema::ProbeInstance &pi = info.probes[i];
    ProbeSpec spec = probe_spec(pi, info, i);
    ProbeEmitter(ms, info, pi).emit(spec.prog_name, section(pi));
    ms.artifact.probes.push_back(std::move(spec));
  }
  if (diags.has_errors()) return std::nullopt;
  define_map_full(ms);
  finish_scratch(ms);
  mark_truncation(ms.artifact, info.config);
  ms.core->finalize();
  scope_locations(*ms.module);
  ms.defs->finalize();
  if (diags.has_errors()) return std::nullopt;
  if (opts.dump_ir) {
    raw_os_ostream os(*opts.dump_ir);
    ms.module->print(os, nullptr);
  }
  for (const Function &f : *ms.module) ms.artifact.ir_instructions += f.getInstructionCount();
  std::string error;
  if (!emit_object(*ms.module, ms.artifact.elf, error)) {
    report_emit_error(error, ms.artifact, info, diags);
    return std::nullopt;
  }
  read_insn_sources(ms.artifact, ms.stmt_sites);
  return std::move(ms.artifact);
}

}  // namespace bpfsh::codegen
