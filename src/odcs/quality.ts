/**
 * ODCS `quality` rules as lakegate checks. Library metrics become vocabulary
 * checks whose thresholds fail exactly when the rule is violated
 * (`nullValues` `mustBeLessThan: 5` `unit: percent` fails at 5%); a `sql`
 * rule's query returns one value compared with its comparators, and the check
 * fails when the comparison does not hold (or the value is NULL). `text` and
 * `custom` rules, unknown metrics and unknown fields are refused by name.
 *
 * @example
 * import { qualityChecks } from "./quality.ts"
 * // quality: [{ metric: nullValues, mustBeLessThan: 5, unit: percent }] on column email
 * // → check.notNull("email", { id: "nullValues.email", fail: { percent: 5, inclusive: true } })
 */
import { Effect } from "effect"
import { check, type Check } from "../checks/Check.ts"
import type { Severity } from "../contract/CheckResult.ts"
import type { Limit } from "../contract/Threshold.ts"
import { sqlIdent, sqlString } from "../engine/Duck.ts"
import { countBounds, describeComparisons, failureLimit, OPERATORS, readComparisons, sqlCondition, type Comparison, type Unit } from "./comparators.ts"
import { decimalsOf, floorAt, isWhole, renderAt } from "./decimal.ts"
import { fullMatchPattern } from "../contract/kindChecks.ts"
import { duplicatesCheck } from "./fieldChecks.ts"
import type { Field } from "./fields.ts"
import { describeValue, field, listAt, mappingAt, onlyKnownKeys, refuse, type Mapping, type Refusal } from "./read.ts"
import { checkPattern } from "./typeOptions.ts"
import { plainDecimal, YamlNumber, type Path, type YamlValue } from "./yamlTree.ts"

/** The table a rule is on: its SQL name and its columns. */
export interface TableScope {
  readonly table: string
  readonly fields: ReadonlyArray<Field>
}

/** A rule on the whole table (schema-level) or on one of its columns. */
export type RuleTarget = { readonly level: "object" } | { readonly level: "property"; readonly field: Field }

/** A check made from a rule; `explicitId` when the rule named it (`id` or `name`). */
export interface RuleCheck {
  readonly check: Check
  readonly explicitId: boolean
  readonly at: Path
}

const METRICS = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"] as const
type Metric = (typeof METRICS)[number]
/** ODCS v3.0 names (`rule:`) of today's metrics. */
const LEGACY: ReadonlyMap<string, Metric> = new Map([
  ["duplicateCount", "duplicateValues"],
  ["validValues", "invalidValues"]
])

/** The metric a `metric` or `rule` name stands for. */
const metricNamed = (name: string): Metric | undefined => METRICS.find((m) => m === name) ?? LEGACY.get(name)

const KNOWN = [
  "id",
  "name",
  "description",
  "type",
  "unit",
  "severity",
  "dimension",
  "method",
  "businessImpact",
  "customProperties",
  "tags",
  "authoritativeDefinitions",
  "scheduler",
  "schedule",
  "metric",
  "rule",
  "arguments",
  "validValues",
  "query",
  "engine",
  "implementation",
  ...OPERATORS
]

/** ODCS severities (free text; these are the spec's examples) to lakegate's. */
const SEVERITIES: ReadonlyMap<string, Severity> = new Map([
  ["error", "error"],
  ["warning", "warn"],
  ["warn", "warn"],
  ["info", "warn"]
])

const severityOf = (rule: Mapping, path: Path): Effect.Effect<Severity, Refusal> =>
  Effect.flatMap(field.optionalString(rule, "severity", path), (s) => {
    if (s === undefined) return Effect.succeed<Severity>("error")
    const known = SEVERITIES.get(s.toLowerCase())
    return known === undefined ? refuse([...path, "severity"], `severity \`${s}\` is not supported (error, warning, info)`) : Effect.succeed(known)
  })

const unitOf = (rule: Mapping, path: Path): Effect.Effect<Unit, Refusal> =>
  Effect.flatMap(field.optionalString(rule, "unit", path), (u) =>
    u === undefined || u.toLowerCase() === "rows"
      ? Effect.succeed<Unit>("rows")
      : u.toLowerCase() === "percent"
        ? Effect.succeed<Unit>("percent")
        : refuse([...path, "unit"], `unit \`${u}\` is not supported (rows, percent)`)
  )

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "_")
    .replace(/^_+|_+$/g, "")

/** The check id a rule gives itself (`id`, else its `name` as a slug), if any. */
const explicitId = (rule: Mapping, path: Path): Effect.Effect<string | undefined, Refusal> =>
  Effect.gen(function* () {
    const id = yield* field.optionalString(rule, "id", path)
    if (id !== undefined) return id
    const name = yield* field.optionalString(rule, "name", path)
    const s = name === undefined ? "" : slug(name)
    return s === "" ? undefined : s
  })

/** The thresholds of a failure count: the limit is the fail level of an error, the warn level otherwise. */
const levels = (limit: Limit, severity: Severity): { readonly fail: Limit } | { readonly warn: Limit } => (severity === "error" ? { fail: limit } : { warn: limit })

/** A value of a rule's list as the column's text form (what `column::varchar` shows), or null for NULL; undefined when no value of the column's type can equal it. */
const columnText = (value: YamlValue, f: Field, at: Path): Effect.Effect<string | null | undefined, Refusal> => {
  if (value === null) return Effect.succeed(null)
  if (Array.isArray(value) || (typeof value === "object" && !(value instanceof YamlNumber))) return refuse(at, `expected a value, found ${describeValue(value)}`)
  const kind = f.kind
  const text = value instanceof YamlNumber ? value.source : String(value)
  switch (kind.kind) {
    case "text":
    case "enum":
      return Effect.succeed(text)
    case "integer":
    case "id":
    case "decimal": {
      const decimal = value instanceof YamlNumber ? value.decimal : typeof value === "string" ? plainDecimal(value) : null
      if (decimal === null) return Effect.succeed(undefined)
      const scale = kind.kind === "decimal" ? kind.scale : 0
      if (decimalsOf(decimal) > scale) return Effect.succeed(undefined)
      return Effect.succeed(scale === 0 ? (isWhole(decimal) ? floorAt(decimal, 0).toString() : undefined) : renderAt(floorAt(decimal, scale), scale))
    }
    case "boolean":
      return Effect.succeed(text === "true" || text === "false" ? text : undefined)
    case "date":
      return Effect.succeed(/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined)
    case "timestamp": {
      const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z?$/.exec(text)
      return Effect.succeed(m === null ? undefined : `${m[1]} ${m[2]}`)
    }
    case "list":
    case "struct":
      return refuse(at, `values of an ${kind.kind === "list" ? "array" : "object"} column cannot be listed`)
  }
}

/** The values of a list argument in the column's text form; values no row of the column can hold are left out. */
const valuesOf = (list: ReadonlyArray<YamlValue>, f: Field, at: Path): Effect.Effect<{ readonly nulls: boolean; readonly texts: ReadonlyArray<string> }, Refusal> =>
  Effect.gen(function* () {
    let nulls = false
    const texts: Array<string> = []
    for (const [i, v] of list.entries()) {
      const text = yield* columnText(v, f, [...at, i])
      if (text === null) nulls = true
      else if (text !== undefined && !texts.includes(text)) texts.push(text)
    }
    return { nulls, texts }
  })

interface RuleContext {
  readonly rule: Mapping
  readonly path: Path
  readonly scope: TableScope
  readonly target: RuleTarget
  readonly id: string | undefined
  readonly severity: Severity
  readonly description: string | undefined
}

const made = (c: RuleContext, check: Check): RuleCheck => ({ check, explicitId: c.id !== undefined, at: c.id === undefined ? c.path : [...c.path, "id"] })

const propertyField = (c: RuleContext, metric: string): Effect.Effect<Field, Refusal> =>
  c.target.level === "property"
    ? Effect.succeed(c.target.field)
    : refuse([...c.path, "metric"], `${metric} is a property-level metric: put the rule under the property's quality`)

/** The `arguments` of a library rule, with only the keys the metric takes. */
const argumentsOf = (c: RuleContext, metric: Metric, known: ReadonlyArray<string>): Effect.Effect<Mapping, Refusal> =>
  Effect.gen(function* () {
    const raw = c.rule["arguments"]
    if (raw === undefined || raw === null) return {}
    const args = yield* mappingAt(raw, [...c.path, "arguments"], "arguments as a mapping")
    yield* onlyKnownKeys(args, [...c.path, "arguments"], known, `the arguments of ${metric}`)
    return args
  })

const libraryCheck = (c: RuleContext, metric: Metric, metricAt: Path, legacyValidValues: boolean): Effect.Effect<RuleCheck, Refusal> =>
  Effect.gen(function* () {
    const unit = yield* unitOf(c.rule, c.path)
    // ODCS v3.0's `rule: validValues` had no comparator: every value must be valid.
    const comparisons: ReadonlyArray<Comparison> =
      legacyValidValues && !OPERATORS.some((op) => c.rule[op] !== undefined) ? [{ op: "mustBe", value: "0", numeric: true, at: c.path }] : yield* readComparisons(c.rule, c.path, false)
    const cmp = describeComparisons(comparisons, unit)
    if (metric === "rowCount") {
      if (c.target.level === "property") return yield* refuse(metricAt, "rowCount is a schema-level metric: put the rule under the schema object's quality")
      if (unit === "percent") return yield* refuse([...c.path, "unit"], "a row count has no percent")
      yield* argumentsOf(c, metric, [])
      const bounds = yield* countBounds(comparisons, c.path)
      return made(c, check.rowCount(bounds, { id: c.id ?? "rowCount", description: c.description ?? `the row count must be ${cmp}`, severity: c.severity }))
    }
    const limit = yield* failureLimit(comparisons, unit, metric, c.path)
    const thresholds = levels(limit, c.severity)
    if (metric === "duplicateValues") {
      const args = yield* argumentsOf(c, metric, c.target.level === "object" ? ["properties"] : [])
      const fields: ReadonlyArray<Field> =
        c.target.level === "property"
          ? [c.target.field]
          : yield* Effect.gen(function* () {
              const at = [...c.path, "arguments", "properties"]
              if (args["properties"] === undefined) return yield* refuse(at, "a schema-level duplicateValues needs arguments.properties (the columns of the key)")
              const names = yield* listAt(args["properties"], at)
              if (names.length === 0) return yield* refuse(at, "arguments.properties is empty")
              return yield* Effect.forEach(names, (name, i) => {
                const found = c.scope.fields.find((f) => f.name === name)
                return found === undefined ? refuse([...at, i], `no property named ${describeValue(name)} in this schema object`) : Effect.succeed(found)
              })
            })
      const columns = fields.map((f) => f.column)
      const id = c.id ?? `duplicateValues.${columns.join("_")}`
      const description = c.description ?? `duplicateValues of (${columns.join(", ")}) must be ${cmp}${unit === "rows" ? " rows" : ""}`
      return made(c, duplicatesCheck(columns, fields.some((f) => f.kind.nullable), c.scope.table, { id, description, ...thresholds }))
    }
    const f = yield* propertyField(c, metric)
    const col = f.column
    const options = { id: c.id ?? `${metric}.${col}`, description: c.description ?? `${metric} of ${col} must be ${cmp}${unit === "rows" ? " rows" : ""}`, ...thresholds }
    switch (metric) {
      case "nullValues":
        yield* argumentsOf(c, metric, [])
        return made(c, check.notNull(col, options))
      case "missingValues": {
        const args = yield* argumentsOf(c, metric, ["missingValues"])
        const at = [...c.path, "arguments", "missingValues"]
        // Without a list, only NULL is missing.
        const listed = args["missingValues"] === undefined ? [null] : yield* listAt(args["missingValues"], at)
        const { nulls, texts } = yield* valuesOf(listed, f, at)
        if (texts.length === 0) {
          return nulls ? made(c, check.notNull(col, options)) : yield* refuse(at, "no listed value can occur in this column: nothing would count as missing")
        }
        const e = `t.${sqlIdent(col)}`
        const condition = [...(nulls ? [`${e} is null`] : []), `${e}::varchar in (${texts.map(sqlString).join(", ")})`].join(" or ")
        const { id, ...rest } = options
        return made(c, check.sql(id, `select t.* from ${sqlIdent(c.scope.table)} t where ${condition}`, rest))
      }
      case "invalidValues": {
        const args = yield* argumentsOf(c, metric, ["validValues", "pattern"])
        const ruleLevel = c.rule["validValues"]
        if (ruleLevel !== undefined && args["validValues"] !== undefined) return yield* refuse([...c.path, "validValues"], "validValues given twice (here and in arguments)")
        const valid = args["validValues"] ?? ruleLevel
        const validAt = args["validValues"] === undefined ? [...c.path, "validValues"] : [...c.path, "arguments", "validValues"]
        const pattern = args["pattern"]
        if (valid !== undefined && pattern !== undefined) {
          return yield* refuse([...c.path, "arguments"], "invalidValues with both validValues and pattern is ambiguous; write two rules")
        }
        if (pattern !== undefined) {
          if (typeof pattern !== "string") return yield* refuse([...c.path, "arguments", "pattern"], `expected a pattern as text, found ${describeValue(pattern)}`)
          const p = yield* checkPattern(pattern, [...c.path, "arguments", "pattern"])
          return made(c, check.pattern(col, fullMatchPattern(p), options))
        }
        if (valid === undefined) return yield* refuse([...c.path, "arguments"], "invalidValues needs arguments.validValues or arguments.pattern")
        const { texts } = yield* valuesOf(yield* listAt(valid, validAt), f, validAt)
        if (texts.length === 0) return yield* refuse(validAt, "no listed value can occur in this column: every value would be invalid")
        return made(c, check.acceptedValues(col, texts, options))
      }
    }
  })

const PLACEHOLDER = /\$?\{(object|table|property|column)\}/g

const sqlCheck = (c: RuleContext): Effect.Effect<RuleCheck, Refusal> =>
  Effect.gen(function* () {
    const raw = (yield* field.string(c.rule, "query", c.path, "(the SQL query) is required for type: sql")).trim().replace(/;\s*$/, "")
    const column = c.target.level === "property" ? c.target.field.column : null
    const unbound = column === null ? /\$?\{(property|column)\}/.exec(raw) : null
    if (unbound !== null) return yield* refuse([...c.path, "query"], `${unbound[0]} has no value in a schema-level rule`)
    const query = raw.replace(PLACEHOLDER, (_, name: string) => sqlIdent(name === "object" || name === "table" || column === null ? c.scope.table : column))
    const comparisons = yield* readComparisons(c.rule, c.path, true)
    const failing = `select _odcs_value from (select (${query}) as _odcs_value) where (${sqlCondition(comparisons, "_odcs_value")}) is not true`
    return made(
      c,
      check.sql(c.id ?? (column === null ? "sql" : `sql.${column}`), failing, {
        description: c.description ?? `the query's value must be ${describeComparisons(comparisons, null)}`,
        severity: c.severity
      })
    )
  })

/** One quality rule as a check. */
const ruleCheck = (value: YamlValue, path: Path, scope: TableScope, target: RuleTarget): Effect.Effect<RuleCheck, Refusal> =>
  Effect.gen(function* () {
    const rule = yield* mappingAt(value, path, "a quality rule (a mapping)")
    yield* onlyKnownKeys(rule, path, KNOWN, "an ODCS quality rule")
    const type = (yield* field.optionalString(rule, "type", path)) ?? "library"
    if (type === "text") return yield* refuse([...path, "type"], "type: text rules are prose that lakegate cannot check; write them as library or sql rules")
    if (type === "custom") {
      const engine = (yield* field.optionalString(rule, "engine", path)) ?? "unnamed"
      return yield* refuse([...path, "engine"], `type: custom rules (engine \`${engine}\`) are not supported: lakegate does not run other engines' checks`)
    }
    if (type !== "library" && type !== "sql") return yield* refuse([...path, "type"], `unknown quality type \`${type}\` (library, sql; text and custom are refused)`)
    const metricName = yield* field.optionalString(rule, "metric", path)
    const ruleName = yield* field.optionalString(rule, "rule", path)
    const context: RuleContext = {
      rule,
      path,
      scope,
      target,
      id: yield* explicitId(rule, path),
      severity: yield* severityOf(rule, path),
      description: yield* field.optionalString(rule, "description", path)
    }
    const stray = (keys: ReadonlyArray<string>, why: string) => {
      const key = keys.find((k) => rule[k] !== undefined)
      return key === undefined ? Effect.void : refuse([...path, key], `\`${key}\` ${why}`)
    }
    switch (type) {
      case "sql":
        yield* stray(["metric", "rule", "arguments", "validValues", "engine", "implementation"], "does not belong to a type: sql rule")
        return yield* sqlCheck(context)
      case "library": {
        yield* stray(["query", "engine", "implementation"], "does not belong to a library rule (type: sql or custom?)")
        const name = metricName ?? ruleName
        const at = [...path, metricName === undefined ? "rule" : "metric"]
        if (name === undefined) return yield* refuse(path, "a library rule needs a metric (nullValues, missingValues, invalidValues, duplicateValues, rowCount)")
        const metric = metricNamed(name)
        if (metric === undefined) return yield* refuse(at, `unknown metric \`${name}\` (ODCS v3.1: ${METRICS.join(", ")})`)
        if (metricName !== undefined && ruleName !== undefined && metricNamed(ruleName) !== metric) {
          return yield* refuse([...path, "rule"], `rule \`${ruleName}\` disagrees with metric \`${metricName}\``)
        }
        if (rule["validValues"] !== undefined && metric !== "invalidValues") return yield* refuse([...path, "validValues"], `validValues belongs to invalidValues, not ${metric}`)
        return yield* libraryCheck(context, metric, at, metricName === undefined && ruleName === "validValues")
      }
    }
  })

/** The checks of a `quality` list on a table or one of its columns; `path` is the list's. */
export const qualityChecks = (value: YamlValue | undefined, path: Path, scope: TableScope, target: RuleTarget): Effect.Effect<ReadonlyArray<RuleCheck>, Refusal> =>
  value === undefined || value === null
    ? Effect.succeed([])
    : Effect.flatMap(listAt(value, path, "a list of quality rules"), (rules) => Effect.forEach(rules, (rule, i) => ruleCheck(rule, [...path, i], scope, target)))
