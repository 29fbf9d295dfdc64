#pragma once
// The text of stdlib/*.bt, embedded at build time (cmake/embed_stdlib.cmake).
namespace bpfsh {

const char *stdlib_source();

}  // namespace bpfsh
