Build
  version: v\S+
  libbpf: \d+\.\d+

System
  OS: Linux .*
  Arch: x86_64

Kernel helpers
(  \w+: (yes|no)\n)*  probe_write_user: no
(  \w+: (yes|no)\n)*
Kernel features
  btf: yes
(  [\w ]+: (yes|no)\n)*
Map types
(  [\w ]+: (yes|no)\n)*  ringbuf: yes

Probe types
  kprobe: no \(No such file or directory\)
  kprobe_multi: no \(Operation not supported\)
  fentry: no \(Operation not permitted\)
  fexit: no \(Operation not permitted\)
  tracepoint: yes
  rawtracepoint: yes
  uprobe: yes
  software: yes
  hardware: no \(No such file or directory\)
  iter: yes
  xdp: yes
  tc: yes
  socket: yes
  cgroup_skb: yes
  cgroup_sock_addr: yes
  cgroup_sock: yes
  sockops: yes
