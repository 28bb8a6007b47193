/**
 * The type `lakegate init` gives a column while it profiles the data: a
 * scalar SQL type, a decimal (possibly still *pending*, its scale not yet
 * measured), or a list or struct of shapes. A shape renders to the SQL type
 * the typed view casts to, and lists its nodes (the column, each struct
 * field, each list's items) with SQL giving every value of that node in a
 * row, so one aggregate can count NULLs or measure decimals at any depth.
 *
 * @example
 * const lines: Shape = { tag: "list", of: { tag: "struct", fields: [["sku", text], ["price", pendingDecimal]] } }
 * sqlTypeOfShape(lines) // STRUCT(sku VARCHAR, price DECIMAL(38,10))[]
 */
import { sqlString } from "../engine/Duck.ts"

/** Scalar types a contract column can have. */
export type ScalarName = "BIGINT" | "VARCHAR" | "BOOLEAN" | "DATE" | "TIMESTAMP"

/** A column's type while profiling. */
export type Shape =
  | { readonly tag: "scalar"; readonly name: ScalarName }
  /**
   * A decimal; `pending` while its scale is measured: on its text (plain
   * decimals, top-level columns of text formats), else on DECIMAL(38,10)
   * values (`typed`: exponents, nested values).
   */
  | { readonly tag: "decimal"; readonly precision: number; readonly scale: number; readonly pending: boolean; readonly typed?: true }
  | { readonly tag: "list"; readonly of: Shape }
  | { readonly tag: "struct"; readonly fields: ReadonlyArray<readonly [string, Shape]> }

/** The wide decimal a pending decimal is read as, to measure its scale (28 integer digits, 10 decimals). */
export const PENDING_DECIMAL: Shape = { tag: "decimal", precision: 38, scale: 10, pending: true }

/** A pending decimal measured on its typed values (numbers that are not plain decimal text, such as `1e3`). */
export const TYPED_PENDING_DECIMAL: Shape = { tag: "decimal", precision: 38, scale: 10, pending: true, typed: true }

const quoteField = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`)

/** The SQL type of a shape, as DuckDB writes it. */
export const sqlTypeOfShape = (shape: Shape): string => {
  switch (shape.tag) {
    case "scalar":
      return shape.name
    case "decimal":
      return `DECIMAL(${shape.precision},${shape.scale})`
    case "list":
      return `${sqlTypeOfShape(shape.of)}[]`
    case "struct":
      return `STRUCT(${shape.fields.map(([n, s]) => `${quoteField(n)} ${sqlTypeOfShape(s)}`).join(", ")})`
  }
}

/** True when a shape (or anything inside it) is a pending decimal. */
export const hasPending = (shape: Shape): boolean =>
  shape.tag === "decimal" ? shape.pending : shape.tag === "list" ? hasPending(shape.of) : shape.tag === "struct" ? shape.fields.some(([, s]) => hasPending(s)) : false

/** A node of a column's shape: where it is, and SQL for the list of its values in one row (NULLs included). */
export interface ShapeNode {
  /** Position in pre-order; 0 is the column itself. */
  readonly index: number
  /** `lines[].sku` style path, for messages. */
  readonly path: string
  readonly shape: Shape
  readonly values: string
}

/**
 * The nodes of a shape in pre-order, given the SQL of the column's value:
 * the column (`[value]`), a struct field (the field of each non-NULL
 * parent), a list's items (the items of each non-NULL list, flattened).
 */
export const nodesOf = (shape: Shape, value: string, path: string): ReadonlyArray<ShapeNode> => {
  const out: Array<ShapeNode> = []
  const walk = (s: Shape, values: string, at: string, depth: number) => {
    out.push({ index: out.length, path: at, shape: s, values })
    const x = `x${depth}`
    const present = `list_filter(${values}, lambda ${x}: ${x} is not null)`
    if (s.tag === "list") walk(s.of, `flatten(${present})`, `${at}[]`, depth + 1)
    if (s.tag === "struct") for (const [name, field] of s.fields) walk(field, `list_transform(${present}, lambda ${x}: struct_extract(${x}, ${sqlString(name)}))`, `${at}.${name}`, depth + 1)
  }
  walk(shape, `[${value}]`, path, 1)
  return out
}

/** Replace the shape of the node at `index` (pre-order). */
export const replaceNode = (shape: Shape, index: number, replacement: Shape): Shape => {
  let at = -1
  const walk = (s: Shape): Shape => {
    at++
    if (at === index) return replacement
    if (s.tag === "list") return { tag: "list", of: walk(s.of) }
    if (s.tag === "struct") return { tag: "struct", fields: s.fields.map(([n, f]) => [n, walk(f)] as const) }
    return s
  }
  return walk(shape)
}
