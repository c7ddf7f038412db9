// Preloaded (`node --require`) into the processes the benchmark measures: when the process exits,
// it writes its peak resident set size (getrusage ru_maxrss, in kilobytes) and the CPU time it used
// (user + system, milliseconds) as JSON to the file named by GATEWAY_REFS_BENCH_RSS_FILE. This works
// the same for the CLI, which ends when its work is done, and the server, which exits on `exit`.

import { writeFileSync } from 'node:fs';

const target = process.env['GATEWAY_REFS_BENCH_RSS_FILE'];
if (target) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(target, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
    } catch {
      // Nothing to report to: the benchmark shows the figure as missing.
    }
  });
}
