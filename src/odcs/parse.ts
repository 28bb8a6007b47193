/**
 * ODCS v3.1 (Bitol's Open Data Contract Standard) YAML to lakegate table
 * contracts: one table per `schema` object, its properties as column kinds,
 * its keys, foreign keys, type options and quality rules as checks. What
 * lakegate cannot check is refused by name with its path in the contract,
 * never skipped. The subset and the mapping are described in docs/odcs.md.
 *
 * @example
 * import { Effect } from "effect"
 * import { parseOdcs } from "lakegate"
 * const tables = Effect.runSync(parseOdcs(yamlText, "orders.odcs.yaml"))
 * // tables[0].table === "orders"; tables[0].checks: the rules as checks
 */
import { Data, Effect } from "effect"
import type { DeclaredTable } from "../contract/tableContract.ts"
import { field, isMapping, listAt, mappingAt, onlyKnownKeys, refuse, showPath, type Refusal } from "./read.ts"
import { objectNames, readSchemaObject } from "./schemaObject.ts"
import { readYamlTree, type YamlValue } from "./yamlTree.ts"

/** An ODCS document is invalid or uses a feature lakegate does not support; `at` is the path inside the contract. */
export class OdcsError extends Data.TaggedError("OdcsError")<{
  readonly file: string
  /** The path of the offending field: `schema[0].properties[2].quality[0].metric`; `$` is the document. */
  readonly at: string
  readonly message: string
  /** The 1-based line of the field (or of its nearest enclosing one) in the file. */
  readonly line?: number
}> {}

/** An error as one line: `orders.odcs.yaml:12: schema[0].properties[2].quality[0].metric: unknown metric ...`. */
export const formatOdcsError = (e: OdcsError): string => `${e.file}${e.line === undefined ? "" : `:${e.line}`}: ${e.at}: ${e.message}`

/** The ODCS versions read: v3.0.x and v3.1.0. */
const API_VERSION = /^v3\.0\.\d+$|^v3\.1\.0$/

const KNOWN = [
  "apiVersion",
  "kind",
  "id",
  "version",
  "name",
  "description",
  "status",
  "schema",
  "tenant",
  "tags",
  "servers",
  "dataProduct",
  "domain",
  "support",
  "price",
  "team",
  "roles",
  "slaDefaultElement",
  "slaProperties",
  "slaRules",
  "authoritativeDefinitions",
  "customProperties",
  "contractCreatedTs"
]

/** The contract's description: the text itself, or the `purpose` (else `usage`) of a description object. */
const descriptionOf = (value: YamlValue | undefined): Effect.Effect<string | undefined, Refusal> =>
  Effect.gen(function* () {
    if (value === undefined || value === null) return undefined
    if (typeof value === "string") return value
    const d = yield* mappingAt(value, ["description"], "a description (text, or a mapping with purpose and usage)")
    yield* onlyKnownKeys(d, ["description"], ["purpose", "usage", "limitations", "authoritativeDefinitions", "customProperties"], "an ODCS description")
    return (yield* field.optionalString(d, "purpose", ["description"])) ?? (yield* field.optionalString(d, "usage", ["description"]))
  })

const readContract = (value: YamlValue): Effect.Effect<ReadonlyArray<DeclaredTable>, Refusal> =>
  Effect.gen(function* () {
    if (!isMapping(value)) return yield* refuse([], "not an ODCS contract: expected a YAML mapping with apiVersion and kind")
    const apiVersion = yield* field.string(value, "apiVersion", [], "is missing: not an ODCS contract")
    const kind = yield* field.string(value, "kind", [], "is missing: not an ODCS contract")
    if (kind !== "DataContract") return yield* refuse(["kind"], `kind ${kind} is not an ODCS data contract (DataContract)`)
    if (!API_VERSION.test(apiVersion)) return yield* refuse(["apiVersion"], `ODCS ${apiVersion} is not supported (v3.0.x, v3.1.0)`)
    yield* onlyKnownKeys(value, [], KNOWN, "an ODCS contract")
    const version = yield* field.string(value, "version", [], "(the contract's version) is required")
    yield* field.optionalString(value, "id", [])
    yield* field.optionalString(value, "name", [])
    yield* field.optionalString(value, "status", [])
    const description = yield* descriptionOf(value["description"])
    const schema = value["schema"] === undefined || value["schema"] === null ? [] : yield* listAt(value["schema"], ["schema"])
    const objects = objectNames(schema)
    const tables = yield* Effect.forEach(schema, (object, i) => readSchemaObject(object, ["schema", i], { version, description, objects }))
    const seen = new Set<string>()
    for (const [i, t] of tables.entries()) {
      if (seen.has(t.table)) return yield* refuse(["schema", i], `a second schema object for table ${t.table}`)
      seen.add(t.table)
    }
    return tables
  })

/**
 * The table contracts of an ODCS document (one per `schema` object), in the
 * layer `check`. Fails with an {@link OdcsError} at the first field that is
 * not valid ODCS v3.0/v3.1 or that lakegate cannot check.
 */
export const parseOdcs = (text: string, file: string): Effect.Effect<ReadonlyArray<DeclaredTable>, OdcsError> =>
  readYamlTree(text).pipe(
    Effect.mapError((e) => new OdcsError({ file, at: "$", line: e.line, message: `not valid YAML: ${e.message}` })),
    Effect.flatMap((tree) =>
      readContract(tree.value).pipe(Effect.mapError((r) => new OdcsError({ file, at: showPath(r.path), line: tree.lineOf(r.path), message: r.message })))
    )
  )
