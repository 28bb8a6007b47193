/**
 * Compare two versions of table contracts: tables matched by name, then each
 * table's columns, key, references, quarantine tolerance, checks,
 * description and version.
 *
 * @example
 * import { diffTables } from "lakegate"
 * const changes = diffTables([ordersV1], [ordersV2])
 * changes.filter((c) => c.breaking) // [{ rule: "column-removed", table: "orders", subject: "email", ... }]
 */
import type { QuarantineThreshold, Reference, TableSpec } from "../contract/Contract.ts"
import type { Thresholds } from "../contract/Threshold.ts"
import { diffChecks } from "./checks.ts"
import { diffFields } from "./columns.ts"
import { change, NONE, type Change } from "./rules.ts"
import { tableShape, type TableShape } from "./shape.ts"
import { diffThresholds } from "./thresholds.ts"

const showKey = (key: ReadonlyArray<string>): string => (key.length === 0 ? NONE : `(${key.join(", ")})`)

const showReference = (r: Reference): string => `(${r.columns.join(", ")}) -> ${r.table}(${r.referencedColumns.join(", ")})`

/** A quarantine tolerance (shares of rows) as thresholds in percent. */
const quarantineThresholds = (q: QuarantineThreshold | null): Thresholds =>
  q === null ? {} : { warn: { percent: Math.round(q.warn * 1e6) / 1e4 }, fail: { percent: Math.round(q.fail * 1e6) / 1e4 } }

const diffReferences = (table: string, before: ReadonlyArray<Reference>, after: ReadonlyArray<Reference>): ReadonlyArray<Change> => {
  const cols = (r: Reference) => r.columns.join(", ")
  const out: Array<Change> = []
  for (const r of before) {
    const next = after.find((a) => cols(a) === cols(r))
    if (next === undefined) out.push(change("reference-removed", table, `(${cols(r)})`, showReference(r), NONE))
    else if (showReference(next) !== showReference(r)) out.push(change("reference-changed", table, `(${cols(r)})`, showReference(r), showReference(next)))
  }
  for (const r of after) if (!before.some((b) => cols(b) === cols(r))) out.push(change("reference-added", table, `(${cols(r)})`, NONE, showReference(r)))
  return out
}

/** Every change between two versions of one table contract (its shapes). */
export const diffShapes = (before: TableShape, after: TableShape): ReadonlyArray<Change> => {
  const t = after.table
  const sameKey = before.key.length === after.key.length && before.key.every((k) => after.key.includes(k))
  return [
    ...diffFields(t, "", before.columns, after.columns),
    ...(sameKey ? [] : [change("key-changed", t, "key", showKey(before.key), showKey(after.key))]),
    ...diffReferences(t, before.references, after.references),
    ...diffThresholds(t, "quarantine", quarantineThresholds(before.quarantine), quarantineThresholds(after.quarantine)),
    ...diffChecks(t, before.checks, after.checks),
    ...(before.description === after.description ? [] : [change("description-changed", t, "", before.description, after.description)]),
    ...(before.version === after.version ? [] : [change("version-changed", t, "", before.version, after.version)])
  ]
}

/** Every change between two versions of one table contract. */
export const diffTable = (before: TableSpec, after: TableSpec): ReadonlyArray<Change> => diffShapes(tableShape(before), tableShape(after))

/** Every change between two sets of table contracts, matched by table name. */
export const diffTables = (before: ReadonlyArray<TableSpec>, after: ReadonlyArray<TableSpec>): ReadonlyArray<Change> => [
  ...before.flatMap((b) => {
    const a = after.find((t) => t.table === b.table)
    return a === undefined ? [change("table-removed", b.table, "", `${b.id} ${b.version}`, NONE)] : diffTable(b, a)
  }),
  ...after.filter((a) => !before.some((b) => b.table === a.table)).map((a) => change("table-added", a.table, "", NONE, `${a.id} ${a.version}`))
]
