// Loads kernel BTF from sysfs.
#include "host/kernel_btf.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bpfsh::host {

// The kernel's BTF, mapped rather than read: sysfs hands a binary file out
// 4 KB per read(), 1350 system calls for this kernel's 5.5 MB (28 ms), and
// libbpf's reader then copies the whole buffer once more. btf__new copies
// the mapping once. Kernels before 6.16 cannot map the file: libbpf reads it.
static struct btf *mapped_vmlinux_btf() {
  int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st;
  struct btf *b = nullptr;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    void *p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      b = btf__new(p, uint32_t(st.st_size));
      munmap(p, size_t(st.st_size));
      if (libbpf_get_error(b)) b = nullptr;
    }
  }
  close(fd);
  return b;
}

struct btf *load_vmlinux_btf(std::string *why) {
  if (struct btf *b = mapped_vmlinux_btf()) return b;
  struct btf *b = btf__load_vmlinux_btf();
  if (libbpf_get_error(b)) b = nullptr;
  if (!b && why)
    *why = std::string("the kernel's BTF could not be read (/sys/kernel/btf/vmlinux: ") + std::strerror(errno) + ")";
  return b;
}

struct btf *load_module_btf(const std::string &module, struct btf *vmlinux) {
  if (!vmlinux) return nullptr;
  struct btf *b = btf__load_module_btf(module.c_str(), vmlinux);
  return libbpf_get_error(b) ? nullptr : b;
}

}  // namespace bpfsh::host
