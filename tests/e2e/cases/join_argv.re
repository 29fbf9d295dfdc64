/\S+/workload label kernel tracing rocks
/\S+/workload, label, kernel, tracing, rocks


