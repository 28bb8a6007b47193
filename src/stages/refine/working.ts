/**
 * The working tables refine starts from: one per staging table of the source
 * (`candidate_<name>`, the decoded rows) and `violations` (the row-level
 * violations of every landed record), loaded from the staging segments as
 * landing produces them.
 */
import { readCsvOptions } from "../../engine/csv.ts"
import { sqlIdent, sqlString } from "../../engine/Duck.ts"
import { violationColumns, workingTable, type Source, type StagingColumns } from "../../pipeline/Source.ts"
import type { LandedFiles } from "../ingest/landSource.ts"

/** The working table of row-level violations. */
export const VIOLATIONS = "violations"

const columnList = (columns: StagingColumns) => columns.map(([name, type]) => `${sqlIdent(name)} ${type}`).join(", ")

/** A staging file as a relation. */
export const stagedFile = (file: string, columns: StagingColumns) => `read_csv(${sqlString(file)}, ${readCsvOptions(columns)})`

/** Create the working tables, empty (replacing those of an earlier run in the same database). */
export const createWorkingTables = (source: Source): ReadonlyArray<string> => [
  ...(source.create ?? source.tables.map(([name, columns]) => `create or replace table ${sqlIdent(workingTable(name))} (${columnList(columns)})`)),
  `create or replace table ${VIOLATIONS} (${columnList(violationColumns)})`
]

/**
 * Append one landed segment's rows to the working tables: the source's own
 * load statements if it has them, else each staging file appended as it is.
 */
export const loadWorkingSegment = (source: Source, segment: LandedFiles): ReadonlyArray<string> => [
  ...(source.load?.(segment.tables) ??
    source.tables.map(([name, columns]) => `insert into ${sqlIdent(workingTable(name))} select * from ${stagedFile(segment.tables[name] ?? "", columns)}`)),
  `insert into ${VIOLATIONS} select * from ${stagedFile(segment.violations, violationColumns)}`
]

/** Drop the working tables once silver is built. */
export const dropWorkingTables = (source: Source): string =>
  [...source.tables.map(([name]) => workingTable(name)), VIOLATIONS].map((t) => `drop table if exists ${sqlIdent(t)};`).join(" ")
