/**
 * ODCS properties as lakegate columns: each property's kind (with its
 * nullability, description and bounds) and the constraints its values must
 * respect, recursively through objects (`properties`) and arrays (`items`).
 * Features that only make sense on a table's own columns (keys, `unique`,
 * quality rules, relationships) are refused inside objects and arrays.
 *
 * @example
 * import { readField } from "./fields.ts"
 * // { name: amount, logicalType: number, physicalType: "DECIMAL(12,2)", required: true,
 * //   logicalTypeOptions: { exclusiveMinimum: 0 } }
 * // → kind decimal(12,2) with min "0.01", not nullable; constraints.range { min: "0", exclusiveMin: true }
 */
import { Effect } from "effect"
import { column, type ColumnKind } from "../contract/kinds.ts"
import { baseKindOf, type BaseKind } from "./baseKind.ts"
import { ceilAt, floorAt, renderAt } from "./decimal.ts"
import { field, listAt, mappingAt, onlyKnownKeys, refuse, type Mapping, type Refusal } from "./read.ts"
import { readTypeOptions, type Constraints, type Range } from "./typeOptions.ts"
import type { Path, YamlValue } from "./yamlTree.ts"

/** A property read as a column (or a nested field, or an array's items). */
export interface Field {
  /** The ODCS `name` (what relationships and `arguments.properties` refer to). */
  readonly name: string
  /** The column's name in SQL: `physicalName` when given, else `name`. */
  readonly column: string
  readonly path: Path
  readonly kind: ColumnKind
  readonly constraints: Constraints
  /** An object's nested properties. */
  readonly fields: ReadonlyArray<Field>
  /** An array's items. */
  readonly items: Field | null
  /** The property as written, for the table-level features read by the schema object. */
  readonly property: Mapping
}

/** Where a property sits: a table's column, a property inside an object, or an array's items. */
export type Position = "column" | "nested" | "items"

const METADATA = [
  "id",
  "businessName",
  "authoritativeDefinitions",
  "tags",
  "customProperties",
  "classification",
  "encryptedName",
  "transformSourceObjects",
  "transformLogic",
  "transformDescription",
  "examples",
  "criticalDataElement",
  "partitioned",
  "partitionKeyPosition"
]
const TYPING = ["name", "physicalName", "description", "logicalType", "logicalTypeOptions", "physicalType", "required", "properties", "items"]
const TABLE_ONLY = ["primaryKey", "primaryKeyPosition", "unique", "quality", "relationships"]

/** Refuse table-level features inside an object or an array. */
const refuseTableOnly = (property: Mapping, path: Path): Effect.Effect<void, Refusal> => {
  const used = TABLE_ONLY.find((key) => {
    const v = property[key]
    return key === "primaryKeyPosition" ? false : Array.isArray(v) ? v.length > 0 : v === true
  })
  return used === undefined ? Effect.void : refuse([...path, used], `\`${used}\` inside an object or array is not supported: lakegate checks it on a table's own columns`)
}

/** Integer bounds of the kind, from the range (exclusive bounds become the next whole number). */
const integerBounds = (range: Range | undefined): { readonly min?: number; readonly max?: number } => {
  if (range === undefined) return {}
  const min = range.min === undefined ? undefined : Number(range.exclusiveMin === true ? floorAt(range.min, 0) + 1n : ceilAt(range.min, 0))
  const max = range.max === undefined ? undefined : Number(range.exclusiveMax === true ? ceilAt(range.max, 0) - 1n : floorAt(range.max, 0))
  return { ...(min !== undefined && Number.isSafeInteger(min) ? { min } : {}), ...(max !== undefined && Number.isSafeInteger(max) ? { max } : {}) }
}

/** Decimal bounds of the kind at its scale: `exclusiveMinimum: 0` on DECIMAL(12,2) is `min: "0.01"`. */
const decimalBounds = (range: Range | undefined, scale: number): { readonly min?: string; readonly max?: string } => {
  if (range === undefined) return {}
  return {
    ...(range.min === undefined ? {} : { min: renderAt(range.exclusiveMin === true ? floorAt(range.min, scale) + 1n : ceilAt(range.min, scale), scale) }),
    ...(range.max === undefined ? {} : { max: renderAt(range.exclusiveMax === true ? ceilAt(range.max, scale) - 1n : floorAt(range.max, scale), scale) })
  }
}

const kindOf = (
  base: BaseKind,
  constraints: Constraints,
  options: { readonly nullable: boolean; readonly description?: string },
  nested: { readonly fields: ReadonlyArray<Field>; readonly items: Field | null },
  path: Path
): Effect.Effect<ColumnKind, Refusal> => {
  const common = { nullable: options.nullable, ...(options.description === undefined ? {} : { description: options.description }) }
  switch (base.kind) {
    case "text":
      return Effect.succeed(
        column.text({
          ...common,
          ...(constraints.length?.min === undefined ? {} : { minLength: constraints.length.min }),
          ...(constraints.length?.max === undefined ? {} : { maxLength: constraints.length.max }),
          ...(constraints.pattern === undefined ? {} : { pattern: constraints.pattern }),
          ...(constraints.format === undefined ? {} : { format: constraints.format })
        })
      )
    case "integer": {
      const bounds = integerBounds(constraints.range)
      return bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max
        ? refuse([...path, "logicalTypeOptions"], "no whole number is within these bounds")
        : Effect.succeed(column.integer({ ...common, ...bounds }))
    }
    case "decimal": {
      const bounds = decimalBounds(constraints.range, base.scale)
      return bounds.min !== undefined && bounds.max !== undefined && floorAt(bounds.min, base.scale) > floorAt(bounds.max, base.scale)
        ? refuse([...path, "logicalTypeOptions"], `no DECIMAL(${base.precision},${base.scale}) value is within these bounds`)
        : Effect.succeed(column.decimal(base.precision, base.scale, { ...common, ...bounds }))
    }
    case "boolean":
      return Effect.succeed(column.boolean(common))
    case "date":
      return Effect.succeed(column.date(common))
    case "timestamp":
      return Effect.succeed(column.timestamp(common))
    case "struct":
      return Effect.succeed(column.struct(Object.fromEntries(nested.fields.map((f) => [f.column, f.kind])), common))
    case "list":
      return nested.items === null ? refuse(path, "an array needs `items`") : Effect.succeed(column.list(nested.items.kind, common))
  }
}

/** An object's nested properties, with the names its `logicalTypeOptions.required` lists made required. */
const nestedFields = (property: Mapping, path: Path, requiredFields: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<Field>, Refusal> =>
  Effect.gen(function* () {
    const raw = property["properties"]
    if (raw === undefined || raw === null) return yield* refuse(path, "an object needs `properties` (lakegate has no kind for free-form objects; use a string for JSON text)")
    const list = yield* listAt(raw, [...path, "properties"])
    if (list.length === 0) return yield* refuse([...path, "properties"], "an object needs at least one property")
    const fields = yield* Effect.forEach(list, (p, i) => readField(p, [...path, "properties", i], "nested"))
    const seen = new Set<string>()
    for (const f of fields) {
      if (seen.has(f.column)) return yield* refuse(f.path, `a second property named ${f.column}`)
      seen.add(f.column)
    }
    for (const [i, name] of requiredFields.entries()) {
      if (!fields.some((f) => f.name === name)) return yield* refuse([...path, "logicalTypeOptions", "required", i], `no nested property named ${name}`)
    }
    return fields.map((f) => (requiredFields.includes(f.name) ? { ...f, kind: { ...f.kind, nullable: false } } : f))
  })

/**
 * Read one property. A table's column is NOT NULL when `required` or part of
 * the primary key; a nested field when `required`; an array's items may be
 * NULL unless `required`.
 */
export const readField = (value: YamlValue | undefined, path: Path, position: Position): Effect.Effect<Field, Refusal> =>
  Effect.gen(function* () {
    const property = yield* mappingAt(value, path, "a property (a mapping)")
    yield* onlyKnownKeys(property, path, [...TYPING, ...METADATA, ...TABLE_ONLY], "an ODCS property")
    if (position !== "column") yield* refuseTableOnly(property, path)
    const name = position === "items" ? ((yield* field.optionalString(property, "name", path)) ?? "items") : yield* field.string(property, "name", path, "(the property's name) is required")
    const column = (yield* field.optionalString(property, "physicalName", path)) ?? name
    const base = yield* baseKindOf(yield* field.optionalString(property, "logicalType", path), yield* field.optionalString(property, "physicalType", path), path)
    const options = yield* readTypeOptions(property["logicalTypeOptions"], base, [...path, "logicalTypeOptions"])
    if (base.kind !== "struct" && property["properties"] !== undefined) return yield* refuse([...path, "properties"], "`properties` belong to an object (logicalType: object)")
    if (base.kind !== "list" && property["items"] !== undefined) return yield* refuse([...path, "items"], "`items` belong to an array (logicalType: array)")
    const fields = base.kind === "struct" ? yield* nestedFields(property, path, options.requiredFields) : []
    const items = base.kind === "list" ? (property["items"] === undefined || property["items"] === null ? null : yield* readField(property["items"], [...path, "items"], "items")) : null
    const required = (yield* field.optionalBoolean(property, "required", path)) === true
    const primaryKey = position === "column" && (yield* field.optionalBoolean(property, "primaryKey", path)) === true
    const description = yield* field.optionalString(property, "description", path)
    const kind = yield* kindOf(base, options.constraints, { nullable: !(required || primaryKey), ...(description === undefined ? {} : { description }) }, { fields, items }, path)
    return { name, column, path, kind, constraints: options.constraints, fields, items, property }
  })
