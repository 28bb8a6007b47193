/**
 * A starting contract inferred from a profile: the table's name, its
 * columns (kinds), its key and the suggested checks, with where it came
 * from (the files, their rows, the date) and the columns left out. It is a
 * plain value that the renderers write as a TypeScript module or ODCS YAML,
 * and {@link inferredTable} makes the lakegate table contract of.
 *
 * @example
 * const inferred = inferContract(profile, { name: "orders", date: "2026-12-04" })
 * inferred.key       // ["order_id"]
 * inferredTable(inferred).checks.map((c) => c.id) // ["range.amount", "format.email", "row_count"]
 */
import type { ColumnKind } from "../contract/kinds.ts"
import { table, type DeclaredTable } from "../contract/tableContract.ts"
import { inferKind } from "./inferKind.ts"
import type { DataProfile } from "./profile.ts"
import { chooseKey, suggestChecks, toCheck, type Suggestion } from "./suggestChecks.ts"

/** The version an inferred contract starts at. */
export const INFERRED_VERSION = "0.1.0"

/** A contract inferred from data. */
export interface InferredContract {
  readonly name: string
  readonly version: string
  readonly columns: ReadonlyArray<readonly [string, ColumnKind]>
  readonly key: ReadonlyArray<string>
  readonly suggestions: ReadonlyArray<Suggestion>
  /** Columns of the data left out of the contract, and why. */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>
  /** Where it was inferred from. */
  readonly from: {
    readonly given: ReadonlyArray<string>
    readonly files: ReadonlyArray<string>
    readonly format: string
    readonly rows: number
    /** The day it was inferred, `YYYY-MM-DD`. */
    readonly date: string
  }
}

/** Infer a contract from a profile. */
export const inferContract = (profile: DataProfile, options: { readonly name: string; readonly date: string }): InferredContract => {
  const key = chooseKey(profile.columns)
  const columns = profile.columns.map((p) => [p.name, inferKind(p, { key: key.includes(p.name) })] as const)
  return {
    name: options.name,
    version: INFERRED_VERSION,
    columns,
    key,
    suggestions: suggestChecks(profile, new Map(columns), key),
    skipped: profile.skipped,
    from: {
      given: profile.source.given,
      files: profile.source.files.map((f) => f.path),
      format: profile.source.format,
      rows: profile.rows,
      date: options.date
    }
  }
}

/** The lakegate table contract of an inferred contract (what its TypeScript module declares). */
export const inferredTable = (inferred: InferredContract): DeclaredTable =>
  table({
    name: inferred.name,
    version: inferred.version,
    columns: Object.fromEntries(inferred.columns),
    key: inferred.key,
    checks: inferred.suggestions.map(toCheck)
  })

/** A table name from a path or glob: its file name without extensions and glob characters, as a SQL-friendly identifier. */
export const tableNameOf = (path: string): string => {
  const base = path.split(/[\\/]/).pop() ?? path
  const stem = base.replace(/\.(gz|zst)$/i, "").replace(/\.[A-Za-z0-9]+$/, "")
  const name = stem
    .replace(/[*?[\]{}]/g, "")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase()
  return name === "" ? "data" : /^[0-9]/.test(name) ? `t_${name}` : name
}
