# CTest: the checked-in docs/functions.md is what the builtin registry
# generates (GENERATED, written by tests/tools/functions_md at build time).
file(READ "${GENERATED}" generated)
set(checked_in "")
if(EXISTS "${CHECKED_IN}")
  file(READ "${CHECKED_IN}" checked_in)
endif()
if(NOT generated STREQUAL checked_in)
  execute_process(COMMAND diff -u "${CHECKED_IN}" "${GENERATED}" OUTPUT_VARIABLE difference)
  message(FATAL_ERROR "${difference}\ndocs/functions.md differs from the builtin registry's rows (src/sema/calls_*.cpp).\n"
                      "Refresh it with: cmake --build build --target functions-md")
endif()
