/**
 * Where the CLI writes a run's reports.
 */
import { Effect } from "effect"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type { RunReport } from "../report/RunReport.ts"

/** Write the run's reports; returns the paths written. */
export const writeRunReports = (report: RunReport, reportsDir: string): Effect.Effect<ReadonlyArray<string>> =>
  Effect.promise(async () => {
    const dir = join(reportsDir, report.ingestionDate)
    await mkdir(dir, { recursive: true })
    const path = join(dir, "quality.json")
    await writeFile(path, JSON.stringify(report, null, 2))
    return [path]
  })
