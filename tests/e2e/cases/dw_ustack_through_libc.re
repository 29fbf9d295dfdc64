

@dw\[
        (__libc_)?malloc\+0
        inner\+\d+
        middle\+\d+
        outer\+\d+
        main\+\d+
        __libc_start_call_main\+\d+
        __libc_start_main\+\d+
        _start\+\d+
\]: 5
@fp\[
        (__libc_)?malloc\+0
        inner\+\d+
\]: 5
