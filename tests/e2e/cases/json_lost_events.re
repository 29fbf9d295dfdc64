\{"type": "attached_probes", "count": 2, "data": \{"probes": 2\}\}
(\{"type": "printf", "data": "\d+\\n"\}
){100,800}\{"type": "lost_events", "count": \d+, "data": \{"events": \d+\}\}
