Attached 2 probes
Lost (\d+) events
WARNING: Total lost event count: \1
