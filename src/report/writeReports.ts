/**
 * Write the reports of a run, per ingestion date:
 *
 * ```
 * reports/
 *   index.html              every date and run, with verdicts and links
 *   2024-05-01/
 *     quality.json          DateReport: every run of the date, `latest` names the newest
 *     quality.html          the latest run in full, trends, the date's earlier runs
 *     junit.xml             the latest run's checks as JUnit test cases
 * ```
 *
 * and, when `GITHUB_STEP_SUMMARY` names a file, a markdown summary appended to it.
 * `quality.json` is the source of truth: `rerenderReports` rebuilds everything
 * else from it.
 *
 * @example
 * const paths = yield* writeReports(report, "reports") // needs FileSystem and Path (NodeContext.layer)
 */
import { FileSystem, Path } from "@effect/platform"
import { Config, Effect, Option } from "effect"
import { withErrorDetail } from "./cause.ts"
import { trendPoint } from "./figures.ts"
import { renderIndexHtml, renderQualityHtml } from "./html.ts"
import { renderJUnit } from "./junit.ts"
import { renderMarkdown } from "./markdown.ts"
import { ReportError } from "./ReportError.ts"
import type { DateReport, RunReport } from "./RunReport.ts"
import {
  appendRun,
  checkDate,
  dateFiles,
  decodeDateReport,
  encodeDateReport,
  indexFile,
  loadDateReports,
  makeDirectory,
  readDateReport,
  writeFileAtomic
} from "./store.ts"

/** The GitHub Actions step summary file, when set and not empty. */
export const stepSummaryFile: Effect.Effect<Option.Option<string>> = Config.option(Config.string("GITHUB_STEP_SUMMARY")).pipe(
  Effect.map(Option.filter((file) => file.trim() !== "")),
  Effect.orElseSucceed(() => Option.none<string>())
)

/**
 * Render `quality.html` and `junit.xml` of a date and the `index.html` of all
 * dates, from the date's report and the other dates found on disk.
 * Returns the paths written.
 */
export const renderDate = (reportsDir: string, report: DateReport): Effect.Effect<ReadonlyArray<string>, ReportError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const files = dateFiles(path, reportsDir, report.ingestionDate)
    const loaded = yield* loadDateReports(reportsDir)
    const all = [...loaded.reports.filter((r) => r.ingestionDate !== report.ingestionDate), report].sort((a, b) => a.ingestionDate.localeCompare(b.ingestionDate))
    const trend = all.filter((r) => r.ingestionDate <= report.ingestionDate).flatMap((r) => trendPoint(r) ?? [])
    const unreadable = loaded.unreadable.filter((u) => u.path !== files.json)
    const index = indexFile(path, reportsDir)
    yield* makeDirectory(files.dir)
    yield* writeFileAtomic(files.html, renderQualityHtml({ report, trend, unreadable }))
    yield* writeFileAtomic(files.junit, renderJUnit(report))
    yield* writeFileAtomic(index, renderIndexHtml(all, unreadable))
    return [files.html, files.junit, index]
  })

/** Append the markdown summary of a run to `$GITHUB_STEP_SUMMARY`, if set; returns the file appended to. */
export const appendStepSummary = (run: RunReport, reportPath: string): Effect.Effect<ReadonlyArray<string>, ReportError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const file = yield* stepSummaryFile
    if (Option.isNone(file)) return []
    const fs = yield* FileSystem.FileSystem
    yield* fs
      .writeFileString(file.value, `${renderMarkdown(run, reportPath)}\n`, { flag: "a" })
      .pipe(Effect.mapError((e) => new ReportError({ kind: "io", path: file.value, message: `cannot append the step summary to ${file.value}: ${e.message}` })))
    return [file.value]
  })

/**
 * Record a run in `reports/<date>/quality.json` (keeping every earlier run of
 * the date; a run with the same id is replaced), then render the date's HTML
 * and JUnit, the index, and the step summary. Returns the paths written:
 * quality.json, quality.html, junit.xml, index.html, and the step summary file if any.
 */
export const writeReports = (report: RunReport, reportsDir: string): Effect.Effect<ReadonlyArray<string>, ReportError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const date = yield* checkDate(report.ingestionDate, reportsDir)
    const files = dateFiles(path, reportsDir, date)
    yield* makeDirectory(files.dir)
    const existing = yield* readDateReport(files.json, date)
    // A long error keeps its first line as the message and its full text as `error.detail`.
    const dateReport = appendRun(existing, withErrorDetail(report))
    const text = yield* encodeDateReport(dateReport, files.json)
    // Never write a file that would not read back (e.g. a NaN, which JSON turns into null).
    yield* decodeDateReport(text, files.json).pipe(
      Effect.mapError((e) => new ReportError({ kind: "invalid", path: files.json, message: `refusing to write a report that does not read back: ${e.message}` }))
    )
    yield* writeFileAtomic(files.json, text)
    const rendered = yield* renderDate(reportsDir, dateReport)
    const summary = yield* appendStepSummary(withErrorDetail(report), files.html)
    return [files.json, ...rendered, ...summary]
  }).pipe(Effect.withSpan("lakegate.writeReports", { attributes: { ingestionDate: report.ingestionDate, runId: report.runId } }))

/**
 * Rebuild a date's `quality.html`, `junit.xml` and the index from its
 * `quality.json` (for `lakegate report --date D`). Fails with a `missing`
 * ReportError when the date has no report. Returns the paths written.
 */
export const rerenderReports = (reportsDir: string, date: string): Effect.Effect<ReadonlyArray<string>, ReportError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    yield* checkDate(date, reportsDir)
    const files = dateFiles(path, reportsDir, date)
    const existing = yield* readDateReport(files.json, date)
    if (Option.isNone(existing)) {
      return yield* new ReportError({ kind: "missing", path: files.json, message: `no report for ${date}: ${files.json} does not exist` })
    }
    return yield* renderDate(reportsDir, existing.value)
  }).pipe(Effect.withSpan("lakegate.rerenderReports", { attributes: { ingestionDate: date } }))
