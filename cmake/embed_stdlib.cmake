# Writes OUT: a C++ file defining bpfsh::stdlib_source() as the text of every
# stdlib/*.bt file (sorted), so no file is read at run time.
file(GLOB files ${STDLIB_DIR}/*.bt)
list(SORT files)
set(text "")
foreach(f ${files})
  file(READ ${f} body)
  string(APPEND text "${body}\n")
endforeach()
file(WRITE ${OUT} "// Generated from stdlib/*.bt by cmake/embed_stdlib.cmake.\n"
  "#include \"common/stdlib.h\"\n"
  "namespace bpfsh {\n"
  "const char *stdlib_source() {\n"
  "  return R\"bpfsh_stdlib(${text})bpfsh_stdlib\";\n"
  "}\n"
  "}  // namespace bpfsh\n")
