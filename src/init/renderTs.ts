/**
 * An inferred contract as a TypeScript module: `import { check, column,
 * table } from "lakegate"` and `export default table({...})`, one column and
 * one check per line, after a comment saying where it was inferred from and
 * that it should be reviewed. `lakegate check` loads it as it is.
 *
 * @example
 * renderTs(inferred)
 * // // Inferred by `lakegate init` from exports/orders.csv (1 file, 10 rows) on 2026-12-04. ...
 * // import { check, column, table } from "lakegate"
 * // export default table({ name: "orders", ... })
 */
import { formatPattern, type ColumnKind } from "../contract/kinds.ts"
import type { InferredContract } from "./inferContract.ts"
import { provenanceLines } from "./provenance.ts"
import { Suggestion } from "./suggestChecks.ts"

const str = (s: string): string => JSON.stringify(s)
const key = (name: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name))

/** An options object literal from its defined entries, or "" when there are none. */
const options = (entries: ReadonlyArray<readonly [string, string | undefined]>): string => {
  const defined = entries.filter((e): e is readonly [string, string] => e[1] !== undefined)
  return defined.length === 0 ? "" : `{ ${defined.map(([k, v]) => `${k}: ${v}`).join(", ")} }`
}

const withOptions = (call: string, args: ReadonlyArray<string>, opts: string): string => `${call}(${[...args, ...(opts === "" ? [] : [opts])].join(", ")})`

/** A kind as the `column.*` call that makes it. */
export const renderKind = (kind: ColumnKind): string => {
  const nullable: readonly [string, string | undefined] = ["nullable", kind.nullable ? "true" : undefined]
  switch (kind.kind) {
    case "id":
      return withOptions("column.id", [], options([nullable]))
    case "integer":
      return withOptions("column.integer", [], options([nullable, ["min", kind.min?.toString()], ["max", kind.max?.toString()]]))
    case "decimal": {
      const bounds = options([nullable, ["min", kind.min === undefined ? undefined : str(kind.min)], ["max", kind.max === undefined ? undefined : str(kind.max)]])
      return kind.precision === 18 && kind.scale === 2 ? withOptions("column.money", [], bounds) : withOptions("column.decimal", [String(kind.precision), String(kind.scale)], bounds)
    }
    case "text":
      return withOptions(
        "column.text",
        [],
        options([
          nullable,
          ["minLength", kind.minLength?.toString()],
          ["maxLength", kind.maxLength?.toString()],
          ["pattern", kind.pattern === undefined ? undefined : str(kind.pattern)],
          ["format", kind.format === undefined ? undefined : str(kind.format)]
        ])
      )
    case "boolean":
    case "date":
    case "timestamp":
      return withOptions(`column.${kind.kind}`, [], options([nullable]))
    case "enum":
      return withOptions("column.enum", [`[${kind.values.map(str).join(", ")}]`], options([nullable]))
    case "list":
      return withOptions("column.list", [renderKind(kind.of)], options([nullable]))
    case "struct":
      return withOptions("column.struct", [`{ ${Object.entries(kind.fields).map(([n, f]) => `${key(n)}: ${renderKind(f)}`).join(", ")} }`], options([nullable]))
  }
}

const literal = (v: string | number | boolean): string => (typeof v === "string" ? str(v) : String(v))

/** A suggestion as the `check.*` call that makes it (the same check as `toCheck`). */
export const renderSuggestion = (s: Suggestion): string =>
  Suggestion.$match(s, {
    Range: ({ column, min, max }) => `check.range(${str(column)}, ${options([["min", min === undefined ? undefined : literal(min)], ["max", max === undefined ? undefined : literal(max)]])})`,
    Length: ({ column, min, max }) => `check.length(${str(column)}, ${options([["min", min?.toString()], ["max", max?.toString()]])})`,
    Format: ({ column, format }) =>
      `check.pattern(${str(column)}, ${str(formatPattern[format])}, { id: ${str(`format.${column}`)}, description: ${str(`${column} is a valid ${format}`)} })`,
    Pattern: ({ column, pattern, name }) => `check.pattern(${str(column)}, ${str(pattern)}, { description: ${str(`${column} is an ${name}`)} })`,
    AcceptedValues: ({ column, values }) => `check.acceptedValues(${str(column)}, [${values.map(str).join(", ")}])`,
    RowCount: ({ min, max }) => `check.rowCount({ min: ${min}, max: ${max} })`
  })

/** The TypeScript module of an inferred contract. */
export const renderTs = (inferred: InferredContract): string =>
  [
    ...provenanceLines(inferred).map((l) => (l === "" ? "//" : `// ${l}`)),
    "",
    `import { check, column, table } from "lakegate"`,
    "",
    "export default table({",
    `  name: ${str(inferred.name)},`,
    `  version: ${str(inferred.version)},`,
    "  columns: {",
    ...inferred.columns.map(([name, kind], i) => `    ${key(name)}: ${renderKind(kind)}${i < inferred.columns.length - 1 ? "," : ""}`),
    "  },",
    `  key: [${inferred.key.map(str).join(", ")}],`,
    ...(inferred.suggestions.length === 0
      ? ["  checks: []"]
      : ["  checks: [", ...inferred.suggestions.map((s, i) => `    ${renderSuggestion(s)}${i < inferred.suggestions.length - 1 ? "," : ""}`), "  ]"]),
    "})",
    ""
  ].join("\n")
