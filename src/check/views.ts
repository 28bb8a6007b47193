/**
 * The views `check` evaluates on, all over the same reader (nothing is
 * materialized; each query streams the files):
 *
 * - the data as read: `__lakegate_raw`;
 * - the typed view, named after the contract's table (so checks written in
 *   SQL find it by name): the contract's columns it can type, cast to the
 *   contract's types, then the data's other columns as read;
 * - the scan view: the typed columns beside their raw values, for the type
 *   failures;
 * - the rows view: the typed view plus each row as read, as JSON text
 *   (`__lakegate_row`), for quarantine.
 *
 * @example
 * const views = viewNames("orders")
 * yield* createViews(views, readerSql(source, columns, names), plan)
 */
import { Effect } from "effect"
import { Duck, sqlIdent, type DuckError } from "../engine/Duck.ts"
import type { ColumnPlan } from "./columnPlan.ts"

/** The relations of one check, as SQL names. */
export interface Views {
  readonly raw: string
  readonly typed: string
  readonly scan: string
  readonly rows: string
}

/** The column of the rows view holding the row as read, as JSON text. */
export const ROW_COLUMN = "__lakegate_row"

/** The raw value of the `i`-th contract column in the scan view. */
export const rawColumn = (i: number): string => sqlIdent(`__lakegate_raw_${i}`)

/** The views of a check on `table`. */
export const viewNames = (table: string): Views => ({
  raw: sqlIdent("__lakegate_raw"),
  typed: sqlIdent(table),
  scan: sqlIdent("__lakegate_scan"),
  rows: sqlIdent("__lakegate_rows")
})

/** The typed columns and the data's other columns, as a select list over `r`. */
const typedList = (plan: ColumnPlan): ReadonlyArray<string> => [
  ...plan.columns.flatMap((c) => (c.status === "ok" ? [`${c.typed} as ${sqlIdent(c.name)}`] : [])),
  ...plan.extra.map((c) => `r.${sqlIdent(c.name)}`)
]

/** The SQL that creates the views. */
export const viewStatements = (views: Views, reader: string, plan: ColumnPlan): ReadonlyArray<string> => {
  const typed = typedList(plan)
  const raws = plan.columns.flatMap((c, i) => (c.status === "ok" ? [`r.${sqlIdent(c.source)} as ${rawColumn(i)}`] : []))
  const list = (items: ReadonlyArray<string>) => (items.length === 0 ? "null as __lakegate_none" : items.join(", "))
  return [
    `create or replace view ${views.raw} as select * from ${reader}`,
    `create or replace view ${views.typed} as select ${list(typed)} from ${views.raw} r`,
    `create or replace view ${views.scan} as select ${list([...typed, ...raws])} from ${views.raw} r`,
    `create or replace view ${views.rows} as select ${list([...typed, `to_json(r)::varchar as ${ROW_COLUMN}`])} from ${views.raw} r`
  ]
}

/** Create the views (they read nothing until queried). */
export const createViews = (views: Views, reader: string, plan: ColumnPlan): Effect.Effect<void, DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => Effect.forEach(viewStatements(views, reader, plan), (sql) => duck.run(sql), { discard: true }))
