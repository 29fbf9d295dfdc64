(bpftrace:
        square\+0
        __libc_start_call_main\+\d+
perf:
	[0-9a-f]+ square\+0 \(/\S+/workload\)
	[0-9a-f]+ __libc_start_call_main\+\d+ \(/\S+libc\S*\)
raw:
[0-9a-f]+
){2}

@\[
\]: 2
