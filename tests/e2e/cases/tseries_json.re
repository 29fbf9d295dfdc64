\{"type":\ "attached_probes",\ "count":\ 1,\ "data":\ \{"probes":\ 1\}\}\
\{"type":\ "tseries",\ "data":\ \{"@k":\ \{"a":\ \[\{"interval_start":"\d{4}-\d\d-\d\d\ \d\d:\d\d:\d\d\.\d00000000","value":7\}\],\ "b":\ \[\{"interval_start":"\d{4}-\d\d-\d\d\ \d\d:\d\d:\d\d\.\d00000000","value":\-1\}\]\}\}\}\
\{"type":\ "tseries",\ "data":\ \{"@s":\ \[\{"interval_start":"\d{4}-\d\d-\d\d\ \d\d:\d\d:\d\d\.\d00000000","value":4\}\]\}\}\
