/**
 * Reading ODCS fields with their paths: every reader either returns the value
 * or refuses with the path of the offending field and a one-line reason, so
 * nothing the contract says is ever dropped silently.
 *
 * @example
 * import { Effect } from "effect"
 * import { field, mappingAt, showPath } from "./read.ts"
 * const program = Effect.gen(function* () {
 *   const object = yield* mappingAt({ name: "orders" }, ["schema", 0])
 *   return yield* field.string(object, "name", ["schema", 0])   // "orders"
 * })
 * showPath(["schema", 0, "properties", 2]) // "schema[0].properties[2]"
 */
import { Data, Effect } from "effect"
import { YamlNumber, type Path, type YamlValue } from "./yamlTree.ts"

/** The contract says something lakegate cannot check (or is not a valid ODCS contract) at `path`. */
export class Refusal extends Data.TaggedError("OdcsRefusal")<{
  readonly path: Path
  readonly message: string
}> {}

/** Fail with a refusal at `path`. */
export const refuse = (path: Path, message: string): Effect.Effect<never, Refusal> => Effect.fail(new Refusal({ path, message }))

/** A path as text: `schema[0].properties[2].quality[0].metric`; the root is `$`. */
export const showPath = (path: Path): string =>
  path.length === 0
    ? "$"
    : path.map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`)).join("")

/** A YAML mapping. */
export type Mapping = { readonly [key: string]: YamlValue }

/** True for a YAML mapping (not a sequence, number or null). */
export const isMapping = (value: YamlValue | undefined): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof YamlNumber)

/** What a value is, for messages: `a list`, `the number 3`, `the text "x"`. */
export const describeValue = (value: YamlValue | undefined): string =>
  value === undefined || value === null
    ? "nothing"
    : value instanceof YamlNumber
      ? `the number ${value.source}`
      : Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "a mapping"
          : typeof value === "boolean"
            ? `${value}`
            : `the text ${JSON.stringify(value)}`

/** The value as a mapping, or a refusal. */
export const mappingAt = (value: YamlValue | undefined, path: Path, what = "a mapping"): Effect.Effect<Mapping, Refusal> =>
  isMapping(value) ? Effect.succeed(value) : refuse(path, `expected ${what}, found ${describeValue(value)}`)

/** The value as a list, or a refusal. */
export const listAt = (value: YamlValue | undefined, path: Path, what = "a list"): Effect.Effect<ReadonlyArray<YamlValue>, Refusal> =>
  Array.isArray(value) ? Effect.succeed(value) : refuse(path, `expected ${what}, found ${describeValue(value)}`)

/**
 * Refuse any key not in `known`: an unknown key may be a checking feature
 * (a newer ODCS field, a misspelt rule) and must not be skipped.
 */
export const onlyKnownKeys = (mapping: Mapping, path: Path, known: ReadonlyArray<string>, where: string): Effect.Effect<void, Refusal> => {
  const unknown = Object.keys(mapping).find((key) => !known.includes(key))
  return unknown === undefined ? Effect.void : refuse([...path, unknown], `\`${unknown}\` is not a field of ${where} that lakegate knows; refused rather than ignored`)
}

/** Optional typed fields of a mapping; a field of the wrong type is refused at its path. */
export const field = {
  /** A text field; a number written where text is expected (`version: 1.0`) is read as written. */
  optionalString: (m: Mapping, key: string, path: Path): Effect.Effect<string | undefined, Refusal> => {
    const v = m[key]
    return v === undefined || v === null
      ? Effect.succeed(undefined)
      : typeof v === "string"
        ? Effect.succeed(v)
        : v instanceof YamlNumber
          ? Effect.succeed(v.source)
          : refuse([...path, key], `expected text, found ${describeValue(v)}`)
  },
  string: (m: Mapping, key: string, path: Path, why = "is required"): Effect.Effect<string, Refusal> =>
    Effect.flatMap(field.optionalString(m, key, path), (v) => (v === undefined || v.trim() === "" ? refuse([...path, key], `\`${key}\` ${why}`) : Effect.succeed(v))),
  optionalBoolean: (m: Mapping, key: string, path: Path): Effect.Effect<boolean | undefined, Refusal> => {
    const v = m[key]
    return v === undefined || v === null ? Effect.succeed(undefined) : typeof v === "boolean" ? Effect.succeed(v) : refuse([...path, key], `expected true or false, found ${describeValue(v)}`)
  },
  /** A number written in decimal (so it stays exact). */
  optionalNumber: (m: Mapping, key: string, path: Path): Effect.Effect<YamlNumber | undefined, Refusal> => {
    const v = m[key]
    return v === undefined || v === null ? Effect.succeed(undefined) : numberAt(v, [...path, key])
  },
  /** A whole number at least `min`. */
  optionalInteger: (m: Mapping, key: string, path: Path, min = 0): Effect.Effect<number | undefined, Refusal> =>
    Effect.flatMap(field.optionalNumber(m, key, path), (n) =>
      n === undefined
        ? Effect.succeed(undefined)
        : Number.isSafeInteger(n.value) && n.value >= min
          ? Effect.succeed(n.value)
          : refuse([...path, key], `expected a whole number >= ${min}, found ${n.source}`)
    )
}

/** A value as a decimal number, or a refusal (hex, `.inf` and `.nan` are refused: bounds must be exact). */
export const numberAt = (v: YamlValue | undefined, path: Path): Effect.Effect<YamlNumber, Refusal> =>
  v instanceof YamlNumber
    ? v.decimal === null || !Number.isFinite(v.value)
      ? refuse(path, `write ${v.source} as a decimal number`)
      : Effect.succeed(v)
    : refuse(path, `expected a number, found ${describeValue(v)}`)
