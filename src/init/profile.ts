/**
 * Profile a dataset in SQL, streaming: DuckDB reads the files exactly as
 * `lakegate check` will (the same readers and the same typing of each
 * value), so what the profile finds is what a check will see. Few passes,
 * each one aggregate over the files:
 *
 * 1. types: every column's candidate type (DuckDB's sniffed type, or the
 *    Parquet type) is tried on every value with the condition `check` uses
 *    for a type failure; a failing candidate falls back (CSV text, JSON
 *    strings) and is tried again. Decimals are measured (scale, integer
 *    digits) in the same pass, nested ones too.
 * 2. stats: non-NULL counts, approximate distinct counts, min and max,
 *    text lengths, which values match the recognised text formats, and
 *    NULLs inside nested values.
 * 3. exact: the distinct values of text columns with few of them, and the
 *    exact distinct count of identifier columns (for keys).
 *
 * Memory stays bounded: aggregates stream; only small distinct sets and
 * the identifier columns' distinct counts (which spill) hold more than a row.
 *
 * @example
 * const profile = yield* profileData({ paths: ["exports/orders-*.csv"] }) // needs Duck
 * profile.rows            // 1042
 * profile.columns[0]      // { name: "order_id", shape: BIGINT, nonNull: 1042, unique: true, ... }
 */
import { Effect, Option } from "effect"
import { planColumns, typeFailure, type PlannedColumn } from "../check/columnPlan.ts"
import { parseDuckType } from "../check/duckType.ts"
import { DataError, type FormatError } from "../check/errors.ts"
import { describeSource, isDataReadError, readErrorLine, readerSql, type DataColumn } from "../check/reader.ts"
import { resolveSource, type DataSource, type SourceSpec } from "../check/source.ts"
import { formatPattern } from "../contract/kinds.ts"
import { Duck, sqlIdent, sqlString, type DuckError, type Row } from "../engine/Duck.ts"
import { candidateOf, fallbackOf } from "./candidates.ts"
import { hasPending, nodesOf, replaceNode, sqlTypeOfShape, type Shape } from "./shape.ts"

/** Text shapes the profile recognises, each a full-match regular expression. */
export const TEXT_PATTERNS = {
  email: formatPattern.email,
  uuid: formatPattern.uuid,
  /** Web addresses only: the `uri` format is suggested for these. */
  url: "^https?://[^\\s]+$",
  isoDate: "^\\d{4}-\\d{2}-\\d{2}$",
  isoTimestamp: "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?$"
} as const

/** A recognised text shape. */
export type TextPattern = keyof typeof TEXT_PATTERNS

/** At most this many distinct values are collected exactly (for accepted values). */
export const SMALL_SET = 12

/** A column name that reads as an identifier: `id`, `order_id`, `orderId`, `sku_code`, `uuid`. */
export const looksLikeId = (name: string): boolean => /(^|_)(id|key|uuid|code)$/i.test(name) || /[a-z]Id$/.test(name)

/** What the profile found about one column. */
export interface ColumnProfile {
  readonly name: string
  /** The type every value reads as (no pending decimal left). */
  readonly shape: Shape
  readonly nonNull: number
  /** Approximate distinct non-NULL values (scalars; 0 for others). */
  readonly distinct: number
  /** Least and greatest value as DuckDB writes them (numbers, dates, timestamps), or null. */
  readonly min: string | null
  readonly max: string | null
  /** Least and greatest text length (text), or null. */
  readonly minLength: number | null
  readonly maxLength: number | null
  /** Non-NULL values matching each recognised text shape (text). */
  readonly matches: Readonly<Record<TextPattern, number>>
  /** NULLs at each node of the shape (pre-order, see `nodesOf`); index 0 is the column's. */
  readonly nulls: ReadonlyArray<number>
  /** Every distinct non-NULL value, sorted, when a text column has at most {@link SMALL_SET}; else null. */
  readonly values: ReadonlyArray<string> | null
  /** Whether the values are distinct and never NULL, for identifier-like columns; else null. */
  readonly unique: boolean | null
}

/** A profiled dataset. */
export interface DataProfile {
  readonly source: DataSource
  readonly rows: number
  readonly columns: ReadonlyArray<ColumnProfile>
  /** Columns that cannot be contract columns, with why. */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>
}

/** A DuckDB failure while reading the data: unreadable data is a DataError, anything else stays an engine error. */
const readFailure =
  (source: DataSource) =>
  (e: DuckError): Effect.Effect<never, DataError | DuckError> =>
    isDataReadError(e.message) ? Effect.fail(new DataError({ kind: "unreadable", path: source.given.join(", "), message: readErrorLine(e.message) })) : Effect.fail(e)

const query = (source: DataSource, sql: string): Effect.Effect<Row, DataError | DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(sql)).pipe(
    Effect.map((rows) => rows[0] ?? {}),
    Effect.catchTag("DuckError", readFailure(source))
  )

const fileList = (source: DataSource): string => `[${source.files.map((f) => sqlString(f.path)).join(", ")}]`

/** DuckDB's own types for a CSV's columns (the check reads CSV as text): sniffed, with the dialect fixed as the check fixes it. */
const sniffCsv = (source: DataSource): Effect.Effect<ReadonlyMap<string, string>, never, Duck> =>
  Effect.flatMap(Duck, (duck) =>
    duck.all(
      `describe select * from read_csv(${fileList(source)}, header = ${source.csv.header}, delim = ${sqlString(source.csv.delimiter)}, quote = ${sqlString(source.csv.quote)}, skip = 0, comment = ''${source.csv.header && source.files.length > 1 ? ", union_by_name = true" : ""})`
    )
  ).pipe(
    Effect.map((rows) => new Map(rows.map((r) => [String(r["column_name"]), String(r["column_type"])]))),
    // A dialect DuckDB cannot sniff: every column is a text candidate, and the check's own reader decides.
    Effect.orElseSucceed(() => new Map<string, string>())
  )

const num = (v: Row[string] | undefined): number => (v === null || v === undefined ? 0 : Number(v))
const text = (v: Row[string] | undefined): string | null => (v === null || v === undefined ? null : String(v))

/** The columns being profiled, their shapes, and the SQL relation giving each typed value (`c<i>`) beside its raw value (`r<i>`). */
interface Typed {
  readonly columns: ReadonlyArray<{ readonly index: number; readonly name: string; readonly shape: Shape; readonly planned: PlannedColumn }>
  readonly relation: string
}

const typedRelation = (source: DataSource, described: ReadonlyArray<DataColumn>, reader: string, shapes: ReadonlyArray<readonly [string, Shape]>): Typed => {
  const plan = planColumns(
    shapes.map(([name, shape]) => [name, sqlTypeOfShape(shape)] as const),
    described,
    source.format
  )
  const columns = shapes.map(([name, shape], index) => ({ index, name, shape, planned: plan.columns[index]! }))
  const list = columns.flatMap(({ index, planned }) => (planned.status === "ok" ? [`${planned.typed} as c${index}`, `r.${sqlIdent(planned.source)} as r${index}`] : []))
  return { columns, relation: `(select ${list.length === 0 ? "null as none" : list.join(", ")} from ${reader} r) t` }
}

const c = (i: number) => `t.c${i}`

/** Decimal measurements of a value list `values`: the largest scale and the most integer digits its non-NULL values have. */
const decimalItems = (values: string, alias: string): ReadonlyArray<readonly [string, string]> => {
  const present = `list_filter(${values}, lambda y: y is not null)`
  return [
    [`${alias}_scale`, `max(list_max(list_transform(${present}, lambda y: length(rtrim(split_part(y::varchar, '.', 2), '0')))))`],
    [`${alias}_digits`, `max(list_max(list_transform(${present}, lambda y: length(split_part(abs(y)::varchar, '.', 1)))))`]
  ]
}

const select = (items: ReadonlyArray<readonly [string, string]>, relation: string): string =>
  `select count(*) as n${items.map(([alias, sql]) => `, ${sql} as ${alias}`).join("")} from ${relation}`

/** A pending decimal's final type from its measurements: money (DECIMAL(18,2)) up to 2 decimals, else DECIMAL(18|38, scale). */
export const decimalFor = (scale: number, digits: number): Shape =>
  scale <= 2 && digits <= 16
    ? { tag: "decimal", precision: 18, scale: 2, pending: false }
    : { tag: "decimal", precision: digits + scale <= 18 ? 18 : 38, scale, pending: false }

/** A number written as plain decimal text: what a pending decimal column's values must be, read as text. */
const PLAIN_DECIMAL = "\\s*[+-]?[0-9]+(\\.[0-9]+)?\\s*"

/**
 * A top-level pending decimal of a text format, measured on its text (casting
 * text to a wide DECIMAL is costly): values that are not plain decimals are
 * failures; the scale is the most significant decimals, the digits the most
 * integer digits.
 */
const textDecimalItems = (raw: string, json: boolean, alias: string): ReadonlyArray<readonly [string, string]> => {
  const text = json ? `trim(${raw}::varchar)` : `trim(${raw})`
  const present = json ? `${raw} is not null and json_type(${raw}) <> 'NULL'` : `${raw} is not null`
  return [
    [`${alias}_failures`, `count(*) filter (where ${present} and not regexp_full_match(${text}, '${PLAIN_DECIMAL}'))`],
    [`${alias}_scale`, `max(length(rtrim(split_part(${text}, '.', 2), '0'))) filter (where ${present})`],
    [`${alias}_digits`, `max(length(ltrim(split_part(ltrim(${text}, '+-'), '.', 1), '0'))) filter (where ${present})`]
  ]
}

/** Type failures per column of a typed relation, and the final shape of each pending decimal (measured in the same pass). */
const typesPass = (
  source: DataSource,
  typed: Typed
): Effect.Effect<ReadonlyArray<{ readonly failures: number; readonly leadingZeros: boolean; readonly shape: Shape }>, DataError | DuckError, Duck> =>
  Effect.gen(function* () {
    const csv = source.format === "csv" || source.format === "tsv"
    const items: Array<readonly [string, string]> = []
    for (const col of typed.columns) {
      const i = col.index
      const raw = `t.r${i}`
      const textDecimal = col.shape.tag === "decimal" && col.shape.pending && col.shape.typed !== true && source.format !== "parquet"
      const condition = typeFailure(col.planned, raw, c(i))
      items.push([`f${i}`, condition === null || textDecimal ? "0" : `count(*) filter (where ${condition})`])
      // CSV text DuckDB would read as a number by rounding ("2.5" as BIGINT) or by dropping leading zeros (postcodes) is not that number.
      const integer = col.shape.tag === "scalar" && col.shape.name === "BIGINT"
      items.push([`z${i}`, csv && (integer || col.shape.tag === "decimal") ? `count(*) filter (where regexp_matches(${raw}, '^\\s*[+-]?0[0-9]'))` : "0"])
      items.push([`ni${i}`, csv && integer ? `count(*) filter (where not regexp_full_match(${raw}, '\\s*[+-]?[0-9]+\\s*'))` : "0"])
      if (textDecimal) items.push(...textDecimalItems(raw, !csv, `d${i}_0`))
      else for (const node of nodesOf(col.shape, c(i), col.name)) if (node.shape.tag === "decimal" && node.shape.pending) items.push(...decimalItems(node.values, `d${i}_${node.index}`))
    }
    const row = yield* query(source, select(items, typed.relation))
    return typed.columns.map((col) => {
      const i = col.index
      let failures = col.planned.status === "ok" ? num(row[`f${i}`]) + num(row[`z${i}`]) + num(row[`ni${i}`]) + num(row[`d${i}_0_failures`]) : 1
      let shape = col.shape
      for (const node of nodesOf(col.shape, c(i), col.name)) {
        if (node.shape.tag !== "decimal" || !node.shape.pending) continue
        const scale = num(row[`d${i}_${node.index}_scale`])
        const digits = num(row[`d${i}_${node.index}_digits`])
        // More digits than a DECIMAL holds: not a decimal column.
        if (scale + Math.max(digits, 1) > 38) failures++
        else shape = replaceNode(shape, node.index, decimalFor(scale, digits))
      }
      return { failures, leadingZeros: num(row[`z${i}`]) > 0, shape }
    })
  })

const ORDERED = (s: Shape) => s.tag === "decimal" || (s.tag === "scalar" && ["BIGINT", "DATE", "TIMESTAMP"].includes(s.name))
const isText = (s: Shape) => s.tag === "scalar" && s.name === "VARCHAR"
const isScalar = (s: Shape) => s.tag === "decimal" || s.tag === "scalar"

/** Counts, bounds, lengths and text shapes of every column, in one scan. */
const statsPass = (source: DataSource, typed: Typed) =>
  Effect.gen(function* () {
    const items: Array<readonly [string, string]> = []
    const patterns = Object.entries(TEXT_PATTERNS) as ReadonlyArray<readonly [TextPattern, string]>
    for (const { index: i, name, shape, planned } of typed.columns) {
      const condition = typeFailure(planned, `t.r${i}`, c(i))
      items.push([`f${i}`, condition === null ? "0" : `count(*) filter (where ${condition})`], [`nn${i}`, `count(${c(i)})`])
      if (isScalar(shape) && !(shape.tag === "scalar" && shape.name === "BOOLEAN")) items.push([`ad${i}`, `approx_count_distinct(${c(i)})`])
      if (ORDERED(shape)) items.push([`mn${i}`, `min(${c(i)})::varchar`], [`mx${i}`, `max(${c(i)})::varchar`])
      if (isText(shape)) {
        items.push([`ln${i}`, `min(length(${c(i)}))`], [`lx${i}`, `max(length(${c(i)}))`])
        for (const [p, regex] of patterns) items.push([`m${i}_${p}`, `count(*) filter (where regexp_full_match(${c(i)}, ${sqlString(regex)}))`])
      }
      for (const node of nodesOf(shape, c(i), name).slice(1)) items.push([`nl${i}_${node.index}`, `coalesce(sum(len(list_filter(${node.values}, lambda y: y is null))), 0)`])
    }
    return yield* query(source, select(items, typed.relation))
  })

/** Exact facts for a few columns: distinct values of small text columns, distinct counts of identifiers. */
const exactPass = (source: DataSource, typed: Typed, wanted: ReadonlyArray<{ readonly index: number; readonly values: boolean; readonly unique: boolean }>) =>
  Effect.gen(function* () {
    const items = wanted.flatMap(({ index: i, values, unique }): ReadonlyArray<readonly [string, string]> => [
      ...(values ? [[`v${i}`, `list(distinct ${c(i)}) filter (where ${c(i)} is not null)`] as const] : []),
      ...(unique ? [[`u${i}`, `count(distinct ${c(i)})`] as const] : [])
    ])
    return items.length === 0 ? {} : yield* query(source, select(items, typed.relation))
  })

const MAX_TYPE_ATTEMPTS = 5

/** A shape in a message: its SQL type, or "decimal numbers" while pending. */
const describeShape = (shape: Shape): string => (shape.tag === "decimal" && shape.pending ? "decimal numbers" : sqlTypeOfShape(shape))

/**
 * Profile the data a {@link SourceSpec} names. Fails with a FormatError for
 * data named in a way that cannot be read (as `check` does), a DataError for
 * data that cannot be read, a DuckError for an engine failure.
 */
export const profileData = (spec: SourceSpec): Effect.Effect<DataProfile, FormatError | DataError | DuckError, Duck> =>
  Effect.gen(function* () {
    const source = yield* resolveSource(spec)
    const described = yield* describeSource(source)
    const names = described.map((d) => d.name)
    const reader = readerSql(source, described, names)
    const sniffed = source.format === "csv" || source.format === "tsv" ? yield* sniffCsv(source) : new Map(described.map((d) => [d.name, d.type]))
    const skipped: Array<{ name: string; reason: string }> = []
    let shapes: Array<readonly [string, Shape]> = []
    for (const name of names) {
      const type = parseDuckType(sniffed.get(name) ?? "VARCHAR")
      const candidate = Option.isSome(type) ? candidateOf(type.value, source.format) : ({ _tag: "Skip", reason: `type ${sniffed.get(name)} is not understood` } as const)
      if (candidate._tag === "Skip") skipped.push({ name, reason: candidate.reason })
      else shapes.push([name, candidate.shape])
    }

    // 1. Types: verify every candidate on every value (text formats), falling back until all hold.
    const verify = source.format !== "parquet" || shapes.some(([, s]) => hasPending(s))
    for (let attempt = 0; verify && attempt < MAX_TYPE_ATTEMPTS; attempt++) {
      const results = yield* typesPass(source, typedRelation(source, described, reader, shapes))
      const next: Array<readonly [string, Shape]> = []
      let failed = false
      shapes.forEach(([name, shape], i) => {
        const result = results[i]!
        if (result.failures === 0) return next.push([name, result.shape])
        failed = true
        // CSV numbers with leading zeros are codes: text, whatever else they are.
        const fallback = attempt + 1 >= MAX_TYPE_ATTEMPTS ? null : result.leadingZeros ? ({ tag: "scalar", name: "VARCHAR" } as const) : fallbackOf(shape, source.format)
        if (fallback === null) skipped.push({ name, reason: `its values do not all read as one type (${result.failures} of them are not ${describeShape(shape)})` })
        else next.push([name, fallback])
      })
      // A pass without failures measured every pending decimal: its shapes are final.
      shapes = next
      if (!failed) break
    }

    // 2. Stats on the final types.
    const typed = typedRelation(source, described, reader, shapes)
    const stats = yield* statsPass(source, typed)
    const rows = num(stats["n"])
    const kept = typed.columns.filter((col) => {
      const failures = num(stats[`f${col.index}`])
      if (col.planned.status === "ok" && failures === 0) return true
      const planned = col.planned
      skipped.push({
        name: col.name,
        reason: planned.status === "wrong-type" ? `${planned.dataType} does not read as ${planned.sqlType} without loss` : `${failures} of its values are not ${describeShape(col.shape)}`
      })
      return false
    })

    // 3. Exact facts where they decide something.
    const wanted = kept.map((col) => {
      const i = col.index
      const nonNull = num(stats[`nn${i}`])
      const distinct = num(stats[`ad${i}`])
      const uuid = nonNull > 0 && num(stats[`m${i}_uuid`]) === nonNull
      return {
        index: i,
        values: isText(col.shape) && nonNull > 0 && distinct <= SMALL_SET,
        unique: isScalar(col.shape) && nonNull === rows && rows > 0 && distinct >= rows * 0.9 && (looksLikeId(col.name) || uuid)
      }
    })
    const exact = yield* exactPass(source, typed, wanted)

    const columns = kept.map((col, k): ColumnProfile => {
      const i = col.index
      const want = wanted[k]!
      const nonNull = num(stats[`nn${i}`])
      const listed = exact[`v${i}`]
      const values = want.values && Array.isArray(listed) && listed.length <= SMALL_SET ? listed.map(String).sort() : null
      const nodes = nodesOf(col.shape, c(i), col.name)
      return {
        name: col.name,
        shape: col.shape,
        nonNull,
        distinct: num(stats[`ad${i}`]),
        min: text(stats[`mn${i}`]),
        max: text(stats[`mx${i}`]),
        minLength: stats[`ln${i}`] === undefined || stats[`ln${i}`] === null ? null : num(stats[`ln${i}`]),
        maxLength: stats[`lx${i}`] === undefined || stats[`lx${i}`] === null ? null : num(stats[`lx${i}`]),
        matches: Object.fromEntries(Object.keys(TEXT_PATTERNS).map((p) => [p, num(stats[`m${i}_${p}`])])) as Record<TextPattern, number>,
        nulls: nodes.map((node) => (node.index === 0 ? rows - nonNull : num(stats[`nl${i}_${node.index}`]))),
        values,
        unique: want.unique ? num(exact[`u${i}`]) === rows : null
      }
    })
    const order = new Map(names.map((n, i) => [n, i]))
    return { source, rows, columns, skipped: skipped.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)) }
  })
