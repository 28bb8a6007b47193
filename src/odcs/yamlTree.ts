/**
 * An ODCS file's YAML as plain values, with numbers kept as written (so a
 * bound like `0.10` stays the exact decimal `0.10`, never a binary float) and
 * the line of every value (so an error can say where it is).
 *
 * @example
 * import { readYamlTree } from "./yamlTree.ts"
 * const tree = readYamlTree("minimum: 0.10\n")
 * // tree.value: { minimum: YamlNumber { value: 0.1, source: "0.10", decimal: "0.10" } }; tree.lineOf(["minimum"]) === 1
 */
import { Data, Effect } from "effect"
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml"

/** A path inside the document: keys and list positions. */
export type Path = ReadonlyArray<string | number>

/** A number as written in the YAML: its value, its source text, and its plain decimal form when it has one. */
export class YamlNumber {
  constructor(
    readonly value: number,
    /** The text in the file: `0.10`, `1e3`, `0x10`. */
    readonly source: string,
    /** The same number as a plain decimal (`1e3` is `1000`), or null for hex, octal, `.inf` and `.nan`. */
    readonly decimal: string | null
  ) {}
}

/** A YAML value: mappings as records, sequences as arrays, numbers as {@link YamlNumber}. */
export type YamlValue = string | boolean | null | YamlNumber | ReadonlyArray<YamlValue> | { readonly [key: string]: YamlValue }

/** The document's value and where its parts are. */
export interface YamlTree {
  readonly value: YamlValue
  /** The 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  readonly lineOf: (path: Path) => number
}

/** The text is not YAML (or holds more than one document). */
export class YamlSyntaxError extends Data.TaggedError("YamlSyntaxError")<{
  readonly line: number
  readonly message: string
}> {}

const MERGE = "<<"

const isRecord = (v: YamlValue): v is { readonly [key: string]: YamlValue } => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof YamlNumber)

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** A number's source text as a plain decimal (`-1.5e2` is `-150`), or null when it is not written in decimal. */
export const plainDecimal = (source: string): string | null => {
  const match = DECIMAL.exec(source.trim())
  if (match === null) return null
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match
  if (whole === "" && fraction === "") return null
  const digits = `${whole}${fraction}`
  const point = whole.length + Number(exponent)
  const padded = point <= 0 ? `${"0".repeat(1 - point)}${digits}` : digits.padEnd(point, "0")
  const at = Math.max(point, 1)
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, "") || "0"
  const decimals = padded.slice(at).replace(/0+$/, "")
  const text = decimals === "" ? integer : `${integer}.${decimals}`
  return sign === "-" && /[1-9]/.test(text) ? `-${text}` : text
}

const valueOf = (node: unknown, doc: Document): YamlValue => {
  if (isAlias(node)) return valueOf(node.resolve(doc), doc)
  if (isScalar(node)) {
    const v = node.value
    if (typeof v === "number" || typeof v === "bigint") {
      const source = node.source ?? String(v)
      return new YamlNumber(Number(v), source, plainDecimal(source))
    }
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v
    return String(v)
  }
  if (isMap(node)) {
    const entries: Array<[string, YamlValue]> = []
    const merged: Array<[string, YamlValue]> = []
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? (pair.key.source ?? String(pair.key.value)) : String(pair.key)
      const value = valueOf(pair.value, doc)
      if (key !== MERGE) entries.push([key, value])
      else for (const source of Array.isArray(value) ? value : [value]) if (isRecord(source)) merged.push(...Object.entries(source))
    }
    // `<<: *anchor` merges the anchored mapping; keys written here win (YAML merge keys).
    const own = new Set(entries.map(([key]) => key))
    return Object.fromEntries([...merged.filter(([key]) => !own.has(key)), ...entries])
  }
  if (isSeq(node)) return node.items.map((item) => valueOf(item, doc))
  return null
}

/** The node at `path`, walking mappings by key and sequences by position. */
const nodeAt = (doc: Document, path: Path): Node | null => {
  let node: unknown = doc.contents
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && (p.key.source ?? String(p.key.value)) === String(step))
      node = pair?.value
    } else if (isSeq(node) && typeof step === "number") node = node.items[step]
    else return null
    if (node === undefined || node === null) return null
  }
  return isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? node : null
}

/** Parse YAML text into a {@link YamlTree}; a syntax error, a duplicate key or a second document fails. */
export const readYamlTree = (text: string): Effect.Effect<YamlTree, YamlSyntaxError> =>
  Effect.suspend(() => {
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true })
    const error = doc.errors[0]
    if (error !== undefined) {
      const message = error.code === "MULTIPLE_DOCS" ? "the file holds more than one YAML document" : (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "")
      return Effect.fail(new YamlSyntaxError({ line: error.linePos?.[0].line ?? 1, message }))
    }
    const lineOf = (path: Path): number => {
      for (let n = path.length; n >= 0; n--) {
        const start = nodeAt(doc, path.slice(0, n))?.range?.[0]
        if (start !== undefined) return lineCounter.linePos(start).line
      }
      return 1
    }
    return Effect.succeed({ value: valueOf(doc.contents, doc), lineOf })
  })
