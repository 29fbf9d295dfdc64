(perf:
	[0-9a-f]+ square\+0 \(/\S+/workload\)
){2}

