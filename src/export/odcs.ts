/**
 * Table contracts as one ODCS v3.1 document, written so that `parseOdcs`
 * reads back contracts that check the same data with the same results:
 * columns with their logical and physical types, the key, bounds and lengths
 * of `range.<column>`/`length.<column>` checks as `logicalTypeOptions`, the
 * other checks as `quality` rules with their ids, descriptions and thresholds,
 * and references as `relationships`. What ODCS cannot say (freshness, sums,
 * TypeScript predicates, checks written as code, a kind's options that the
 * contract does not check) is listed in `omitted`, never dropped silently.
 *
 * @example
 * import { exportModel, toOdcs } from "lakegate"
 * const { text, omitted } = toOdcs([exportModel(orders)])
 * // text: "apiVersion: v3.1.0\nkind: DataContract\n..."; omitted: [{ table: "orders", subject: "freshness.ordered_on", reason: "..." }]
 */
import { Effect, Either } from "effect"
import type { Check, Literal } from "../checks/Check.ts"
import { sqlTypeOf, type ColumnKind } from "../contract/kinds.ts"
import { checkPattern } from "../odcs/typeOptions.ts"
import { blocksOnFirstRow, pipelineOmissions, severityOnly, type ExportColumn, type ExportModel, type Exported, type Omission } from "./model.ts"
import { thresholdRule } from "./thresholdRule.ts"
import { exactNumber, yamlText } from "./yamlText.ts"

type Yaml = Record<string, unknown>

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/
const PLACEHOLDER = /\$?\{(object|table|property|column)\}/

/** The ODCS logical type of a kind. */
const logicalTypeOf = (kind: ColumnKind): string => {
  switch (kind.kind) {
    case "id":
    case "integer":
      return "integer"
    case "decimal":
      return "number"
    case "text":
    case "enum":
      return "string"
    case "boolean":
    case "date":
    case "timestamp":
      return kind.kind
    case "list":
      return "array"
    case "struct":
      return "object"
  }
}

/** A nested kind (a struct's field, a list's items) as an ODCS property, without `required` (nothing inside is checked unless a check says so). */
const nestedProperty = (name: string | null, kind: ColumnKind): Yaml => ({
  ...(name === null ? {} : { name }),
  logicalType: logicalTypeOf(kind),
  physicalType: sqlTypeOf(kind),
  ...(kind.description === undefined ? {} : { description: kind.description }),
  ...(kind.kind === "struct" ? { properties: Object.entries(kind.fields).map(([n, k]) => nestedProperty(n, k)) } : {}),
  ...(kind.kind === "list" ? { items: nestedProperty(null, kind.of) } : {})
})

/** The options of a kind, each checked by the check it implies when that check is exported (nested lists' and structs' by a check of their own). */
const kindOptions = (kind: ColumnKind): ReadonlyArray<string> => {
  switch (kind.kind) {
    case "id":
      return ["id (a positive integer)"]
    case "integer":
    case "decimal":
      return [...(kind.min === undefined ? [] : [`min ${kind.min}`]), ...(kind.max === undefined ? [] : [`max ${kind.max}`])]
    case "text":
      return [
        ...(kind.minLength === undefined ? [] : [`minLength ${kind.minLength}`]),
        ...(kind.maxLength === undefined ? [] : [`maxLength ${kind.maxLength}`]),
        ...(kind.pattern === undefined ? [] : [`pattern /${kind.pattern}/`]),
        ...(kind.format === undefined ? [] : [`format ${kind.format}`])
      ]
    case "enum":
      return [`values ${kind.values.join("|")}`]
    case "list":
      return kind.of.nullable ? [] : ["items NOT NULL"]
    case "struct": {
      const required = Object.entries(kind.fields).filter(([, f]) => !f.nullable).map(([n]) => n)
      return required.length === 0 ? [] : [`NOT NULL fields ${required.join(", ")}`]
    }
    default:
      return []
  }
}

const isNumeric = (k: ColumnKind | null): boolean => k !== null && (k.kind === "id" || k.kind === "integer" || k.kind === "decimal")

/** A range bound as the YAML value ODCS reads for the column's type, or null when it cannot be one. */
const boundValue = (value: Literal, c: ExportColumn): unknown => {
  const k = c.kind
  if (isNumeric(k)) {
    const n = typeof value === "boolean" ? null : exactNumber(value)
    return n === null || typeof n === "string" ? null : n
  }
  if (k?.kind === "date") return typeof value === "string" && DATE.test(value) ? value : null
  if (k?.kind === "timestamp") return typeof value === "string" && TIMESTAMP.test(value) ? value : null
  return null
}

/** The `logicalTypeOptions` a range check becomes, or why it cannot. */
const rangeOptions = (c: ExportColumn, r: Extract<Check["rule"], { _tag: "Range" }>): Either.Either<Yaml, string> => {
  const options: Yaml = {}
  for (const [bound, exclusive, inclusiveKey, exclusiveKey] of [
    [r.min, r.exclusiveMin, "minimum", "exclusiveMinimum"],
    [r.max, r.exclusiveMax, "maximum", "exclusiveMaximum"]
  ] as const) {
    if (bound === undefined) continue
    const v = boundValue(bound, c)
    if (v === null) return Either.left(`ODCS bounds ${c.kind === null ? c.sqlType : c.kind.kind} columns only with numbers, dates and timestamps (found ${JSON.stringify(bound)})`)
    options[exclusive === true ? exclusiveKey : inclusiveKey] = v
  }
  return Object.keys(options).length === 0 ? Either.left("a range without bounds") : Either.right(options)
}

/** The YAML of a listed value. */
const valueYaml = (v: Literal): unknown => (typeof v === "number" ? exactNumber(v) : v)

/** A check, its rule fields (id, description, level) and where it goes; or why it has no ODCS form. */
type Placed =
  | { readonly where: "options"; readonly column: string; readonly options: Yaml }
  | { readonly where: "property"; readonly column: string; readonly rule: Yaml }
  | { readonly where: "relationship"; readonly columns: ReadonlyArray<string>; readonly to: ReadonlyArray<string> }
  | { readonly where: "object"; readonly rule: Yaml }

const rule = (c: Check, fields: Yaml): Either.Either<Yaml, string> =>
  Either.map(thresholdRule(c.thresholds), (level) => ({ id: c.id, description: c.description, ...fields, ...level }))

const place = (c: Check, model: ExportModel, taken: Set<string>): Either.Either<Placed, string> => {
  const columnOf = (name: string): ExportColumn | undefined => model.columns.find((col) => col.name === name)
  const r = c.rule
  switch (r._tag) {
    case "NotNull": {
      const [only, ...more] = r.columns
      if (only === undefined || more.length > 0) return Either.left("a NULL check on several columns is one check; ODCS has one nullValues rule per column")
      return Either.map(rule(c, { metric: "nullValues" }), (y) => ({ where: "property" as const, column: only, rule: y }))
    }
    case "Unique": {
      const nullable = r.columns.filter((name) => columnOf(name)?.nullable !== false)
      if (nullable.length > 0) return Either.left(`${nullable.join(", ")} may be NULL: lakegate counts NULL keys as duplicates, ODCS does not`)
      const [only, ...more] = r.columns
      if (only !== undefined && more.length === 0) return Either.map(rule(c, { metric: "duplicateValues" }), (y) => ({ where: "property" as const, column: only, rule: y }))
      return Either.map(rule(c, { metric: "duplicateValues", arguments: { properties: [...r.columns] } }), (y) => ({ where: "object" as const, rule: y }))
    }
    case "AcceptedValues":
      if (r.values.length === 0) return Either.left("no accepted value")
      return Either.map(rule(c, { metric: "invalidValues", arguments: { validValues: r.values.map(valueYaml) } }), (y) => ({ where: "property" as const, column: r.column, rule: y }))
    case "Pattern": {
      const anchored = `^(?:${r.pattern})$`
      const valid = Effect.runSync(Effect.either(checkPattern(anchored, [])))
      if (Either.isLeft(valid)) return Either.left(valid.left.message)
      return Either.map(rule(c, { metric: "invalidValues", arguments: { pattern: anchored } }), (y) => ({ where: "property" as const, column: r.column, rule: y }))
    }
    case "Range": {
      const col = columnOf(r.column)
      if (col === undefined) return Either.left(`no column ${r.column}`)
      if (c.id !== `range.${r.column}` || !blocksOnFirstRow(c.thresholds) || c.thresholds.warn !== undefined) {
        return Either.left("ODCS bounds a column only in logicalTypeOptions, which block on the first row with the id range.<column>; this check has its own id or thresholds")
      }
      if (taken.has(`range:${r.column}`)) return Either.left(`a second range on ${r.column}: logicalTypeOptions hold one`)
      taken.add(`range:${r.column}`)
      return Either.map(rangeOptions(col, r), (options) => ({ where: "options" as const, column: r.column, options }))
    }
    case "Length": {
      const col = columnOf(r.column)
      if (col?.kind?.kind !== "text" && col?.kind?.kind !== "enum") return Either.left("ODCS lengths are options of string columns")
      if (c.id !== `length.${r.column}` || !blocksOnFirstRow(c.thresholds) || c.thresholds.warn !== undefined) {
        return Either.left("ODCS bounds lengths only in logicalTypeOptions, which block on the first row with the id length.<column>; this check has its own id or thresholds")
      }
      if (taken.has(`length:${r.column}`)) return Either.left(`a second length check on ${r.column}: logicalTypeOptions hold one`)
      if (r.min !== undefined && r.max !== undefined && r.min > r.max) return Either.left("no length passes")
      taken.add(`length:${r.column}`)
      const options = { ...(r.min === undefined || r.min === 0 ? {} : { minLength: r.min }), ...(r.max === undefined ? {} : { maxLength: r.max }) }
      return Object.keys(options).length === 0 ? Either.left("the check always passes (no minimum above 0, no maximum)") : Either.right({ where: "options", column: r.column, options })
    }
    case "RowCount": {
      const severity = severityOnly(c.thresholds)
      if (severity === null) return Either.left("ODCS row counts have a severity, not thresholds of failing rows")
      const min = r.min !== undefined && r.min > 0 ? r.min : undefined
      if (min === undefined && r.max === undefined) return Either.left("the check always passes (no minimum above 0, no maximum)")
      return Either.right({
        where: "object",
        rule: {
          id: c.id,
          description: c.description,
          metric: "rowCount",
          ...(min === undefined ? {} : { mustBeGreaterOrEqualTo: min }),
          ...(r.max === undefined ? {} : { mustBeLessOrEqualTo: r.max }),
          ...(severity === "warn" ? { severity: "warning" } : {})
        }
      })
    }
    case "References": {
      if (severityOnly(c.thresholds) !== "error" || c.id !== `references.${r.columns.join("_")}`) {
        return Either.left("an ODCS relationship blocks on the first row with the id references.<columns>; this check has its own id or thresholds")
      }
      if (![r.table, ...r.referencedColumns].every((n) => IDENT.test(n))) return Either.left("ODCS references name tables and columns as table.column identifiers")
      return Either.right({ where: "relationship", columns: r.columns, to: r.referencedColumns.map((col) => `${r.table}.${col}`) })
    }
    case "Sql": {
      const severity = severityOnly(c.thresholds)
      if (severity === null) return Either.left("an ODCS sql rule compares one value: its severity is kept, thresholds of failing rows are not")
      if (PLACEHOLDER.test(r.query)) return Either.left("the query holds an ODCS placeholder ({table}, {column}...) that would be replaced")
      return Either.right({
        where: "object",
        rule: { id: c.id, description: c.description, type: "sql", query: `select count(*) from (${r.query.trim().replace(/;\s*$/, "")})`, mustBe: 0, ...(severity === "warn" ? { severity: "warning" } : {}) }
      })
    }
    case "Freshness":
      return Either.left("ODCS has no freshness rule (relative to the ingestion date)")
    case "SumReconciles":
      return Either.left("ODCS has no rule comparing sums across tables")
    case "RowPredicate":
      return Either.left("a TypeScript predicate has no ODCS form")
  }
}

/** One table as an ODCS schema object, with what it could not carry. */
const schemaObject = (model: ExportModel): { readonly object: Yaml; readonly omitted: ReadonlyArray<Omission> } => {
  const omitted: Array<Omission> = []
  const omit = (subject: string, reason: string) => omitted.push({ table: model.table, subject, reason })
  const options = new Map<string, Yaml>()
  const propertyRules = new Map<string, Array<Yaml>>()
  const propertyRelationships = new Map<string, Array<Yaml>>()
  const objectRules: Array<Yaml> = []
  const objectRelationships: Array<Yaml> = []
  const taken = new Set<string>()
  const exported: Array<Check> = []
  const relate = (columns: ReadonlyArray<string>, to: ReadonlyArray<string>) => {
    const [only, ...more] = columns
    if (only !== undefined && more.length === 0 && to.length === 1) propertyRelationships.set(only, [...(propertyRelationships.get(only) ?? []), { to: to[0] }])
    else objectRelationships.push({ from: columns.map((c) => `${model.table}.${c}`), to: [...to] })
  }
  for (const ref of model.references) {
    if (![ref.table, ...ref.referencedColumns, model.table, ...ref.columns].every((n) => IDENT.test(n))) {
      omit(`references ${ref.columns.join(", ")}`, "ODCS references name tables and columns as table.column identifiers")
      continue
    }
    relate(ref.columns, ref.referencedColumns.map((c) => `${ref.table}.${c}`))
  }
  for (const c of model.checks) {
    const placed = place(c, model, taken)
    if (Either.isLeft(placed)) {
      omit(c.id, placed.left)
      continue
    }
    const p = placed.right
    const named = p.where === "options" || p.where === "property" ? [p.column] : p.where === "relationship" ? p.columns : []
    const missing = named.filter((name) => !model.columns.some((col) => col.name === name))
    if (missing.length > 0) {
      omit(c.id, `names no column of the table: ${missing.join(", ")}`)
      continue
    }
    exported.push(c)
    switch (p.where) {
      case "options":
        options.set(p.column, { ...(options.get(p.column) ?? {}), ...p.options })
        break
      case "property":
        propertyRules.set(p.column, [...(propertyRules.get(p.column) ?? []), p.rule])
        break
      case "relationship":
        relate(p.columns, p.to)
        break
      case "object":
        objectRules.push(p.rule)
        break
    }
  }
  for (const c of model.custom) omit(c.id, "a check written as code has no ODCS form")
  omitted.push(...pipelineOmissions(model))
  const keyed = model.key.length > 1
  const properties = model.columns.map((col): Yaml => {
    const k = col.kind
    const position = model.key.indexOf(col.name)
    if (position >= 0 && col.nullable) omit(`key ${col.name}`, "a key column that may be NULL: ODCS makes key columns required")
    if (k?.kind === "integer" && col.sqlType.trim().toUpperCase() !== "BIGINT") omit(col.name, `${col.sqlType}: an ODCS integer is read back as BIGINT`)
    if (k === null) omit(col.name, `the type ${col.sqlType} has no ODCS logical type: written as its physicalType only`)
    else {
      const own = options.get(col.name) ?? {}
      const on = (tag: Check["rule"]["_tag"]) => exported.some((c) => c.rule._tag === tag && "column" in c.rule && c.rule.column === col.name)
      // An option is checked when an exported check of its family is on the column (a nested column's by its `nested.<column>` SQL check).
      const covered = (o: string): boolean =>
        (o.startsWith("id ") && own["minimum"] !== undefined) ||
        (o.startsWith("min ") && (own["minimum"] !== undefined || own["exclusiveMinimum"] !== undefined)) ||
        (o.startsWith("max ") && (own["maximum"] !== undefined || own["exclusiveMaximum"] !== undefined)) ||
        (o.startsWith("minLength ") && own["minLength"] !== undefined) ||
        (o.startsWith("maxLength ") && own["maxLength"] !== undefined) ||
        ((o.startsWith("pattern ") || o.startsWith("format ")) && on("Pattern")) ||
        (o.startsWith("values ") && on("AcceptedValues")) ||
        ((o.startsWith("NOT NULL fields ") || o === "items NOT NULL") && exported.some((c) => c.id === `nested.${col.name}` && c.rule._tag === "Sql"))
      const unchecked = kindOptions(k).filter((o) => !covered(o))
      if (unchecked.length > 0) omit(col.name, `the kind's ${unchecked.join(", ")} are not checked by any check of the contract (ODCS would check them): not exported`)
    }
    const typeOptions = options.get(col.name)
    const rules = propertyRules.get(col.name)
    const relationships = propertyRelationships.get(col.name)
    return {
      name: col.name,
      ...(k === null ? {} : { logicalType: logicalTypeOf(k) }),
      physicalType: col.sqlType,
      ...(col.description === undefined ? {} : { description: col.description }),
      required: !col.nullable,
      ...(position >= 0 ? { primaryKey: true, ...(keyed ? { primaryKeyPosition: position + 1 } : {}) } : {}),
      ...(typeOptions === undefined ? {} : { logicalTypeOptions: typeOptions }),
      ...(k?.kind === "struct" ? { properties: Object.entries(k.fields).map(([n, f]) => nestedProperty(n, f)) } : {}),
      ...(k?.kind === "list" ? { items: nestedProperty(null, k.of) } : {}),
      ...(rules === undefined ? {} : { quality: rules }),
      ...(relationships === undefined ? {} : { relationships })
    }
  })
  return {
    object: {
      name: model.table,
      physicalName: model.table,
      logicalType: "object",
      physicalType: "table",
      ...(model.description === "" ? {} : { description: model.description }),
      properties,
      ...(objectRelationships.length === 0 ? {} : { relationships: objectRelationships }),
      ...(objectRules.length === 0 ? {} : { quality: objectRules })
    },
    omitted
  }
}

/**
 * Table contracts as one ODCS v3.1.0 document (a schema object per table; the
 * first table's id and version name the contract), and what it could not
 * express.
 *
 * @example
 * const { text } = toOdcs([exportModel(orders)])
 * Effect.runSync(parseOdcs(text, "orders.odcs.yaml"))[0].checks // the same checks as orders'
 */
export const toOdcs = (models: ReadonlyArray<ExportModel>): Exported => {
  const objects = models.map(schemaObject)
  const first = models[0]
  const document = {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: first?.id ?? "contract",
    name: models.map((m) => m.table).join(", "),
    version: first?.version ?? "0.0.0",
    status: "active",
    schema: objects.map((o) => o.object)
  }
  const versions: ReadonlyArray<Omission> = models
    .filter((m) => first !== undefined && m.version !== first.version)
    .map((m) => ({ table: m.table, subject: "version", reason: `version ${m.version}: one ODCS document has one version (${first?.version ?? ""}), read back for every table` }))
  return { text: yamlText(document), omitted: [...objects.flatMap((o) => o.omitted), ...versions] }
}
