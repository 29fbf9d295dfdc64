"""What a test run left in the kernel: BPF objects of ours (run.py's ours())
that were not there before it and are still there after the kernel has had
its moment to free what a closed descriptor held (up to 3 s), compared by
id, so objects of other bpfsh runs on the machine do not count."""
import time


def left_behind(ours, before):
    """The new (progs, maps, links) ids that stay, or None when none do."""
    left = None
    for _ in range(15):
        left = [sorted(set(a) - set(b)) for a, b in zip(ours(), before)]
        if not any(left):
            return None
        time.sleep(0.2)
    return left


def leak_error(ours, before):
    """The failure to report for what stayed, or None."""
    left = left_behind(ours, before)
    return "BPF objects left behind (progs, maps, links): " + str(left) if left else None
