/**
 * Duplicate keys in one JSON object (`{"amount": 1, "amount": 658.0}`).
 * `JSON.parse` keeps the last value while DuckDB reading the same text keeps
 * the first, so bronze and silver would disagree: such a record is
 * quarantined under `schema` with the path of the duplicated key.
 *
 * The check is cheap for the records that have none (nearly all): every `:`
 * outside a string separates one member, so a record without duplicates has
 * exactly as many of them as its parsed value has keys. Only when the counts
 * differ is the text walked again to find the duplicated key and its path.
 */
import { renderPath } from "../../contract/Violation.ts"

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a

/** Members in the text: `:` outside strings. */
const colonsOutsideStrings = (text: string): number => {
  let colons = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === COLON) colons++
    else if (c === QUOTE) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i)
        if (s === QUOTE) break
        if (s === BACKSLASH) i++
      }
    }
  }
  return colons
}

/** Keys of every object in a parsed value (iterative: never recurses). */
const keysIn = (root: unknown): number => {
  let keys = 0
  const stack: Array<unknown> = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (value === null || typeof value !== "object") continue
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object") stack.push(item)
    } else {
      for (const key in value) {
        keys++
        const item = (value as Record<string, unknown>)[key]
        if (item !== null && typeof item === "object") stack.push(item)
      }
    }
  }
  return keys
}

type Frame = { readonly keys: Set<string> | null; index: number; key: string }

/** The path of the first duplicated key in valid JSON text (walks it once; only called when the counts differ). */
const findDuplicate = (text: string): string | null => {
  const stack: Array<Frame> = []
  const pathOf = (key: string) =>
    renderPath([...stack.slice(0, -1).map((f) => (f.keys === null ? f.index : f.key)), key])
  const n = text.length
  let expectKey = false
  for (let i = 0; i < n; i++) {
    const c = text[i]!
    if (c === "{") {
      stack.push({ keys: new Set(), index: 0, key: "" })
      expectKey = true
    } else if (c === "[") {
      stack.push({ keys: null, index: 0, key: "" })
      expectKey = false
    } else if (c === "}" || c === "]") {
      stack.pop()
      expectKey = false
    } else if (c === ",") {
      const top = stack[stack.length - 1]
      if (top !== undefined) {
        if (top.keys === null) top.index++
        else expectKey = true
      }
    } else if (c === '"') {
      const start = i
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i)
        if (s === QUOTE) break
        if (s === BACKSLASH) i++
      }
      const top = stack[stack.length - 1]
      if (expectKey && top !== undefined && top.keys !== null) {
        const key = JSON.parse(text.slice(start, i + 1)) as string
        if (top.keys.has(key)) return pathOf(key)
        top.keys.add(key)
        top.key = key
        expectKey = false
      }
    }
  }
  return null
}

/**
 * The path of a duplicated key in `text` (the record's JSON text, already
 * parsed into `parsed`), rendered like a violation's path, or null when every
 * object's keys are distinct.
 *
 * @example
 * duplicateKeyPath('{"a":1,"a":2}', JSON.parse('{"a":1,"a":2}')) // "a"
 * duplicateKeyPath('{"t":[{"x":1,"x":2}]}', JSON.parse('{"t":[{"x":1,"x":2}]}')) // "t[0].x"
 */
export const duplicateKeyPath = (text: string, parsed: unknown): string | null =>
  parsed === null || typeof parsed !== "object" || colonsOutsideStrings(text) === keysIn(parsed) ? null : findDuplicate(text)

/** The `schema` violation message of a duplicated key. */
export const duplicateKeyMessage = (path: string): string =>
  `duplicate key ${JSON.stringify(path)} in one JSON object: readers disagree on which value counts`
