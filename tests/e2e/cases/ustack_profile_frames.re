@\[
        busy_leaf\+\d+
        busy_middle\+\d+
        busy_outer\+\d+
        main\+\d+
(        [^\n]+\n)*\]: \d+


