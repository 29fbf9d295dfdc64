(bpftrace:
        square\+0
        main\+\d+
perf:
	[0-9a-f]+ square\+0 \(/\S+/workload\)
	[0-9a-f]+ main\+\d+ \(/\S+/workload\)
raw:
[0-9a-f]+
){2}

@\[
\]: 2
