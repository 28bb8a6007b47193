/**
 * One ODCS schema object (a table) as a lakegate table contract: its
 * properties as columns, its primary key (compound keys ordered by
 * `primaryKeyPosition`), `unique` columns, foreign keys (as `references`
 * checks, where a NULL key passes), and the checks of its columns'
 * constraints and of every quality rule, with stable ids.
 *
 * @example
 * import { readSchemaObject } from "./schemaObject.ts"
 * // schema[0]: { name: orders, properties: [{ name: order_id, logicalType: integer, primaryKey: true }], quality: [...] }
 * // → table({ name: "orders", layer: "check", key: ["order_id"], columns: { order_id: column.integer() }, checks: [...] })
 */
import { Effect } from "effect"
import { check, type Check } from "../checks/Check.ts"
import { table, type DeclaredTable } from "../contract/tableContract.ts"
import { constraintChecks, duplicatesCheck, nestedCheck } from "./fieldChecks.ts"
import { readField, type Field } from "./fields.ts"
import { qualityChecks, type RuleCheck, type TableScope } from "./quality.ts"
import { field, isMapping, listAt, mappingAt, numberAt, onlyKnownKeys, refuse, type Refusal } from "./read.ts"
import { readRelationships, type ForeignKey, type ObjectNames } from "./relationships.ts"
import type { Path, YamlValue } from "./yamlTree.ts"

/** The layer of tables read from ODCS: contracts checked where the data is, not built by a pipeline stage. */
export const ODCS_LAYER = "check"

/** What every table of the contract shares. */
export interface ContractContext {
  readonly version: string
  /** The contract's description, for objects without their own. */
  readonly description: string | undefined
  /** Every object of the contract by ODCS name, for relationships between them. */
  readonly objects: ReadonlyMap<string, ObjectNames>
}

const KNOWN = [
  "id",
  "name",
  "physicalName",
  "physicalType",
  "description",
  "businessName",
  "authoritativeDefinitions",
  "tags",
  "customProperties",
  "logicalType",
  "dataGranularityDescription",
  "properties",
  "relationships",
  "quality"
]

/** The SQL names of every well-formed object, read leniently (the full read refuses what is wrong). */
export const objectNames = (schema: ReadonlyArray<YamlValue>): ReadonlyMap<string, ObjectNames> => {
  const names = new Map<string, ObjectNames>()
  for (const object of schema) {
    if (!isMapping(object) || typeof object["name"] !== "string") continue
    const physical = object["physicalName"]
    const columns = new Map<string, string>()
    for (const p of Array.isArray(object["properties"]) ? object["properties"] : []) {
      if (!isMapping(p) || typeof p["name"] !== "string") continue
      columns.set(p["name"], typeof p["physicalName"] === "string" ? p["physicalName"] : p["name"])
    }
    names.set(object["name"], { table: typeof physical === "string" ? physical : object["name"], columns })
  }
  return names
}

/** The primary key's columns: `primaryKey: true` properties, ordered by `primaryKeyPosition` when there are several. */
const primaryKey = (fields: ReadonlyArray<Field>): Effect.Effect<ReadonlyArray<string>, Refusal> =>
  Effect.gen(function* () {
    const keyed: Array<{ readonly field: Field; readonly position: number | null }> = []
    for (const f of fields) {
      const raw = f.property["primaryKeyPosition"]
      const at = [...f.path, "primaryKeyPosition"]
      const position = raw === undefined || raw === null ? null : (yield* numberAt(raw, at)).value
      if (position !== null && !Number.isInteger(position)) return yield* refuse(at, "expected a whole number")
      const isKey = f.property["primaryKey"] === true
      if (!isKey && position !== null && position >= 1) return yield* refuse(at, "primaryKeyPosition on a property that is not a primaryKey")
      if (isKey) keyed.push({ field: f, position: position !== null && position >= 1 ? position : null })
    }
    if (keyed.length <= 1) return keyed.map((k) => k.field.column)
    const unpositioned = keyed.filter((k) => k.position === null)
    if (unpositioned.length === keyed.length) return keyed.map((k) => k.field.column)
    const first = unpositioned[0]
    if (first !== undefined) return yield* refuse(first.field.path, "a compound key needs a primaryKeyPosition on every key property (or on none)")
    const sorted = [...keyed].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    for (let i = 1; i < sorted.length; i++) {
      const [prev, cur] = [sorted[i - 1], sorted[i]]
      if (prev !== undefined && cur !== undefined && prev.position === cur.position) {
        return yield* refuse([...cur.field.path, "primaryKeyPosition"], `primaryKeyPosition ${cur.position} is also ${prev.field.name}'s`)
      }
    }
    return sorted.map((k) => k.field.column)
  })

/**
 * Give every check a unique id: an id the rule chose must be unique (a second
 * one is refused); a derived id gets `.2`, `.3`, ... when it repeats.
 */
const uniqueIds = (made: ReadonlyArray<RuleCheck>): Effect.Effect<ReadonlyArray<Check>, Refusal> =>
  Effect.gen(function* () {
    const taken = new Set<string>()
    for (const m of made.filter((m) => m.explicitId)) {
      if (taken.has(m.check.id)) return yield* refuse(m.at, `check id ${m.check.id} is used twice in this schema object`)
      taken.add(m.check.id)
    }
    const checks: Array<Check> = []
    for (const m of made) {
      if (m.explicitId) {
        checks.push(m.check)
        continue
      }
      let id = m.check.id
      for (let n = 2; taken.has(id); n++) id = `${m.check.id}.${n}`
      taken.add(id)
      checks.push({ ...m.check, id })
    }
    return checks
  })

/** The checks a column declares by itself: constraints, `unique`, what lies inside it, then its quality rules. */
const columnChecks = (f: Field, scope: TableScope, soleKey: boolean): Effect.Effect<ReadonlyArray<RuleCheck>, Refusal> =>
  Effect.gen(function* () {
    const declared = (c: Check): RuleCheck => ({ check: c, explicitId: false, at: f.path })
    const unique = (yield* field.optionalBoolean(f.property, "unique", f.path)) === true && !soleKey
    const nested = nestedCheck(f, scope.table)
    const rules = yield* qualityChecks(f.property["quality"], [...f.path, "quality"], scope, { level: "property", field: f })
    return [
      ...constraintChecks(f).map(declared),
      ...(unique ? [declared(duplicatesCheck([f.column], f.kind.nullable, scope.table, { id: `unique.${f.column}`, description: `${f.column} is unique` }))] : []),
      ...(nested === null ? [] : [declared(nested)]),
      ...rules
    ]
  })

/** One schema object as a table contract; `path` is the object's (`schema[i]`). */
export const readSchemaObject = (value: YamlValue, path: Path, context: ContractContext): Effect.Effect<DeclaredTable, Refusal> =>
  Effect.gen(function* () {
    const object = yield* mappingAt(value, path, "a schema object (a mapping)")
    yield* onlyKnownKeys(object, path, KNOWN, "an ODCS schema object")
    const name = yield* field.string(object, "name", path, "(the schema object's name) is required")
    const tableName = (yield* field.optionalString(object, "physicalName", path)) ?? name
    const logicalType = yield* field.optionalString(object, "logicalType", path)
    if (logicalType !== undefined && logicalType !== "object") return yield* refuse([...path, "logicalType"], `a schema object's logicalType is object, found ${logicalType}`)
    const rawProperties = object["properties"]
    if (rawProperties === undefined || rawProperties === null) return yield* refuse(path, "the schema object has no properties: there is no table to check")
    const properties = yield* listAt(rawProperties, [...path, "properties"])
    if (properties.length === 0) return yield* refuse([...path, "properties"], "the schema object has no properties: there is no table to check")
    const fields = yield* Effect.forEach(properties, (p, i) => readField(p, [...path, "properties", i], "column"))
    const seen = new Map<string, Field>()
    for (const f of fields) {
      const earlier = seen.get(f.column)
      if (earlier !== undefined) return yield* refuse(f.path, `column ${f.column} is declared twice (also ${earlier.name})`)
      seen.set(f.column, f)
    }
    const key = yield* primaryKey(fields)
    const scope: TableScope = { table: tableName, fields }
    const perColumn = yield* Effect.forEach(fields, (f) => columnChecks(f, scope, key.length === 1 && key[0] === f.column))
    const objectRules = yield* qualityChecks(object["quality"], [...path, "quality"], scope, { level: "object" })
    const foreignKeys: ReadonlyArray<ForeignKey> = [
      ...(yield* Effect.forEach(fields, (f) => readRelationships(f.property["relationships"], [...f.path, "relationships"], { level: "property", field: f }, context.objects))).flat(),
      ...(yield* readRelationships(object["relationships"], [...path, "relationships"], { level: "object", objectName: name, fields }, context.objects))
    ]
    // As SQL foreign keys: a NULL key references nothing and passes (the table's own
    // `references` would also fail NULL keys, so relationships are vocabulary checks).
    const referenceChecks = foreignKeys.map((fk): RuleCheck => ({ check: check.references(fk.columns, fk.table, fk.referencedColumns), explicitId: false, at: path }))
    const checks = yield* uniqueIds([...perColumn.flat(), ...referenceChecks, ...objectRules])
    const description = (yield* field.optionalString(object, "description", path)) ?? context.description
    return table({
      name: tableName,
      version: context.version,
      layer: ODCS_LAYER,
      ...(description === undefined ? {} : { description }),
      columns: Object.fromEntries(fields.map((f) => [f.column, f.kind])),
      key,
      checks
    })
  })
