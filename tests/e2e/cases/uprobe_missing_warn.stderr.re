\S+:5:\d+-\d+: WARNING: No matches for uprobe \S+/workload:sqaure\. Skipping\.
uprobe:\S+/workload:square, uprobe:\S+/workload:sqaure /pid == cpid/ \{ @calls = count\(\); \}
 *~+
HINT: did you mean square\? list them with: bpfsh -l 'uprobe:\S+/workload:\*'
Attached 1 probe
