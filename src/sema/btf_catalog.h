#pragma once
// Names in the kernel's BTF that probe listing needs (bpfsh -l): functions
// (fentry), raw tracepoints (btf_trace_EVENT typedefs) and iterators
// (struct bpf_iter__NAME beside FUNC bpf_iter_NAME), with their parameters
// as "type name" strings, read from the BTF the host gives (nullptr: none).
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

struct btf;
struct btf_type;

namespace bpfsh::sema::btf_catalog {

std::vector<std::string> functions(const struct btf *b);
std::vector<std::string> raw_tracepoints(const struct btf *b);
std::vector<std::string> iterators(const struct btf *b);

// The kernel's FUNCs by name, read in one pass: -lv looks up every listed
// function's prototype, and libbpf's lookup by name scans every type.
class Functions {
 public:
  explicit Functions(const struct btf *b);

  // FUNC `name`'s parameters ("struct task_struct * task"); nullopt when
  // there is no such function.
  std::optional<std::vector<std::string>> params(const std::string &name) const;
  // Its return type ("ssize_t", "void").
  std::optional<std::string> return_type(const std::string &name) const;
  // A raw tracepoint's arguments (btf_trace_EVENT's prototype, without the
  // leading context pointer).
  std::optional<std::vector<std::string>> raw_tracepoint_params(const std::string &event) const;

 private:
  const struct btf_type *proto(const std::string &name) const;

  const struct btf *b_;
  std::unordered_map<std::string, uint32_t> ids_;
};

}  // namespace bpfsh::sema::btf_catalog
