
        inner\+0
        middle\+\d+
        outer\+\d+


	[0-9a-f]+ inner\+0 \(\S+/stack_target\)
	[0-9a-f]+ middle\+\d+ \(\S+/stack_target\)


[0-9a-f]+
[0-9a-f]+
[0-9a-f]+
[0-9a-f]+



