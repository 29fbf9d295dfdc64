#pragma once
// The C types of the user binaries a program probes, one KernelTypes over
// each binary's DWARF (host::DebugInfo), made when a script first needs
// them: uprobe args, retval, and casts to the binary's records.
#include <map>
#include <memory>
#include <string>

#include "sema/kernel_types.h"

namespace bpfsh::sema {

class BinaryTypes {
 public:
  explicit BinaryTypes(host::Host &host) : host_(host) {}
  // The types of `binary` (a resolved path); available() says whether it has DWARF.
  KernelTypes &of(const std::string &binary) {
    auto &t = types_[binary];
    if (!t) t = std::make_unique<KernelTypes>(host_, binary);
    return *t;
  }

 private:
  host::Host &host_;
  std::map<std::string, std::unique_ptr<KernelTypes>> types_;
};

}  // namespace bpfsh::sema
