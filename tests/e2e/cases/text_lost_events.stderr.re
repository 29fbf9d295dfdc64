Attaching 2 probes\.\.\.
Lost \d+ events
