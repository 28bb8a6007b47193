/**
 * The JSON Schema of `quality.json` (a DateReport), generated from the Effect
 * Schema so it cannot drift: `docs/quality-report.schema.json` is this
 * function's output, and a test checks the committed file against it.
 *
 * Regenerate (no script needed):
 * ```sh
 * node --import tsx -e 'import("./src/report/jsonSchema.ts").then((m) => m.regenerateJsonSchema())'
 * ```
 */
import { FileSystem } from "@effect/platform"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Effect, JSONSchema } from "effect"
import { ReportError } from "./ReportError.ts"
import { DateReport } from "./RunReport.ts"

/** Where the schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = "docs/quality-report.schema.json"

/** The JSON Schema object of `quality.json`. */
export const qualityReportJsonSchema = () =>
  JSONSchema.make(
    DateReport.annotations({
      title: "lakegate quality report",
      description:
        "reports/<ingestion date>/quality.json: every run of one ingestion date, newest last; `latest` is the runId of the newest run. Generated from src/report/RunReport.ts."
    })
  )

/** The file text: the schema, 2-space indented, with a final newline. */
export const renderQualityReportJsonSchema = (): string => `${JSON.stringify(qualityReportJsonSchema(), null, 2)}\n`

/** Write the schema file. */
export const writeQualityReportJsonSchema = (file: string = JSON_SCHEMA_PATH): Effect.Effect<string, ReportError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    fs.writeFileString(file, renderQualityReportJsonSchema()).pipe(
      Effect.mapError((e) => new ReportError({ kind: "io", path: file, message: `cannot write ${file}: ${e.message}` })),
      Effect.as(file)
    )
  )

/** Regenerate `docs/quality-report.schema.json` from the current directory (the repository root). */
export const regenerateJsonSchema = (): Promise<string> => Effect.runPromise(writeQualityReportJsonSchema().pipe(Effect.provide(NodeFileSystem.layer)))
