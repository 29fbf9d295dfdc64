#pragma once
// When a kernel-function probe cannot work here (no kprobes, trampolines
// denied), the tracepoints that see the same event, so the error can name
// what to use instead.
#include <functional>
#include <string>
#include <vector>

namespace bpfsh::runtime {

// "tracepoint:syscalls:sys_enter_openat", ... for kernel function `func`,
// entered (`at_return` false) or returning; only those `exists` confirms.
// `events` is tracefs' available_events ("category:event" per entry).
std::vector<std::string> alternatives(const std::string &func, bool at_return,
                                      const std::function<bool(const std::string &, const std::string &)> &exists,
                                      const std::vector<std::string> &events);

// The same against the running kernel's tracefs.
std::vector<std::string> kernel_alternatives(const std::string &func, bool at_return);

// "\nHINT: ..." naming them, or "" when there are none.
std::string alternatives_hint(const std::string &func, bool at_return);

}  // namespace bpfsh::runtime
