// Writes the function and builtin reference (docs/functions.md) from the
// builtin registry into the file argv[1]; see tests/CMakeLists.txt.
#include <fstream>
#include <iostream>

#include "sema/registry/reference.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: functions_md OUT.md\n";
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << bpfsh::sema::registry::reference_markdown();
  out.close();
  if (!out) {
    std::cerr << "functions_md: can not write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
