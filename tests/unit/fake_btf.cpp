// A small kernel BTF built in memory with libbpf's writer: the types and
// functions the sema and codegen tests name, laid out like a kernel's but
// at offsets of our own.
#include <bpf/btf.h>

#include <cstdint>

#include "fake_host.h"

namespace bpfsh::test {

namespace {

struct Ids {
  int i32, u32, i64, u64, ch, u16, ll, boolean, pid, size, ssize, loff, voidp;
};

Ids add_scalars(struct btf *b) {
  Ids t{};
  t.i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  t.u32 = btf__add_int(b, "unsigned int", 4, 0);
  t.i64 = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
  t.u64 = btf__add_int(b, "long unsigned int", 8, 0);
  t.ch = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
  t.u16 = btf__add_int(b, "short unsigned int", 2, 0);
  t.ll = btf__add_int(b, "long long int", 8, BTF_INT_SIGNED);
  t.boolean = btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
  t.pid = btf__add_typedef(b, "pid_t", t.i32);
  t.size = btf__add_typedef(b, "size_t", t.u64);
  t.ssize = btf__add_typedef(b, "ssize_t", t.i64);
  t.loff = btf__add_typedef(b, "loff_t", t.ll);
  btf__add_typedef(b, "umode_t", t.u16);
  btf__add_typedef(b, "u64", t.u64);
  btf__add_typedef(b, "u32", t.u32);
  t.voidp = btf__add_ptr(b, 0);
  return t;
}

// struct task_struct and what it holds; returns the struct's id.
int add_task_struct(struct btf *b, const Ids &t) {
  int lw = btf__add_struct(b, "load_weight", 16);
  btf__add_field(b, "weight", t.u64, 0, 0);
  btf__add_field(b, "inv_weight", t.u32, 64, 0);
  int se = btf__add_struct(b, "sched_entity", 32);
  btf__add_field(b, "load", lw, 0, 0);
  btf__add_field(b, "vruntime", t.u64, 128, 0);
  btf__add_field(b, "on_rq", t.u32, 192, 1);  // a bitfield
  // The pointer to task_struct comes before task_struct itself: its id is next.
  int task_ptr = btf__add_ptr(b, int(btf__type_cnt(b)) + 2);
  int comm = btf__add_array(b, t.i32, t.ch, 16);
  int task = btf__add_struct(b, "task_struct", 2048);
  btf__add_field(b, "__state", t.i64, 0, 0);
  btf__add_field(b, "flags", t.u32, 64, 0);
  btf__add_field(b, "se", se, 128, 0);
  btf__add_field(b, "pid", t.pid, 384, 0);
  btf__add_field(b, "tgid", t.pid, 416, 0);
  btf__add_field(b, "real_parent", task_ptr, 448, 0);
  btf__add_field(b, "parent", task_ptr, 512, 0);
  btf__add_field(b, "group_leader", task_ptr, 576, 0);
  btf__add_field(b, "comm", comm, 640, 0);
  btf__add_field(b, "in_execve", t.u32, 800, 1);
  return task;
}

void add_function(struct btf *b, const char *name, int ret,
                  std::initializer_list<std::pair<const char *, int>> params) {
  int proto = btf__add_func_proto(b, ret);
  for (auto &[n, type] : params) btf__add_func_param(b, n, type);
  btf__add_func(b, name, BTF_FUNC_GLOBAL, proto);
}

// struct file with the path chain scripts walk to a name:
// file->f_path.dentry->d_name.name; returns the struct's id.
int add_file(struct btf *b, const Ids &t) {
  int uchar = btf__add_int(b, "unsigned char", 1, 0);
  int name_ptr = btf__add_ptr(b, btf__add_const(b, uchar));
  int qstr = btf__add_struct(b, "qstr", 16);
  btf__add_field(b, "hash_len", t.u64, 0, 0);
  btf__add_field(b, "name", name_ptr, 64, 0);
  int dentry = btf__add_struct(b, "dentry", 48);
  btf__add_field(b, "d_flags", t.u32, 0, 0);
  btf__add_field(b, "d_name", qstr, 256, 0);
  int dentry_ptr = btf__add_ptr(b, dentry);  // before the struct: fields follow it directly
  int path = btf__add_struct(b, "path", 16);
  btf__add_field(b, "mnt", t.voidp, 0, 0);
  btf__add_field(b, "dentry", dentry_ptr, 64, 0);
  int file = btf__add_struct(b, "file", 32);
  btf__add_field(b, "f_flags", t.u32, 0, 0);
  btf__add_field(b, "f_pos", t.loff, 64, 0);
  btf__add_field(b, "f_path", path, 128, 0);
  return file;
}

void add_functions(struct btf *b, const Ids &t, int task) {
  int file_ptr = btf__add_ptr(b, add_file(b, t));
  int char_ptr = btf__add_ptr(b, t.ch);
  int loff_ptr = btf__add_ptr(b, t.loff);
  int task_ptr = btf__add_ptr(b, task);
  add_function(b, "vfs_read", t.ssize, {{"file", file_ptr}, {"buf", char_ptr}, {"count", t.size}, {"pos", loff_ptr}});
  add_function(b, "vfs_write", t.ssize, {{"file", file_ptr}, {"buf", char_ptr}, {"count", t.size}, {"pos", loff_ptr}});
  add_function(b, "kfree", 0, {{"objp", t.voidp}});
  add_function(b, "__bpf_trace_sched_switch", 0,
               {{"__data", t.voidp}, {"preempt", t.boolean}, {"prev", task_ptr}, {"next", task_ptr}, {"prev_state", t.u32}});
  btf__add_typedef(b, "btf_trace_sched_switch", t.voidp);
  int meta = btf__add_struct(b, "bpf_iter_meta", 8);
  btf__add_field(b, "seq_num", t.u64, 0, 0);
  int meta_ptr = btf__add_ptr(b, meta);
  btf__add_struct(b, "bpf_iter__task", 16);
  btf__add_field(b, "meta", meta_ptr, 0, 0);
  btf__add_field(b, "task", task_ptr, 64, 0);
  add_function(b, "bpf_iter_task", t.i32, {{"meta", meta_ptr}, {"task", task_ptr}});
  // sk_buff keeps `len` inside an anonymous struct, as the kernel's does.
  int inner = btf__add_struct(b, nullptr, 4);
  btf__add_field(b, "len", t.u32, 0, 0);
  btf__add_struct(b, "sk_buff", 8);
  btf__add_field(b, nullptr, inner, 0, 0);
  btf__add_field(b, "protocol", t.u16, 32, 0);
  btf__add_enum(b, nullptr, 4);
  btf__add_enum_value(b, "BTF_VAR_STATIC", 0);
  btf__add_enum_value(b, "BTF_VAR_GLOBAL_ALLOCATED", 1);
  btf__add_enum(b, "skb_drop_reason", 4);
  btf__add_enum_value(b, "SKB_DROP_REASON_NOT_SPECIFIED", 2);
  btf__add_enum_value(b, "SKB_DROP_REASON_NO_SOCKET", 3);
}

}  // namespace

struct btf *make_fake_btf() {
  struct btf *b = btf__new_empty();
  Ids t = add_scalars(b);
  int task = add_task_struct(b, t);
  add_functions(b, t, task);
  return b;
}

}  // namespace bpfsh::test
