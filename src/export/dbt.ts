/**
 * Table contracts as a dbt `schema.yml`: one model per table with
 * `config.contract.enforced: true`, its columns with `data_type` (and
 * `not_null`/`primary_key`/`foreign_key` constraints), and the checks dbt's
 * built-in generic tests express as `data_tests`: `not_null`, `unique`,
 * `accepted_values` and `relationships`, with `severity`, `warn_if` and
 * `error_if` from the check's thresholds (in rows; dbt has no percentages).
 * What needs a package or has no dbt form is listed in `omitted`.
 *
 * @example
 * import { exportModel, toDbt } from "lakegate"
 * toDbt([exportModel(orders)], "duckdb").text
 * // version: 2\nmodels:\n  - name: orders\n    config:\n      contract:\n        enforced: true\n    columns: ...
 */
import type { Check, Literal } from "../checks/Check.ts"
import type { Thresholds } from "../contract/Threshold.ts"
import type { Dialect } from "./ddl.ts"
import type { ExportColumn, ExportModel, Exported, Omission } from "./model.ts"
import { pipelineOmissions, severityOnly } from "./model.ts"
import { yamlText } from "./yamlText.ts"

type Yaml = Record<string, unknown>

/** A dbt test's `config` from thresholds in rows, or why dbt cannot say them. */
const testConfig = (t: Thresholds): Yaml | string => {
  const severity = severityOnly(t)
  if (severity === "error") return {}
  if (severity === "warn") return { severity: "warn" }
  if ((t.fail !== undefined && !("rows" in t.fail)) || (t.warn !== undefined && !("rows" in t.warn))) return "dbt tests count failing rows; a percentage threshold has no dbt form"
  if (t.fail === undefined && t.warn === undefined) return "the check never fails"
  if (t.fail === undefined) return { severity: "warn", ...(t.warn !== undefined && "rows" in t.warn ? { warn_if: `>${t.warn.rows}` } : {}) }
  return {
    ...("rows" in t.fail ? { error_if: `>${t.fail.rows}` } : {}),
    warn_if: t.warn !== undefined && "rows" in t.warn ? `>${t.warn.rows}` : `>${"rows" in t.fail ? t.fail.rows : 0}`
  }
}

/** A generic test entry, with its config when it has one. */
const test = (name: string, args: Yaml, config: Yaml): unknown => {
  const body = { ...args, ...(Object.keys(config).length === 0 ? {} : { config }) }
  return Object.keys(body).length === 0 ? name : { [name]: body }
}

/** A data test for a check, on a column; or why dbt's generic tests cannot express it. */
const checkTest = (c: Check, columns: ReadonlyArray<ExportColumn>): { readonly column: string; readonly test: unknown } | string => {
  const config = testConfig(c.thresholds)
  if (typeof config === "string") return config
  const named = config
  const r = c.rule
  switch (r._tag) {
    case "NotNull":
      return r.columns.length === 1 && r.columns[0] !== undefined ? { column: r.columns[0], test: test("not_null", {}, named) } : "not_null tests one column; this check is on several"
    case "Unique": {
      const [only, ...more] = r.columns
      if (only === undefined || more.length > 0) return "uniqueness of several columns needs a package (dbt_utils.unique_combination_of_columns)"
      if (columns.find((col) => col.name === only)?.nullable !== false) return `${only} may be NULL: lakegate counts NULL keys as duplicates, dbt's unique does not`
      return { column: only, test: test("unique", {}, named) }
    }
    case "AcceptedValues": {
      const quoted = r.values.every((v) => typeof v === "string")
      const literals = r.values.every((v) => typeof v !== "string")
      if (!quoted && !literals) return "accepted values of mixed types"
      return { column: r.column, test: test("accepted_values", { values: r.values.map((v: Literal) => v), ...(quoted ? {} : { quote: false }) }, named) }
    }
    case "References": {
      const [only, ...more] = r.columns
      if (only === undefined || more.length > 0 || r.referencedColumns.length !== 1) return "relationships tests one column; this reference is on several"
      return { column: only, test: test("relationships", { to: `ref('${r.table}')`, field: r.referencedColumns[0] }, named) }
    }
    case "Range":
    case "Length":
    case "Pattern":
      return `${r._tag} needs a package (dbt_utils or dbt_expectations); no built-in dbt test`
    case "RowCount":
    case "Freshness":
      return r._tag === "Freshness" ? "dbt's freshness is a source property, not a model test" : "row counts need a package (dbt_expectations); no built-in dbt test"
    case "SumReconciles":
    case "Sql":
      return "a singular test (a SQL file in tests/) is not part of schema.yml"
    case "RowPredicate":
      return "a TypeScript predicate has no dbt form"
  }
}

/** The dbt data type of a column: its SQL type, in the warehouse's dialect names. */
const dataType = (col: ExportColumn, dialect: Dialect): string => {
  if (dialect === "duckdb") return col.sqlType.toLowerCase()
  const t = col.sqlType.trim().toUpperCase()
  if (t.startsWith("STRUCT")) return "jsonb"
  return t.replace(/DECIMAL/g, "NUMERIC").replace(/VARCHAR(?!\()/g, "TEXT").toLowerCase()
}

/** One model, and what it could not carry. */
const model = (m: ExportModel, dialect: Dialect): { readonly model: Yaml; readonly omitted: ReadonlyArray<Omission> } => {
  const omitted: Array<Omission> = []
  const omit = (subject: string, reason: string) => omitted.push({ table: m.table, subject, reason })
  const tests = new Map<string, Array<unknown>>()
  const add = (column: string, t: unknown) => tests.set(column, [...(tests.get(column) ?? []), t])
  const notNull = new Set(m.columns.filter((c) => !c.nullable || m.key.includes(c.name)).map((c) => c.name))
  for (const name of notNull) add(name, "not_null")
  const [soleKey, ...compound] = m.key
  if (soleKey !== undefined && compound.length === 0) add(soleKey, "unique")
  else if (soleKey !== undefined) omit("key", "uniqueness of a compound key needs a package (dbt_utils.unique_combination_of_columns); declared as a primary_key constraint")
  for (const ref of m.references) {
    const [only, ...more] = ref.columns
    if (only !== undefined && more.length === 0 && ref.referencedColumns[0] !== undefined) {
      add(only, test("relationships", { to: `ref('${ref.table}')`, field: ref.referencedColumns[0] }, {}))
      if (!notNull.has(only)) omit(`references ${only}`, `a NULL ${only} passes dbt's relationships test (lakegate's table reference fails it)`)
    } else omit(`references ${ref.columns.join(", ")}`, "relationships tests one column; this reference is on several")
  }
  for (const c of m.checks) {
    const placed = checkTest(c, m.columns)
    if (typeof placed === "string") omit(c.id, placed)
    else if (!m.columns.some((col) => col.name === placed.column)) omit(c.id, `names no column of the table: ${placed.column}`)
    else if (!(placed.test === "not_null" && tests.get(placed.column)?.includes("not_null") === true)) add(placed.column, placed.test)
  }
  for (const c of m.custom) omit(c.id, "a check written as code has no dbt form")
  omitted.push(...pipelineOmissions(m))
  if (dialect === "postgres") {
    for (const col of m.columns) if (col.sqlType.trim().toUpperCase().startsWith("STRUCT")) omit(col.name, `${col.sqlType} has no PostgreSQL type: data_type jsonb (its structure is not enforced)`)
  }
  const columns = m.columns.map((col) => {
    const constraints = [
      ...(notNull.has(col.name) ? [{ type: "not_null" }] : []),
      ...(soleKey === col.name && compound.length === 0 ? [{ type: "primary_key" }] : [])
    ]
    const columnTests = tests.get(col.name)
    return {
      name: col.name,
      data_type: dataType(col, dialect),
      ...(col.description === undefined ? {} : { description: col.description }),
      ...(constraints.length === 0 ? {} : { constraints }),
      ...(columnTests === undefined ? {} : { data_tests: columnTests })
    }
  })
  return {
    model: {
      name: m.table,
      ...(m.description === "" ? {} : { description: m.description }),
      config: { contract: { enforced: true } },
      ...(compound.length > 0 ? { constraints: [{ type: "primary_key", columns: [...m.key] }] } : {}),
      columns
    },
    omitted
  }
}

/**
 * A dbt `schema.yml` for the tables, with data types in the dialect's names, and what it could not carry.
 *
 * @example
 * toDbt([exportModel(orders)], "postgres").text // version: 2\nmodels:\n  - name: orders ...
 */
export const toDbt = (models: ReadonlyArray<ExportModel>, dialect: Dialect): Exported => {
  const made = models.map((m) => model(m, dialect))
  return { text: yamlText({ version: 2, models: made.map((x) => x.model) }), omitted: made.flatMap((x) => x.omitted) }
}
