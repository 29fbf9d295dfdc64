"""tc probes through a clsact qdisc and a netlink filter, the way kernels
without tcx links (before 6.6) attach them: run on this machine with
BPFSH_TC_NETLINK=1, and under QEMU's stock 6.1 kernel without it
(tests/kernel/run.py). In namespaces of their own, as net_tests.py's."""
import os
import re
import signal
import time
from pathlib import Path

from net_tests import UDP_SEND, in_ns, sh, start, stop, veth_pair

UDP_PRINT = ('tc:bt1:egress /has(pkt.udp)/ { printf("%s:%d -> %s:%d\\n", ntop(pkt.ip.saddr), pkt.udp.sport, '
             'ntop(pkt.ip.daddr), pkt.udp.dport); }')
WANT = "192.0.2.2:40000 -> 192.0.2.1:5353\n" * 2
PRIORITY = 47605  # tc_clsact.cpp's


def env(forced):
    e = dict(os.environ)
    if forced:
        e["BPFSH_TC_NETLINK"] = "1"
    return e


def tc_state(ns, dev):
    """The clsact qdisc (or none) and bpfsh's filters on dev, as tc shows them."""
    qdisc = "clsact" in sh("tc", "-n", ns, "qdisc", "show", "dev", dev).stdout
    filters = []
    for direction in ("ingress", "egress"):
        out = sh("tc", "-n", ns, "filter", "show", "dev", dev, direction, check=False).stdout
        filters += [f"{direction} handle {m}" for m in re.findall(rf"pref {PRIORITY} bpf .*?handle (0x[0-9a-f]+)", out)]
    return qdisc, filters


def records_of(pid):
    d = Path("/run/bpfsh/tc")
    return sorted(p.name for p in d.iterdir() if p.name.startswith(f"{pid}.")) if d.exists() else []


def printed(out):
    return out.rstrip("\n") + "\n"


def prints_udp_and_cleans_up(bpfsh, forced):
    with veth_pair("nl") as (a, b):
        p = start(bpfsh, b, UDP_PRINT, env=env(forced))
        during = tc_state(b, "bt1")
        in_ns(b, UDP_SEND)
        time.sleep(0.2)
        status, out, err = stop(p)
        after, left = tc_state(b, "bt1"), records_of(p.pid)
    if status != 0 or printed(out) != WANT or during[0] is not True or len(during[1]) != 1 or after != (False, []) or left:
        return (f"exit {status}, stdout {out!r}, stderr {err!r}, qdisc/filters while running {during}, "
                f"after {after}, records left {left}")
    return None


def keeps_a_qdisc_it_did_not_make(bpfsh, forced):
    with veth_pair("nlq") as (a, b):
        sh("tc", "-n", b, "qdisc", "add", "dev", "bt1", "clsact")
        p = start(bpfsh, b, UDP_PRINT, env=env(forced))
        in_ns(b, UDP_SEND)
        time.sleep(0.2)
        status, out, err = stop(p)
        after = tc_state(b, "bt1")
    if status != 0 or printed(out) != WANT or after != (True, []):
        return f"exit {status}, stdout {out!r}, stderr {err!r}, qdisc/filters after {after}"
    return None


def next_run_removes_what_a_killed_one_left(bpfsh, forced):
    with veth_pair("nlk") as (a, b):
        p = start(bpfsh, b, UDP_PRINT, env=env(forced))
        stop(p, signal.SIGKILL)
        killed = tc_state(b, "bt1")
        p2 = start(bpfsh, b, UDP_PRINT, env=env(forced))
        in_ns(b, UDP_SEND)
        time.sleep(0.2)
        status, out, err = stop(p2)
        after = tc_state(b, "bt1")
        left = records_of(p.pid) + records_of(p2.pid)
    said = (f"bpfsh: removing what an earlier bpfsh (pid {p.pid}) left on bt1: its tc egress filter" in err
            and f"(pid {p.pid}) left on bt1: the clsact qdisc it made" in err)
    if (killed != (True, [f"egress handle {p.pid:#x}"]) or status != 0 or printed(out) != WANT or not said
            or after != (False, []) or left):
        return (f"after SIGKILL {killed}; next run: exit {status}, stdout {out!r}, stderr {err!r}, "
                f"after it {after}, records left {left}")
    return None


TESTS = [("tc_netlink_prints_udp_and_cleans_up", prints_udp_and_cleans_up),
         ("tc_netlink_keeps_a_qdisc_it_did_not_make", keeps_a_qdisc_it_did_not_make),
         ("tc_netlink_next_run_removes_what_a_killed_one_left", next_run_removes_what_a_killed_one_left)]
