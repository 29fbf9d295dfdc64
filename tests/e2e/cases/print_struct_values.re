\{ \.weight = 1048576, \.inv_weight = 4194304 \}
\{ \.mnt = 0xffff[0-9a-f]+, \.dentry = 0xffff[0-9a-f]+ \}
bpfsh
\{ \.rlim_cur = \d+, \.rlim_max = \d+ \}
