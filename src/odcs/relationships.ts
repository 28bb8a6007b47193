/**
 * ODCS `relationships` (foreign keys) as lakegate references: every non-NULL
 * key must have a row in the referenced table. Shorthand `table.column`
 * references are read (composite keys as lists); a referenced object of the
 * same contract is resolved to its SQL table and column names. Fully
 * qualified (`schema/<id>/properties/<id>`) and external references are refused.
 *
 * @example
 * import { readRelationships } from "./relationships.ts"
 * // properties: [{ name: owner_id, relationships: [{ to: owners.id }] }]
 * // → { columns: ["owner_id"], table: "owners", referencedColumns: ["id"] }
 */
import { Effect } from "effect"
import type { Field } from "./fields.ts"
import { describeValue, field, listAt, mappingAt, onlyKnownKeys, refuse, type Refusal } from "./read.ts"
import type { Path, YamlValue } from "./yamlTree.ts"

/** A schema object's SQL names: its table, and its columns by ODCS property name. */
export interface ObjectNames {
  readonly table: string
  readonly columns: ReadonlyMap<string, string>
}

/** A foreign key of the table. */
export interface ForeignKey {
  readonly columns: ReadonlyArray<string>
  readonly table: string
  readonly referencedColumns: ReadonlyArray<string>
}

/** Where a relationship is declared: on a column (`from` is implicit) or on the schema object. */
export type RelationshipScope =
  | { readonly level: "property"; readonly field: Field }
  | { readonly level: "object"; readonly objectName: string; readonly fields: ReadonlyArray<Field> }

const SHORTHAND = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/

/** `table.column` split, or a refusal. */
const shorthand = (value: YamlValue, at: Path): Effect.Effect<{ readonly object: string; readonly property: string }, Refusal> => {
  const m = typeof value === "string" ? SHORTHAND.exec(value) : null
  return m === null
    ? refuse(at, `expected a table.column reference, found ${describeValue(value)} (fully qualified and external references are not supported)`)
    : Effect.succeed({ object: m[1] ?? "", property: m[2] ?? "" })
}

const refList = (value: YamlValue | undefined, at: Path): Effect.Effect<ReadonlyArray<{ readonly value: YamlValue; readonly at: Path }>, Refusal> =>
  value === undefined || value === null
    ? refuse(at, `\`${String(at[at.length - 1])}\` is required`)
    : Array.isArray(value)
      ? Effect.flatMap(listAt(value, at), (list) => (list.length === 0 ? refuse(at, `\`${String(at[at.length - 1])}\` is empty`) : Effect.succeed(list.map((v, i) => ({ value: v, at: [...at, i] })))))
      : Effect.succeed([{ value, at }])

const one = (value: YamlValue, path: Path, scope: RelationshipScope, objects: ReadonlyMap<string, ObjectNames>): Effect.Effect<ForeignKey, Refusal> =>
  Effect.gen(function* () {
    const relationship = yield* mappingAt(value, path, "a relationship (a mapping)")
    yield* onlyKnownKeys(relationship, path, ["id", "type", "from", "to", "customProperties", "description"], "an ODCS relationship")
    const type = (yield* field.optionalString(relationship, "type", path)) ?? "foreignKey"
    if (type !== "foreignKey") return yield* refuse([...path, "type"], `relationship type \`${type}\` is not supported (foreignKey)`)
    const to = yield* Effect.forEach(yield* refList(relationship["to"], [...path, "to"]), (r) => Effect.map(shorthand(r.value, r.at), (ref) => ({ ...ref, at: r.at })))
    const target = to[0]?.object ?? ""
    const other = to.find((r) => r.object !== target)
    if (other !== undefined) return yield* refuse(other.at, `a composite key references one table; found ${target} and ${other.object}`)
    const columns: ReadonlyArray<string> =
      scope.level === "property"
        ? relationship["from"] !== undefined
          ? yield* refuse([...path, "from"], "`from` is implicit in a property's relationship")
          : [scope.field.column]
        : yield* Effect.gen(function* () {
            const from = yield* refList(relationship["from"], [...path, "from"])
            return yield* Effect.forEach(from, (r) =>
              Effect.flatMap(shorthand(r.value, r.at), (ref) => {
                const own = scope.fields.find((f) => f.name === ref.property)
                return ref.object !== scope.objectName
                  ? refuse(r.at, `\`from\` must be a property of ${scope.objectName}, found ${ref.object}.${ref.property}`)
                  : own === undefined
                    ? refuse(r.at, `no property ${ref.property} in ${scope.objectName}`)
                    : Effect.succeed(own.column)
              })
            )
          })
    if (columns.length !== to.length) return yield* refuse([...path, "to"], `${columns.length} column(s) reference ${to.length} column(s)`)
    const names = objects.get(target)
    const referencedColumns = yield* Effect.forEach(to, (r) => {
      if (names === undefined) return Effect.succeed(r.property)
      const column = names.columns.get(r.property)
      return column === undefined ? refuse(r.at, `no property ${r.property} in ${target}`) : Effect.succeed(column)
    })
    return { columns, table: names?.table ?? target, referencedColumns }
  })

/** The foreign keys of a `relationships` list; `path` is the list's. */
export const readRelationships = (
  value: YamlValue | undefined,
  path: Path,
  scope: RelationshipScope,
  objects: ReadonlyMap<string, ObjectNames>
): Effect.Effect<ReadonlyArray<ForeignKey>, Refusal> =>
  value === undefined || value === null
    ? Effect.succeed([])
    : Effect.flatMap(listAt(value, path), (list) => Effect.forEach(list, (r, i) => one(r, [...path, i], scope, objects)))
