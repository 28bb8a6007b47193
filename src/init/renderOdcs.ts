/**
 * An inferred contract as ODCS v3.1 YAML (Bitol's Open Data Contract
 * Standard), in the subset `parseOdcs` reads (docs/odcs.md): one schema
 * object, its properties with logical and physical types, `required`, the
 * key as `primaryKey`, observed bounds, lengths, patterns and formats as
 * `logicalTypeOptions`, accepted values as an `invalidValues` rule, nested
 * objects and arrays with their own `required`, and the row count as a
 * schema-level `rowCount` rule. The provenance comment comes first.
 *
 * Bounds are written as YAML numbers, read back exactly from their text; a
 * decimal bound a JavaScript number cannot write exactly (more than about 15
 * significant digits) is left out.
 *
 * @example
 * const yaml = renderOdcs(inferred)
 * Effect.runSync(parseOdcs(yaml, "orders.odcs.yaml"))[0].table // "orders"
 */
import { Document, Scalar } from "yaml"
import type { ColumnKind } from "../contract/kinds.ts"
import type { InferredContract } from "./inferContract.ts"
import { provenanceLines } from "./provenance.ts"
import { Suggestion } from "./suggestChecks.ts"

type Json = string | number | boolean | Scalar | ReadonlyArray<Json> | { readonly [key: string]: Json | undefined }

/** A decimal's text as a YAML number that reads back as the same decimal, or undefined when a JavaScript number cannot carry it. */
export const exactNumber = (text: string): Scalar | undefined => {
  const n = Number(text)
  const normal = (t: string) => {
    const negative = t.startsWith("-")
    const [whole = "0", frac = ""] = (negative ? t.slice(1) : t).split(".")
    const w = whole.replace(/^0+(?=\d)/, "")
    const f = frac.replace(/0+$/, "")
    const body = f === "" ? w : `${w}.${f}`
    return negative && body !== "0" ? `-${body}` : body
  }
  if (!Number.isFinite(n) || /e/i.test(String(n)) || normal(String(n)) !== normal(text)) return undefined
  const scalar = new Scalar(n)
  const decimals = text.split(".")[1]?.length ?? 0
  if (decimals > 0) scalar.minFractionDigits = decimals
  return scalar
}

const bound = (kind: ColumnKind, v: string | number | boolean | undefined): Json | undefined => {
  if (v === undefined) return undefined
  if (kind.kind === "date" || kind.kind === "timestamp") return String(v)
  return exactNumber(String(v))
}

const defined = (o: { readonly [key: string]: Json | undefined }): { readonly [key: string]: Json } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { readonly [key: string]: Json }

const nonEmpty = (o: { readonly [key: string]: Json }): Json | undefined => (Object.keys(o).length === 0 ? undefined : o)

/** The logical and physical type of a kind. */
const typing = (kind: ColumnKind): { readonly [key: string]: Json | undefined } => {
  switch (kind.kind) {
    case "id":
    case "integer":
      return { logicalType: "integer", physicalType: "BIGINT" }
    case "decimal":
      return { logicalType: "number", physicalType: `DECIMAL(${kind.precision},${kind.scale})` }
    case "text":
    case "enum":
      return { logicalType: "string" }
    case "boolean":
      return { logicalType: "boolean" }
    case "date":
      return { logicalType: "date" }
    case "timestamp":
      return { logicalType: "timestamp", physicalType: "TIMESTAMP" }
    case "list":
      return { logicalType: "array" }
    case "struct":
      return { logicalType: "object" }
  }
}

/** A nested value's description: its type, whether it is required, and what is inside it. */
const nestedProperty = (kind: ColumnKind, name?: string): Json =>
  defined({ ...(name === undefined ? {} : { name }), ...typing(kind), required: kind.nullable ? undefined : true, ...inside(kind) })

/** What is inside an array (`items`) or an object (`properties`). */
const inside = (kind: ColumnKind): { readonly [key: string]: Json | undefined } =>
  kind.kind === "list"
    ? { items: nestedProperty(kind.of) }
    : kind.kind === "struct"
      ? { properties: Object.entries(kind.fields).map(([name, field]) => nestedProperty(field, name)) }
      : {}

/** A table column as an ODCS property, with the options and rules its suggestions make. */
const property = (name: string, kind: ColumnKind, key: boolean, suggestions: ReadonlyArray<Suggestion>): Json => {
  const options: Record<string, Json | undefined> = {}
  const quality: Array<Json> = []
  for (const s of suggestions) {
    Suggestion.$match(s, {
      Range: ({ min, max }) => {
        options["minimum"] = bound(kind, min)
        options["maximum"] = bound(kind, max)
      },
      Length: ({ min, max }) => {
        options["minLength"] = min
        options["maxLength"] = max
      },
      Format: ({ format }) => {
        options["format"] = format
      },
      Pattern: ({ pattern }) => {
        options["pattern"] = pattern
      },
      AcceptedValues: ({ values }) => {
        quality.push({ metric: "invalidValues", arguments: { validValues: values }, mustBe: 0, description: `${name} is one of the values seen` })
      },
      RowCount: () => undefined
    })
  }
  return defined({
    name,
    ...typing(kind),
    required: kind.nullable ? undefined : true,
    primaryKey: key ? true : undefined,
    logicalTypeOptions: nonEmpty(defined(options)),
    quality: quality.length === 0 ? undefined : quality,
    ...inside(kind)
  })
}

const columnOf = (s: Suggestion): string | null => (s._tag === "RowCount" ? null : s.column)

/** The ODCS v3.1 YAML of an inferred contract. */
export const renderOdcs = (inferred: InferredContract): string => {
  const rowCount = inferred.suggestions.flatMap((s) => (s._tag === "RowCount" ? [s] : []))
  const contract = {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: inferred.name,
    name: inferred.name,
    version: inferred.version,
    status: "draft",
    description: `Inferred by lakegate init on ${inferred.from.date} from ${inferred.from.given.join(" ")}; review before use.`,
    schema: [
      defined({
        name: inferred.name,
        physicalType: "table",
        properties: inferred.columns.map(([name, kind]) =>
          property(
            name,
            kind,
            inferred.key.includes(name),
            inferred.suggestions.filter((s) => columnOf(s) === name)
          )
        ),
        quality:
          rowCount.length === 0
            ? undefined
            : rowCount.map((r) => ({ metric: "rowCount", mustBeGreaterOrEqualTo: r.min, mustBeLessOrEqualTo: r.max, description: "around the row count seen (half to double)" }))
      })
    ]
  }
  const doc = new Document(contract)
  doc.commentBefore = provenanceLines(inferred)
    .map((l) => ` ${l}`)
    .join("\n")
  return doc.toString({ lineWidth: 0 })
}
