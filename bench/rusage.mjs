// Preloaded into every process the bench measures (`node --import ./bench/rusage.mjs ...`):
// at exit it writes the process's resource usage (maxRSS covers every thread:
// Node, its workers and DuckDB's) to the file named by LAKEGATE_BENCH_RUSAGE.
import { writeFileSync } from "node:fs"

const target = process.env.LAKEGATE_BENCH_RUSAGE
if (target) {
  process.on("exit", () => {
    try {
      writeFileSync(target, JSON.stringify(process.resourceUsage()))
    } catch {
      // the bench reports the run without its resource usage
    }
  })
}
