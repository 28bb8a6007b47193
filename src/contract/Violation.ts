/**
 * A row-level finding: one record failed one check, at one path.
 */
export interface Violation {
  readonly checkId: string
  readonly severity: "error" | "warn"
  /** JSON path inside the record, e.g. `lines[2].amount`; `$` for the record itself. */
  readonly path: string
  readonly message: string
  /** The offending value rendered as text, or null when there is none (e.g. a missing field). */
  readonly value: string | null
}

/** The longest rendered value; longer ones are cut to {@link RENDERED_MAX} - 3 characters and `...`. */
const RENDERED_MAX = 200

/** A JSON value that is not an object or array, as `JSON.stringify` writes it (undefined where it writes nothing); strings bounded by `max`. */
const scalarJson = (value: unknown, max: number): string | undefined => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > max ? value.slice(0, max + 1) : value)
    case "number":
      return Number.isFinite(value) ? String(value) : "null"
    case "boolean":
      return value ? "true" : "false"
    case "bigint":
      return String(value)
    case "object":
      return value === null ? "null" : JSON.stringify(value)
    default:
      return undefined
  }
}

interface Frame {
  readonly array: ReadonlyArray<unknown> | null
  readonly object: Record<string, unknown> | null
  readonly keys: ReadonlyArray<string>
  index: number
  written: number
}

const isContainer = (value: unknown): value is object =>
  value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function"

/**
 * `JSON.stringify(value)`, or a prefix of it longer than `max` characters:
 * iterative, so it stops early on a huge value and never overflows the stack
 * on a deeply nested one (`JSON.stringify` is recursive).
 */
const boundedJson = (value: unknown, max: number): string => {
  let out = ""
  const stack: Array<Frame> = []
  const enter = (v: unknown): void => {
    if (!isContainer(v)) {
      out += scalarJson(v, max) ?? "null"
      return
    }
    if (Array.isArray(v)) {
      out += "["
      stack.push({ array: v, object: null, keys: [], index: 0, written: 0 })
    } else {
      out += "{"
      stack.push({ array: null, object: v as Record<string, unknown>, keys: Object.keys(v), index: 0, written: 0 })
    }
  }
  enter(value)
  while (stack.length > 0 && out.length <= max) {
    const frame = stack[stack.length - 1]!
    if (frame.array !== null) {
      if (frame.index >= frame.array.length) {
        out += "]"
        stack.pop()
        continue
      }
      if (frame.index++ > 0) out += ","
      enter(frame.array[frame.index - 1])
    } else {
      if (frame.index >= frame.keys.length) {
        out += "}"
        stack.pop()
        continue
      }
      const key = frame.keys[frame.index++]!
      const item = frame.object![key]
      // Keys whose value JSON cannot hold (undefined, functions) are left out, as JSON.stringify does.
      if (!isContainer(item) && scalarJson(item, max) === undefined) continue
      out += `${frame.written++ > 0 ? "," : ""}${JSON.stringify(key)}:`
      enter(item)
    }
  }
  return out
}

/** Render any JSON value for a report, bounded in length (and in work: a huge or deeply nested value is only read as far as shown). */
export const renderValue = (value: unknown): string | null => {
  if (value === undefined) return null
  const text = typeof value === "string" ? value : boundedJson(value, RENDERED_MAX)
  return text.length > RENDERED_MAX ? `${text.slice(0, RENDERED_MAX - 3)}...` : text
}

/** Render a property path as `a.b[2].c`. */
export const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "$"
    : path
        .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
        .join("")
