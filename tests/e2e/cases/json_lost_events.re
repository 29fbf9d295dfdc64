\{"type": "attached_probes", "count": 2, "data": \{"probes": 2\}\}
(\{"type": "printf", "data": "\d+ a long line[^"]*\\n"\}
){10,300}\{"type": "lost_events", "count": (\d+), "data": \{"events": \2\}\}
\{"type": "total_lost_events", "count": \2, "data": \{"events": \2\}\}
