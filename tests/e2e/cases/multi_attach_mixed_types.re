uprobe uprobe:/\S+/workload:label label
uprobe uprobe:/\S+/workload:label label
tracepoint tracepoint:syscalls:sys_enter_exit_group sys_enter_exit_group


