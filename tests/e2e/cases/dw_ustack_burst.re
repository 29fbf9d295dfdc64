

@\[
        inner\+0
        middle\+\d+
        outer\+\d+
\]: 500
