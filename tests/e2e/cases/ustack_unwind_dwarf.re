

@p\[
	[0-9a-f]+ (__libc_)?malloc\+0 \(/\S*libc\.so\.6\)
	[0-9a-f]+ inner\+\d+ \(\S*/stack_target\)
	[0-9a-f]+ middle\+\d+ \(\S*/stack_target\)
\]: 5
@t\[
        \S+\+\d+
\]: 1
@u\[
        (__libc_)?malloc\+0
        inner\+\d+
        middle\+\d+
        outer\+\d+
        main\+\d+
        __libc_start_call_main\+\d+
        __libc_start_main\+\d+
        _start\+\d+
\]: 5
