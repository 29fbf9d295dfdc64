"""End-to-end tests of the network probes, run by run.py (`net`).

Each test makes its own pair of network namespaces joined by a veth pair
(192.0.2.1 on `bt0` in the first, 192.0.2.2 on `bt1` in the second: a
documentation range), runs bpfsh in the first, sends traffic from the
second with Python's sockets, and deletes both namespaces in `finally`, so
no packet leaves them. The cgroup tests make a cgroup of their own under
/sys/fs/cgroup and remove it the same way. After each run, bpftool must
show no program, map or link of ours, and the interface no XDP or tcx
program: what bpfsh attached went with it."""
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from leftovers import leak_error

PY = sys.executable


def sh(*args, check=True, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, check=check, timeout=30, **kw)


@contextmanager
def veth_pair(tag):
    a, b = f"bpfsh-{tag}-{os.getpid()}-a", f"bpfsh-{tag}-{os.getpid()}-b"
    try:
        sh("ip", "netns", "add", a)
        sh("ip", "netns", "add", b)
        sh("ip", "-n", a, "link", "add", "bt0", "type", "veth", "peer", "name", "bt1", "netns", b)
        for ns, dev, addr in ((a, "bt0", "192.0.2.1/24"), (b, "bt1", "192.0.2.2/24")):
            sh("ip", "-n", ns, "addr", "add", addr, "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        yield a, b
    finally:
        sh("ip", "netns", "del", a, check=False)
        sh("ip", "netns", "del", b, check=False)


def cgroup2_root():
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        pre, _, post = line.partition(" - ")
        if post.startswith("cgroup2 "):
            return Path(pre.split()[4])
    raise RuntimeError("no cgroup2 file system is mounted")


@contextmanager
def test_cgroup(tag):
    path = cgroup2_root() / f"bpfsh-{tag}-{os.getpid()}"
    path.mkdir()
    try:
        yield path
    finally:
        for _ in range(50):
            try:
                path.rmdir()
                break
            except OSError:
                time.sleep(0.1)


def in_ns(ns, code, cgroup=None):
    """Runs Python code in namespace ns (and cgroup, if given); returns its stdout."""
    cmd = ["ip", "netns", "exec", ns, PY, "-c", code]
    if cgroup:
        # Join the cgroup first: what it then runs is the cgroup's.
        cmd = ["sh", "-c", f'echo $$ > {cgroup}/cgroup.procs && exec "$@"', "sh"] + cmd
    return sh(*cmd).stdout


def start(bpfsh, ns, script, *opts, env=None):
    cmd = [bpfsh, *opts, "-e", script]
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    # What bpfsh says before "Attached" (that it removed an earlier run's
    # leftovers) is kept for stop()'s stderr.
    p.said_first = ""
    while True:
        line = p.stderr.readline()
        if "Attached" in line:
            return p
        if not line.startswith("bpfsh: "):
            p.kill()
            out, err = p.communicate()
            raise RuntimeError(f"did not attach: {p.said_first}{line}{err}")
        p.said_first += line


def stop(p, sig=signal.SIGINT):
    p.send_signal(sig)
    out, err = p.communicate(timeout=30)
    return p.returncode, out, p.said_first + err


def left_on(ns, dev):
    """XDP programs, tc filters and qdiscs still on the interface, as `ip link`,
    bpftool and tc see them. (Debian's bpftool 7.1 does not show tcx links
    by interface; a tcx link left behind holds one of our programs, which
    net_checks' bpftool check counts.)"""
    link = json.loads(sh("ip", "-n", ns, "-d", "-j", "link", "show", dev).stdout)[0]
    left = ["xdp"] if "xdp" in link else []
    out = sh("ip", "netns", "exec", ns, "bpftool", "-j", "net", "show", "dev", dev, check=False).stdout
    for entry in json.loads(out or "[]"):
        for kind in ("xdp", "tc", "tcx"):
            if entry.get(kind):
                left.append(f"{kind}: {entry[kind]}")
    # tc probes need no qdisc: none may appear.
    qdiscs = sh("tc", "-n", ns, "qdisc", "show", "dev", dev).stdout
    if "clsact" in qdiscs or "ingress" in qdiscs:
        left.append("qdisc: " + qdiscs.strip())
    return left


TCP_SYNS = """
import socket
for port in (7, 7, 7, 9):
    s = socket.socket()
    s.settimeout(1)
    try:
        s.connect(("192.0.2.1", port))
    except OSError:
        pass
    s.close()
"""


def xdp_counts_tcp_syns(bpfsh):
    with veth_pair("xdp") as (a, b):
        p = start(bpfsh, a, 'xdp:bt0 /has(pkt.tcp) && (pkt.tcp.flags & 0x12) == 0x02/ '
                            '{ @syn[pkt.tcp.dport] = count(); }')
        in_ns(b, TCP_SYNS)
        status, out, err = stop(p)
        left = left_on(a, "bt0")
    want = "@syn[9]: 1\n@syn[7]: 3\n"
    if status != 0 or want not in out or left:
        return f"exit {status}, stdout {out!r}, stderr {err!r}, left on bt0: {left}"
    return None


UDP_SEND = """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 40000))
for _ in range(2):
    s.sendto(b"hello", ("192.0.2.1", 5353))
"""


def tc_egress_prints_udp(bpfsh):
    with veth_pair("tc") as (a, b):
        p = start(bpfsh, b, 'tc:bt1:egress /has(pkt.udp)/ { printf("%s:%d -> %s:%d len %d\\n", '
                            'ntop(pkt.ip.saddr), pkt.udp.sport, ntop(pkt.ip.daddr), pkt.udp.dport, pkt.udp.len); }')
        in_ns(b, UDP_SEND)
        time.sleep(0.2)
        status, out, err = stop(p)
        left = left_on(b, "bt1")
    want = "192.0.2.2:40000 -> 192.0.2.1:5353 len 13\n" * 2
    if status != 0 or out.rstrip("\n") + "\n" != want or left:
        return f"exit {status}, stdout {out!r}, stderr {err!r}, left on bt1: {left}"
    return None


def ping_code(count, wait=1.0):
    """ICMP echo requests from a raw socket (no ping binary needed); prints
    how many were answered."""
    return f"""
import socket, struct, time
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.settimeout({wait})
got = 0
for seq in range({count}):
    hdr = struct.pack("!BBHHH", 8, 0, 0, 0x4242, seq) + b"bpfsh-ping!!"
    pkt = hdr[:2] + struct.pack("!H", csum(hdr)) + hdr[4:]
    s.sendto(pkt, ("192.0.2.1", 0))
    end = time.time() + {wait}
    while time.time() < end:
        try:
            data = s.recv(256)
        except socket.timeout:
            break
        if data[20] == 0 and struct.unpack("!H", data[26:28])[0] == seq:
            got += 1
            break
print(got)
"""


def socket_counts_echo_requests(bpfsh):
    with veth_pair("sock") as (a, b):
        p = start(bpfsh, a, 'socket:bt0 /has(pkt.ip) && has(pkt.icmp) && pkt.icmp.type == 8/ { @echo = count(); }')
        answered = in_ns(b, ping_code(3)).strip()
        status, out, err = stop(p)
    if status != 0 or "@echo: 3\n" not in out or answered != "3":
        return f"exit {status}, stdout {out!r}, stderr {err!r}, answered {answered}"
    return None


def drop_blocks_ping(bpfsh):
    with veth_pair("drop") as (a, b):
        before = in_ns(b, ping_code(1)).strip()
        p = start(bpfsh, a, 'xdp:bt0 /has(pkt.ip) && pkt.icmp.type == 8/ { @dropped = count(); drop(); }', "--unsafe")
        during = in_ns(b, ping_code(2, 0.5)).strip()
        status, out, err = stop(p)
        after = in_ns(b, ping_code(1)).strip()
        left = left_on(a, "bt0")
    if (before, during, after) != ("1", "0", "1") or status != 0 or "@dropped: 2\n" not in out or left:
        return (f"answered before/during/after: {before}/{during}/{after}, exit {status}, stdout {out!r}, "
                f"stderr {err!r}, left on bt0: {left}")
    return None


CONNECT = """
import os, socket
print(os.getpid(), flush=True)
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("192.0.2.1", 8080))
except OSError:
    pass
"""


def sock_addr_sees_connect(bpfsh):
    with veth_pair("conn") as (a, b), test_cgroup("conn") as cg:
        p = start(bpfsh, None, f'cgroup_sock_addr:{cg}:connect4 {{ printf("%s:%d pid %d %s family %d proto %d\\n", '
                               'ntop(ctx.user_ip4), ctx.user_port, pid, comm, ctx.family, ctx.protocol); }')
        pid = in_ns(b, CONNECT, cgroup=cg).strip()
        time.sleep(0.2)
        status, out, err = stop(p)
    want = f"192.0.2.1:8080 pid {pid} python3 family 2 proto 6\n"
    if status != 0 or out.rstrip("\n") + "\n" != want:
        return f"exit {status}, stdout {out!r}, want {want!r}, stderr {err!r}"
    return None


UDP_ECHO = """
import socket, threading
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("127.0.0.1", 0))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    c.sendto(b"x" * 100, srv.getsockname())
    data, peer = srv.recvfrom(200)
"""


def cgroup_skb_counts_bytes(bpfsh):
    # 3 datagrams of 100 bytes over loopback: 128 bytes each with their
    # IP and UDP headers, out of the cgroup's socket and into it.
    with veth_pair("skb") as (a, b), test_cgroup("skb") as cg:
        p = start(bpfsh, None, f'cgroup_skb:{cg}:ingress /has(pkt.udp)/ {{ @bytes["in"] = sum(pkt.len); }} '
                               f'cgroup_skb:{cg}:egress /has(pkt.udp)/ {{ @bytes["out"] = sum(pkt.len); }}')
        in_ns(b, UDP_ECHO, cgroup=cg)
        status, out, err = stop(p)
    if status != 0 or '@bytes[in]: 384\n' not in out or '@bytes[out]: 384\n' not in out:
        return f"exit {status}, stdout {out!r}, stderr {err!r}"
    return None


UDP_TO_9999 = """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 40000))
for msg in (b"hello", b"pcap!!"):
    s.sendto(msg, ("192.0.2.1", 9999))
"""


def pcap_records(path):
    """(link type, [(captured, length), ...]) of a pcap file, read by hand:
    what tcpdump does not print."""
    data = Path(path).read_bytes()
    magic, _, _, _, _, _, link = struct.unpack("<IHHiIII", data[:24])
    if magic != 0xa1b2c3d4:
        raise RuntimeError(f"{path}: magic {magic:#x}")
    out, off = [], 24
    while off < len(data):
        _, _, cap, length = struct.unpack("<IIII", data[off:off + 16])
        out.append((cap, length))
        off += 16 + cap
    return link, out


def tcpdump_read(path):
    return sh("tcpdump", "-r", str(path), "-n", "-tt").stdout.splitlines()


def pcap_writes_what_tcpdump_reads(bpfsh):
    # Three pings and two UDP datagrams into bt0, captured whole by xdp and
    # by their first 34 bytes (Ethernet and IP headers) by tc; datagrams out
    # of a cgroup's socket, as IP packets without their link layer, by
    # cgroup_skb (in a bpfsh outside the namespace: `ip netns exec` mounts a
    # sysfs of its own, without the cgroups).
    with veth_pair("pcap") as (a, b), test_cgroup("pcap") as cg, tempfile.TemporaryDirectory() as tmp:
        whole, head, raw = Path(tmp, "whole.pcap"), Path(tmp, "head.pcap"), Path(tmp, "raw.pcap")
        p = start(bpfsh, a, f'xdp:bt0 /has(pkt.ip) && (has(pkt.icmp) || has(pkt.udp))/ {{ pcap("{whole}"); }} '
                            f'tc:bt0:ingress /has(pkt.ip) && has(pkt.icmp)/ {{ pcap("{head}", 34); }}')
        q = start(bpfsh, None, f'cgroup_skb:{cg}:egress /has(pkt.udp)/ {{ pcap("{raw}"); }}')
        started = time.time()
        answered = in_ns(b, ping_code(3)).strip()
        in_ns(b, UDP_TO_9999)
        in_ns(a, UDP_TO_LOOPBACK, cgroup=cg)
        time.sleep(0.2)
        status, out, err = stop(p)
        status2, _, err2 = stop(q)
        lines = {f.name: tcpdump_read(f) for f in (whole, head, raw)}
        records = {f.name: pcap_records(f) for f in (whole, head, raw)}
    want_whole = [f"IP 192.0.2.2 > 192.0.2.1: ICMP echo request, id 16962, seq {i}, length 20" for i in range(3)]
    want_whole += ["IP 192.0.2.2.40000 > 192.0.2.1.9999: UDP, length 5",
                   "IP 192.0.2.2.40000 > 192.0.2.1.9999: UDP, length 6"]
    got_whole = [line.split(" ", 1)[1] for line in lines["whole.pcap"]]
    stamps_ok = all(abs(float(line.split()[0]) - started) < 30 for line in lines["whole.pcap"])
    got_raw = [line.split(" ", 1)[1] for line in lines["raw.pcap"]]
    if (status != 0 or status2 != 0 or answered != "3" or got_whole != want_whole or not stamps_ok
            or records["head.pcap"] != (1, [(34, 54)] * 3) or records["raw.pcap"] != (101, [(128, 128)] * 3)
            or got_raw != ["IP 127.0.0.1.40002 > 127.0.0.1.9999: UDP, length 100"] * 3):
        return (f"exit {status}/{status2}, answered {answered}, stderr {err!r} {err2!r}, tcpdump {lines}, "
                f"records {records}")
    return None


UDP_TO_LOOPBACK = """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 40002))
for _ in range(3):
    s.sendto(b"x" * 100, ("127.0.0.1", 9999))
"""


BIND_UDP = """
import os, socket
print(os.getpid(), flush=True)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 40003))
u.close()
"""


def cgroup_sock_sees_create_bind_release(bpfsh):
    with veth_pair("sk") as (a, b), test_cgroup("sk") as cg:
        p = start(bpfsh, None,
                  f'cgroup_sock:{cg}:create {{ printf("create pid %d %s family %d type %d proto %d\\n", '
                  'pid, comm, ctx.family, ctx.type, ctx.protocol); } '
                  f'cgroup_sock:{cg}:post_bind4 {{ printf("post_bind4 pid %d %s:%d\\n", pid, ntop(ctx.src_ip4), '
                  'ctx.src_port); } '
                  f'cgroup_sock:{cg}:release {{ printf("release pid %d family %d type %d proto %d\\n", pid, '
                  'ctx.family, ctx.type, ctx.protocol); }')
        pid = in_ns(b, BIND_UDP, cgroup=cg).strip()
        time.sleep(0.2)
        status, out, err = stop(p)
    want = (f"create pid {pid} python3 family 2 type 2 proto 17\n"
            f"post_bind4 pid {pid} 127.0.0.1:40003\n"
            f"release pid {pid} family 2 type 2 proto 17\n")
    if status != 0 or out.rstrip("\n") + "\n" != want:
        return f"exit {status}, stdout {out!r}, want {want!r}, stderr {err!r}"
    return None


TCP_OVER_LOOPBACK = """
import socket
srv = socket.socket()
srv.bind(("127.0.0.1", 40004))
srv.listen()
c = socket.create_connection(("127.0.0.1", 40004))
conn, peer = srv.accept()
print(c.getsockname()[1], flush=True)
c.close(); conn.close(); srv.close()
"""


def sockops_sees_tcp_connect(bpfsh):
    # One connection inside the cgroup: the client's side is established
    # actively (op 4, after TCP_CONNECT_CB, op 3), the server's passively (5).
    with veth_pair("ops") as (a, b), test_cgroup("ops") as cg:
        p = start(bpfsh, None, f'sockops:{cg} /ctx.op == 4 || ctx.op == 5/ {{ printf("op %d local %d remote %d\\n", '
                               'ctx.op, ctx.local_port, ctx.remote_port); } '
                               f'sockops:{cg} /ctx.op == 3/ {{ @connect = count(); }}')
        port = in_ns(b, TCP_OVER_LOOPBACK, cgroup=cg).strip()
        time.sleep(0.2)
        status, out, err = stop(p)
    lines = sorted(line for line in out.splitlines() if line.startswith("op "))
    want = [f"op 4 local {port} remote 40004", f"op 5 local 40004 remote {port}"]
    if status != 0 or lines != want or "@connect: 1\n" not in out:
        return f"exit {status}, stdout {out!r}, want {want}, stderr {err!r}"
    return None


UDP6_WITH_OPTIONS = """
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("2001:db8::2", 40000))
s.sendto(b"plain", ("2001:db8::1", 9999))
# A destination options header (IPV6_DSTOPTS, 59) of 8 bytes: a PadN
# option of 4 zero bytes; the kernel fills in its next header.
s.setsockopt(socket.IPPROTO_IPV6, 59, bytes([0, 0, 1, 4, 0, 0, 0, 0]))
s.sendto(b"options", ("2001:db8::1", 9999))
s.setsockopt(socket.IPPROTO_IPV6, 59, b"")
# Past the veth's MTU of 1500: three fragments, the first with the UDP header.
s.sendto(b"f" * 3000, ("2001:db8::1", 9999))
"""


def ip6_extension_headers_skipped(bpfsh):
    # xdp reads the UDP header past a destination options header and a
    # fragment header; tc (an interface has one XDP program) counts the
    # later fragments, which have none.
    with veth_pair("ip6") as (a, b):
        for ns, dev, addr in ((a, "bt0", "2001:db8::1/64"), (b, "bt1", "2001:db8::2/64")):
            sh("ip", "-n", ns, "addr", "add", addr, "dev", dev, "nodad")
        p = start(bpfsh, a, 'xdp:bt0 /has(pkt.ip6) && has(pkt.udp)/ { printf("%s:%d -> %s:%d nexthdr %d len %d\\n", '
                            'ntop(pkt.ip6.saddr), pkt.udp.sport, ntop(pkt.ip6.daddr), pkt.udp.dport, '
                            'pkt.ip6.nexthdr, pkt.udp.len); } '
                            'tc:bt0:ingress /pkt.ip6.nexthdr == 44 && !has(pkt.udp)/ { @later_fragments = count(); }')
        in_ns(b, UDP6_WITH_OPTIONS)
        time.sleep(0.2)
        status, out, err = stop(p)
    want = ("2001:db8::2:40000 -> 2001:db8::1:9999 nexthdr 17 len 13\n"
            "2001:db8::2:40000 -> 2001:db8::1:9999 nexthdr 60 len 15\n"
            "2001:db8::2:40000 -> 2001:db8::1:9999 nexthdr 44 len 3008\n")
    if status != 0 or not out.startswith(want) or "@later_fragments: 2\n" not in out:
        return f"exit {status}, stdout {out!r}, want {want!r}, stderr {err!r}"
    return None


TAGGED_FRAMES = """
import socket, struct, sys
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
src = bytes.fromhex(open("/sys/class/net/bt1/address").read().strip().replace(":", ""))
def ip_udp(port):
    udp = struct.pack("!HHHH", 40000, port, 8 + 4, 0) + b"vlan"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton("192.0.2.2"), socket.inet_aton("192.0.2.1"))
    words = struct.unpack("!10H", ip)
    c = sum(words)
    c = (c & 0xFFFF) + (c >> 16)
    ip = ip[:10] + struct.pack("!H", ~c & 0xFFFF) + ip[12:]
    return ip + udp
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("bt1", 0))
# Untagged, one 802.1Q tag (VID 10), and QinQ: an 802.1ad tag, then 802.1Q.
s.send(dst + src + struct.pack("!H", 0x0800) + ip_udp(4001))
s.send(dst + src + struct.pack("!HHH", 0x8100, 10, 0x0800) + ip_udp(4002))
s.send(dst + src + struct.pack("!HHHHH", 0x88A8, 20, 0x8100, 10, 0x0800) + ip_udp(4003))
"""


def vlan_tags_skipped_on_wildcard_interfaces(bpfsh):
    # xdp:bt* attaches to every interface the glob matches (bt0 here, not
    # lo); frames with one or two VLAN tags, which veth passes untouched as
    # a raw socket sent them, parse to the same IP and UDP fields.
    with veth_pair("vlan") as (a, b):
        mac = json.loads(sh("ip", "-n", a, "-j", "link", "show", "bt0").stdout)[0]["address"]
        p = start(bpfsh, a, 'xdp:bt* /has(pkt.udp) && pkt.udp.sport == 40000/ { printf("%s %d %s:%d len %d\\n", '
                            'probe, pkt.eth.proto, ntop(pkt.ip.saddr), pkt.udp.dport, pkt.udp.len); }')
        sh("ip", "netns", "exec", b, PY, "-c", TAGGED_FRAMES, mac)
        time.sleep(0.2)
        status, out, err = stop(p)
        listed = sh("ip", "netns", "exec", a, bpfsh, "-l", "xdp:bt*").stdout
    want = "".join(f"xdp:bt0 2048 192.0.2.2:{port} len 12\n" for port in (4001, 4002, 4003))
    if status != 0 or not out.startswith(want) or listed != "xdp:bt0\n":
        return f"exit {status}, stdout {out!r}, want {want!r}, -l lists {listed!r}, stderr {err!r}"
    return None


def redirect_bounces_pings(bpfsh):
    # tc ingress on bt0 sends echo requests back out of bt0 (--unsafe): the
    # pinging side gets no answer, and its own xdp sees its requests come back.
    with veth_pair("redir") as (a, b):
        back = start(bpfsh, b, 'xdp:bt1 /has(pkt.ip) && pkt.icmp.type == 8/ { @bounced = count(); }')
        p = start(bpfsh, a, 'tc:bt0:ingress /has(pkt.ip) && pkt.icmp.type == 8/ { @redirected = count(); '
                            'redirect(pkt.ifindex); }', "--unsafe")
        during = in_ns(b, ping_code(2, 0.5)).strip()
        status, out, err = stop(p)
        status2, out2, err2 = stop(back)
        after = in_ns(b, ping_code(1)).strip()
        left = left_on(a, "bt0")
    if ((during, after) != ("0", "1") or status != 0 or status2 != 0 or "@redirected: 2\n" not in out
            or "@bounced: 2\n" not in out2 or left):
        return (f"answered during/after: {during}/{after}, exit {status}/{status2}, stdout {out!r} {out2!r}, "
                f"stderr {err!r} {err2!r}, left on bt0: {left}")
    return None


def signals_leave_nothing(bpfsh):
    # SIGTERM ends bpfsh as usual; SIGKILL stands for a crash: the links and
    # the socket go with the process either way.
    with veth_pair("sig") as (a, b):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            p = start(bpfsh, a, "xdp:bt0 { @x = count(); } tc:bt0:ingress { @t = count(); } "
                                "tc:bt0:egress { @e = count(); } socket:bt0 { @s = count(); }")
            in_ns(b, TCP_SYNS)
            status, out, err = stop(p, sig)
            time.sleep(0.2)
            left = left_on(a, "bt0")
            if left or (sig == signal.SIGTERM and status != 0):
                return f"{signal.Signals(sig).name}: exit {status}, stderr {err!r}, left on bt0: {left}"
    return None


def failed_attach_leaves_nothing(bpfsh):
    with veth_pair("fail") as (a, b):
        p = subprocess.run(["ip", "netns", "exec", a, bpfsh, "-e", "xdp:bt0 { @x = count(); } "
                            "tc:bt0:ingress { @t = count(); } cgroup_skb:no-such-cgroup:ingress { @c = count(); }"],
                           capture_output=True, text=True, timeout=30)
        left = left_on(a, "bt0")
    if p.returncode != 1 or "failed to open the cgroup" not in p.stderr or left:
        return f"exit {p.returncode}, stderr {p.stderr!r}, left on bt0: {left}"
    return None


def net_checks(bpfsh, ours):
    """ours(): run.py's (progs, maps, links) of bpfsh no live process holds."""
    from net_tc_netlink import TESTS as NETLINK_TESTS  # it imports this module's helpers
    netlink = [(name, lambda bpfsh, fn=fn: fn(bpfsh, forced=True)) for name, fn in NETLINK_TESTS]
    results = []
    for name, fn in netlink + [("xdp_counts_tcp_syns", xdp_counts_tcp_syns), ("tc_egress_prints_udp", tc_egress_prints_udp),
                     ("socket_counts_echo_requests", socket_counts_echo_requests),
                     ("drop_blocks_ping", drop_blocks_ping), ("redirect_bounces_pings", redirect_bounces_pings), ("sock_addr_sees_connect", sock_addr_sees_connect),
                     ("cgroup_skb_counts_bytes", cgroup_skb_counts_bytes),
                     ("pcap_writes_what_tcpdump_reads", pcap_writes_what_tcpdump_reads),
                     ("cgroup_sock_sees_create_bind_release", cgroup_sock_sees_create_bind_release),
                     ("sockops_sees_tcp_connect", sockops_sees_tcp_connect),
                     ("ip6_extension_headers_skipped", ip6_extension_headers_skipped),
                     ("vlan_tags_skipped_on_wildcard_interfaces", vlan_tags_skipped_on_wildcard_interfaces),
                     ("signals_leave_nothing", signals_leave_nothing),
                     ("failed_attach_leaves_nothing", failed_attach_leaves_nothing)]:
        before = ours()
        try:
            err = fn(bpfsh)
        except (RuntimeError, subprocess.SubprocessError, OSError) as e:
            err = f"{type(e).__name__}: {e}"
        err = err or leak_error(ours, before)
        results.append(("net/" + name, err))
    return results
