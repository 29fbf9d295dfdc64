

@\[stack_target, (__libc_)?malloc\]: 3
@\[bash, (__libc_)?malloc\]: \d+
