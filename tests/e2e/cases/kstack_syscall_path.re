

@\[
(        [\w.]+\+\d+\n)+        do_syscall_64\+\d+
        entry_SYSCALL_64_after_hwframe\+\d+
\]: 5
