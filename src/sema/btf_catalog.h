#pragma once
// Names in the kernel's BTF that probe listing needs (bpfsh -l): functions
// (fentry), raw tracepoints (btf_trace_EVENT typedefs) and iterators
// (struct bpf_iter__NAME beside FUNC bpf_iter_NAME), with their parameters
// as "type name" strings. Loaded once, on first use.
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::sema::btf_catalog {

std::vector<std::string> functions();
std::vector<std::string> raw_tracepoints();
std::vector<std::string> iterators();

// The parameters of FUNC `name` ("struct task_struct * task"); nullopt when
// there is no such function.
std::optional<std::vector<std::string>> function_params(const std::string &name);
// The return type of FUNC `name` ("ssize_t", "void").
std::optional<std::string> function_return(const std::string &name);
// A raw tracepoint's arguments (btf_trace_EVENT's prototype, without the
// leading context pointer).
std::optional<std::vector<std::string>> raw_tracepoint_params(const std::string &event);

}  // namespace bpfsh::sema::btf_catalog
