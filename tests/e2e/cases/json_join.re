\{"type": "attached_probes", "count": 1, "data": \{"probes": 1\}\}
\{"type": "join", "data": "/\S+/workload,label,a,b c"\}
