# `cmake --install build [--prefix DIR]`: the tool, its man page, shell
# completions and documentation, where Debian's tools put theirs.
include(GNUInstallDirs)

# bpfsh-metrics stays beside bpfsh and bpfsh-run: each starts it from its
# own folder.
install(TARGETS bpfsh bpfsh-run bpfsh-metrics RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_BINARY_DIR}/bpfsh.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${PROJECT_SOURCE_DIR}/completions/bpfsh.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME bpfsh)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_bpfsh DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
file(GLOB bpfsh_docs ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${bpfsh_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR})
