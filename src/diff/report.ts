/**
 * A diff's report: the changes of every compared file, each table's verdict
 * (breaking changes, versions, whether its major version went up) and the
 * outcome: it fails when a table has a breaking change without a new major.
 *
 * @example
 * const report = compareContracts([{ before: "v1.ts", after: "v2.ts", beforeTables: [v1], afterTables: [v2] }])
 * report.fails // true when a breaking change came without a new major version
 */
import type { TableSpec } from "../contract/Contract.ts"
import type { Change } from "./rules.ts"
import { diffTables } from "./tables.ts"
import { tableVerdict, type TableVerdict } from "./verdict.ts"

/** Two versions of one contract file (either side may be absent: a file added or removed). */
export interface ComparedFile {
  readonly before: string | null
  readonly after: string | null
  readonly beforeTables: ReadonlyArray<TableSpec>
  readonly afterTables: ReadonlyArray<TableSpec>
}

/** A change with the contract file it was found in. */
export interface FileChange extends Change {
  readonly file: string
}

/** The outcome of `contracts diff`. */
export interface DiffReport {
  readonly files: ReadonlyArray<{ readonly before: string | null; readonly after: string | null }>
  readonly changes: ReadonlyArray<FileChange>
  readonly tables: ReadonlyArray<TableVerdict>
  readonly breaking: number
  /** A breaking change in a table whose major version did not go up. */
  readonly fails: boolean
}

/** The report of comparing each pair of files' tables (matched by table name within the pair). */
export const compareContracts = (files: ReadonlyArray<ComparedFile>): DiffReport => {
  const changes: Array<FileChange> = []
  const tables: Array<TableVerdict> = []
  for (const f of files) {
    // Changes and verdicts name the new file (the old one when the file was removed).
    const file = f.after ?? f.before ?? ""
    const found = diffTables(f.beforeTables, f.afterTables)
    changes.push(...found.map((c) => ({ ...c, file })))
    const names = [...new Set([...f.beforeTables, ...f.afterTables].map((t) => t.table))]
    for (const name of names) {
      const before = f.beforeTables.find((t) => t.table === name)
      const after = f.afterTables.find((t) => t.table === name)
      tables.push(tableVerdict(name, file, before?.version ?? null, after?.version ?? null, found.filter((c) => c.table === name)))
    }
  }
  const breaking = changes.filter((c) => c.breaking).length
  return { files: files.map((f) => ({ before: f.before, after: f.after })), changes, tables, breaking, fails: tables.some((t) => t.fails) }
}
