#pragma once
// bpfsh -l 'struct NAME' (or union, enum; NAME may hold wildcards): the
// kernel's named types, one "struct task_struct" a line, or with -lv each
// one's C definition as libbpf's BTF dumper writes it, as bpftrace lists them.
#include <string>
#include <vector>

struct btf;

namespace bpfsh::sema {

// "struct ...", "union ..." or "enum ...": a type to list, not a probe.
bool is_type_pattern(const std::string &pattern);

// The types of `b` whose C name matches `pattern`, sorted; with `verbose`
// their definitions ("struct x {\n\tint a;\n};\n"). Anonymous types have no name
// to match. Empty without BTF.
std::vector<std::string> list_types(const struct btf *b, const std::string &pattern, bool verbose);

}  // namespace bpfsh::sema
