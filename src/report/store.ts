/**
 * Where reports live and how they are read and written:
 * `<reports>/<YYYY-MM-DD>/quality.json | quality.html | junit.xml` and
 * `<reports>/index.html`. Files are replaced atomically (temp file + rename),
 * so a reader never sees half a report.
 */
import { FileSystem, Path } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Effect, Option, ParseResult, Random, Schema } from "effect"
import { isIsoDate } from "../checks/dates.ts"
import type { Unreadable } from "./html/trends.ts"
import { ReportError } from "./ReportError.ts"
import { DateReport, type RunReport } from "./RunReport.ts"

/** The files of one ingestion date. */
export interface DateFiles {
  readonly dir: string
  readonly json: string
  readonly html: string
  readonly junit: string
}

/** The files of a date under a reports directory. */
export const dateFiles = (path: Path.Path, reportsDir: string, date: string): DateFiles => {
  const dir = path.join(reportsDir, date)
  return { dir, json: path.join(dir, "quality.json"), html: path.join(dir, "quality.html"), junit: path.join(dir, "junit.xml") }
}

/** The index of all dates. */
export const indexFile = (path: Path.Path, reportsDir: string): string => path.join(reportsDir, "index.html")

/** A date fit to name a report directory (a real `YYYY-MM-DD`, so never a path like `../x`). */
export const checkDate = (date: string, where: string): Effect.Effect<string, ReportError> =>
  isIsoDate(date)
    ? Effect.succeed(date)
    : Effect.fail(new ReportError({ kind: "invalid", path: where, message: `not an ingestion date YYYY-MM-DD: ${JSON.stringify(date)}` }))

const DateReportJson = Schema.parseJson(DateReport, { space: 2 })

const firstIssue = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return error.message
  return issue.path.length === 0 ? issue.message : `at ${issue.path.map(String).join(".")}: ${issue.message}`
}

/** Decode the text of a `quality.json`. */
export const decodeDateReport = (text: string, path: string): Effect.Effect<DateReport, ReportError> =>
  Schema.decodeUnknown(DateReportJson)(text).pipe(
    Effect.mapError((e) => new ReportError({ kind: "invalid", path, message: `${path} is not a lakegate quality report (${firstIssue(e)})` }))
  )

/** Encode a DateReport as the text of a `quality.json` (2-space indented, newline at the end). */
export const encodeDateReport = (report: DateReport, path: string): Effect.Effect<string, ReportError> =>
  Schema.encode(DateReportJson)(report).pipe(
    Effect.map((text) => `${text}\n`),
    Effect.mapError((e) => new ReportError({ kind: "invalid", path, message: `cannot encode the report for ${path} (${firstIssue(e)})` }))
  )

const ioError = (path: string, doing: string) => (e: PlatformError) => new ReportError({ kind: "io", path, message: `cannot ${doing} ${path}: ${e.message}` })

const isNotFound = (e: PlatformError): boolean => e._tag === "SystemError" && e.reason === "NotFound"

/** Read and decode a date's `quality.json`; `None` when the file does not exist. */
export const readDateReport = (path: string, date: string): Effect.Effect<Option.Option<DateReport>, ReportError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const text = yield* fs.readFileString(path).pipe(
      Effect.map(Option.some),
      Effect.catchIf(isNotFound, () => Effect.succeed(Option.none<string>())),
      Effect.mapError(ioError(path, "read"))
    )
    if (Option.isNone(text)) return Option.none()
    const report = yield* decodeDateReport(text.value, path)
    if (report.ingestionDate !== date) {
      return yield* new ReportError({ kind: "invalid", path, message: `${path} holds ingestion date ${report.ingestionDate}, not ${date}` })
    }
    return Option.some(report)
  })

/** Replace a file atomically: write a temp file beside it, then rename it over the target. */
export const writeFileAtomic = (path: string, content: string): Effect.Effect<void, ReportError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const suffix = (yield* Random.nextIntBetween(0, 2 ** 31 - 1)).toString(36)
    const temp = `${path}.${process.pid}.${suffix}.tmp`
    yield* fs.writeFileString(temp, content).pipe(
      Effect.zipRight(fs.rename(temp, path)),
      Effect.mapError(ioError(path, "write")),
      Effect.tapError(() => fs.remove(temp).pipe(Effect.ignore))
    )
  })

/** Create a directory and its parents. */
export const makeDirectory = (dir: string): Effect.Effect<void, ReportError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeDirectory(dir, { recursive: true }).pipe(Effect.mapError(ioError(dir, "create directory"))))

/** Every readable DateReport under a reports directory (ascending by date), and the ones that could not be read. */
export interface Loaded {
  readonly reports: ReadonlyArray<DateReport>
  readonly unreadable: ReadonlyArray<Unreadable>
}

/**
 * Load every `<date>/quality.json` under `reportsDir`. A missing directory is
 * empty; an unreadable report is listed in `unreadable` rather than failing,
 * so one broken date never hides the others.
 */
export const loadDateReports = (reportsDir: string): Effect.Effect<Loaded, never, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const names = yield* fs.readDirectory(reportsDir).pipe(Effect.orElseSucceed((): ReadonlyArray<string> => []))
    const dates = names.filter(isIsoDate).sort()
    const results = yield* Effect.forEach(dates, (date) => Effect.either(readDateReport(dateFiles(path, reportsDir, date).json, date)))
    const reports: Array<DateReport> = []
    const unreadable: Array<Unreadable> = []
    for (const result of results) {
      if (result._tag === "Left") unreadable.push({ path: result.left.path, message: result.left.message })
      else if (Option.isSome(result.right)) reports.push(result.right.value)
    }
    return { reports, unreadable }
  })

/** Add a run to a date's report (a run with the same id is replaced) and make it the latest. */
export const appendRun = (existing: Option.Option<DateReport>, run: RunReport): DateReport => ({
  reportVersion: 1,
  ingestionDate: run.ingestionDate,
  latest: run.runId,
  runs: [...Option.match(existing, { onNone: () => [], onSome: (r) => r.runs.filter((x) => x.runId !== run.runId) }), run]
})
