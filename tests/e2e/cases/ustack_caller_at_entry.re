\n        scalars\+0\n        main\+\d+\n(        \S+\n)*\n\n\t[0-9a-f]+ scalars\+0 \(\S+/dwarf_target_opt\)\n\t[0-9a-f]+ main\+\d+ \(\S+/dwarf_target_opt\)\n(\t.*\n)*\n\n[0-9a-f]+\n[0-9a-f]+\n\n\n
