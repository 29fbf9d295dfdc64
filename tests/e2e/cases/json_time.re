\{"type": "attached_probes", "count": 1, "data": \{"probes": 1\}\}
\{"type": "time", "data": "\d\d:\d\d:\d\d\\n"\}
\{"type": "time", "data": "20\d\d-\d\d-\d\d\\n"\}
\{"type": "time", "data": "\[\d\d\]"\}
