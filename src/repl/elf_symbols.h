#pragma once
// The function names a binary defines, for completing uprobe:BINARY:...
#include <string>
#include <vector>

namespace bpfsh::repl {

// Defined STT_FUNC symbols of .symtab and .dynsym, sorted and unique; empty
// when the file is not a readable ELF object.
std::vector<std::string> elf_functions(const std::string &path);

}  // namespace bpfsh::repl
