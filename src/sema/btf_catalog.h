#pragma once
// Names in the kernel's BTF that probe listing needs (bpfsh -l): functions
// (fentry), raw tracepoints (btf_trace_EVENT typedefs) and iterators
// (struct bpf_iter__NAME beside FUNC bpf_iter_NAME), with their parameters
// as "type name" strings, read from the BTF the host gives (nullptr: none).
#include <optional>
#include <string>
#include <vector>

struct btf;

namespace bpfsh::sema::btf_catalog {

std::vector<std::string> functions(const struct btf *b);
std::vector<std::string> raw_tracepoints(const struct btf *b);
std::vector<std::string> iterators(const struct btf *b);

// The parameters of FUNC `name` ("struct task_struct * task"); nullopt when
// there is no such function.
std::optional<std::vector<std::string>> function_params(const struct btf *b, const std::string &name);
// The return type of FUNC `name` ("ssize_t", "void").
std::optional<std::string> function_return(const struct btf *b, const std::string &name);
// A raw tracepoint's arguments (btf_trace_EVENT's prototype, without the
// leading context pointer).
std::optional<std::vector<std::string>> raw_tracepoint_params(const struct btf *b, const std::string &event);

}  // namespace bpfsh::sema::btf_catalog
