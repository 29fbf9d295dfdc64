#pragma once
// Running an attached iterator: each read of an iterator instance runs the
// program over the kernel's objects, until the end. Programs report through
// the ring buffer, not through what the reads return.
#include <functional>
#include <string>

#include "runtime/link.h"
#include "runtime/result.h"

namespace bpfsh::runtime {

// Runs the iterator of `link` to its end; `drain` is called after every
// read, so a long iteration does not overflow the ring buffer.
Result<void> run_iterator(const Link &link, const std::string &subject, const std::function<void()> &drain);

}  // namespace bpfsh::runtime
