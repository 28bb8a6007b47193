/**
 * ODCS `logicalTypeOptions`: the bounds, lengths, patterns and formats a
 * property's values must respect, read per kind. Both spellings of exclusive
 * bounds are read: v3.1's `exclusiveMinimum: 0` (a value) and v3.0's
 * `minimum: 0, exclusiveMinimum: true` (a flag). An option lakegate cannot
 * check (`multipleOf`, a format it does not know, a time zone) is refused.
 *
 * @example
 * import { readTypeOptions } from "./typeOptions.ts"
 * // { minimum: 0, exclusiveMaximum: 100 } on a DECIMAL(5,2) property:
 * // constraints.range = { min: "0", max: "100", exclusiveMax: true }
 */
import { Effect } from "effect"
import type { TextFormat } from "../contract/kinds.ts"
import type { BaseKind } from "./baseKind.ts"
import { compareDecimals } from "./decimal.ts"
import { describeValue, field, listAt, mappingAt, numberAt, onlyKnownKeys, refuse, type Mapping, type Refusal } from "./read.ts"
import type { Path, YamlValue } from "./yamlTree.ts"

/** Bounds as literal text: a plain decimal, a `YYYY-MM-DD` date or a `YYYY-MM-DD HH:MM:SS` timestamp. */
export interface Range {
  readonly min?: string
  readonly max?: string
  readonly exclusiveMin?: boolean
  readonly exclusiveMax?: boolean
}

/** What a property's values must respect beyond their kind. */
export interface Constraints {
  readonly range?: Range
  readonly length?: { readonly min?: number; readonly max?: number }
  /** An ECMA-262 pattern as written; it matches anywhere in the value unless anchored (JSON Schema semantics). */
  readonly pattern?: string
  readonly format?: TextFormat
  /** Bounds on an array's number of items. */
  readonly items?: { readonly min?: number; readonly max?: number }
}

/** The options of one property: its constraints and, for objects, the nested properties that are required. */
export interface TypeOptions {
  readonly constraints: Constraints
  readonly requiredFields: ReadonlyArray<string>
}

const BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
const KNOWN: Readonly<Record<BaseKind["kind"], ReadonlyArray<string>>> = {
  text: ["minLength", "maxLength", "pattern", "format"],
  integer: [...BOUNDS, "multipleOf", "format"],
  decimal: [...BOUNDS, "multipleOf", "format"],
  date: [...BOUNDS, "format"],
  timestamp: [...BOUNDS, "format", "timezone", "defaultTimezone"],
  boolean: [],
  struct: ["required", "minProperties", "maxProperties"],
  list: ["minItems", "maxItems", "uniqueItems"]
}

const TEXT_FORMATS: ReadonlyArray<TextFormat> = ["email", "uuid", "uri"]
const DATE_FORMATS = ["yyyy-MM-dd"]
const TIMESTAMP_FORMATS = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss.SSS"]
const UTC = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"]

/** Constructs DuckDB's RE2 engine does not run: lookaround and backreferences. */
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</

/** A pattern that compiles as ECMA-262 and runs on RE2, or a refusal. */
export const checkPattern = (pattern: string, at: Path): Effect.Effect<string, Refusal> =>
  Effect.try(() => new RegExp(pattern)).pipe(
    Effect.matchEffect({
      onFailure: () => refuse(at, `pattern ${JSON.stringify(pattern)} is not a valid regular expression`),
      onSuccess: () =>
        RE2_UNSUPPORTED.test(pattern)
          ? refuse(at, `pattern ${JSON.stringify(pattern)} uses lookaround or a backreference, which DuckDB's RE2 engine does not run`)
          : Effect.succeed(pattern)
    })
  )

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]00(?::?00)?)?$/

const validDate = (text: string): boolean => {
  const m = ISO_DATE.exec(text)
  if (m === null) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** A bound as literal text for the kind, or a refusal. */
const boundAt = (value: YamlValue, base: BaseKind, at: Path): Effect.Effect<string, Refusal> => {
  if (base.kind === "integer" || base.kind === "decimal") return Effect.map(numberAt(value, at), (n) => n.decimal ?? n.source)
  if (typeof value !== "string") return refuse(at, `expected a ${base.kind} as text, found ${describeValue(value)}`)
  if (base.kind === "date") return validDate(value) ? Effect.succeed(value) : refuse(at, `expected a date YYYY-MM-DD, found ${JSON.stringify(value)}`)
  const m = ISO_TIMESTAMP.exec(value)
  if (m === null || !validDate(m[1] ?? "")) {
    return refuse(at, `expected a timestamp YYYY-MM-DD HH:MM:SS (UTC, no other offset), found ${JSON.stringify(value)}`)
  }
  const time = m[2] ?? "00:00:00"
  return Effect.succeed(`${m[1]} ${time.length === 5 ? `${time}:00` : time}`)
}

const compareBounds = (a: string, b: string, base: BaseKind): number =>
  base.kind === "integer" || base.kind === "decimal" ? compareDecimals(a, b) : a < b ? -1 : a > b ? 1 : 0

/** One side of the range from `minimum`/`exclusiveMinimum` (or the maximum pair): the tighter bound wins. */
const side = (
  options: Mapping,
  base: BaseKind,
  path: Path,
  inclusiveKey: "minimum" | "maximum",
  exclusiveKey: "exclusiveMinimum" | "exclusiveMaximum"
): Effect.Effect<{ readonly bound?: string; readonly exclusive?: boolean }, Refusal> =>
  Effect.gen(function* () {
    const inclusiveValue = options[inclusiveKey]
    const exclusiveValue = options[exclusiveKey]
    const inclusive = inclusiveValue === undefined || inclusiveValue === null ? undefined : yield* boundAt(inclusiveValue, base, [...path, inclusiveKey])
    if (typeof exclusiveValue === "boolean") {
      // ODCS v3.0: a flag on the inclusive bound.
      if (exclusiveValue && inclusive === undefined) return yield* refuse([...path, exclusiveKey], `${exclusiveKey}: true needs a ${inclusiveKey}`)
      return inclusive === undefined ? {} : { bound: inclusive, exclusive: exclusiveValue }
    }
    const exclusive = exclusiveValue === undefined || exclusiveValue === null ? undefined : yield* boundAt(exclusiveValue, base, [...path, exclusiveKey])
    if (exclusive === undefined) return inclusive === undefined ? {} : { bound: inclusive, exclusive: false }
    if (inclusive === undefined) return { bound: exclusive, exclusive: true }
    const lower = inclusiveKey === "minimum"
    const order = compareBounds(exclusive, inclusive, base)
    // The exclusive bound is tighter when it is at or beyond the inclusive one.
    return (lower ? order >= 0 : order <= 0) ? { bound: exclusive, exclusive: true } : { bound: inclusive, exclusive: false }
  })

const range = (options: Mapping, base: BaseKind, path: Path): Effect.Effect<Range | undefined, Refusal> =>
  Effect.gen(function* () {
    const low = yield* side(options, base, path, "minimum", "exclusiveMinimum")
    const high = yield* side(options, base, path, "maximum", "exclusiveMaximum")
    if (low.bound === undefined && high.bound === undefined) return undefined
    return {
      ...(low.bound === undefined ? {} : { min: low.bound, ...(low.exclusive === true ? { exclusiveMin: true } : {}) }),
      ...(high.bound === undefined ? {} : { max: high.bound, ...(high.exclusive === true ? { exclusiveMax: true } : {}) })
    }
  })

const formatOf = (options: Mapping, base: BaseKind, path: Path): Effect.Effect<TextFormat | undefined, Refusal> =>
  Effect.gen(function* () {
    const format = yield* field.optionalString(options, "format", path)
    if (format === undefined) return undefined
    const at = [...path, "format"]
    switch (base.kind) {
      case "text": {
        const known = TEXT_FORMATS.find((f) => f === format)
        return known ?? (yield* refuse(at, `string format \`${format}\` is not supported (lakegate checks ${TEXT_FORMATS.join(", ")})`))
      }
      case "integer":
        // lakegate integers are BIGINT: i64 says nothing more; a narrower format is a range lakegate would have to guess.
        return format === "i64" ? undefined : yield* refuse(at, `integer format \`${format}\` is not supported: lakegate integers are BIGINT (i64); bound them with minimum/maximum`)
      case "decimal":
        return yield* refuse(at, `number format \`${format}\` is a binary float; lakegate numbers are DECIMAL`)
      case "date":
        return DATE_FORMATS.includes(format) ? undefined : yield* refuse(at, `date format \`${format}\` is not supported: lakegate dates are ${DATE_FORMATS.join(", ")}`)
      case "timestamp":
        return TIMESTAMP_FORMATS.includes(format)
          ? undefined
          : yield* refuse(at, `timestamp format \`${format}\` is not supported: lakegate timestamps are yyyy-MM-dd HH:mm:ss`)
      default:
        return yield* refuse(at, `format is not an option of this type`)
    }
  })

const lengths = (options: Mapping, base: BaseKind, path: Path): Effect.Effect<Constraints["length"], Refusal> =>
  Effect.gen(function* () {
    const min = yield* field.optionalInteger(options, "minLength", path)
    const declared = yield* field.optionalInteger(options, "maxLength", path)
    const physical = base.kind === "text" ? base.physicalMaxLength : undefined
    const max = declared === undefined ? physical : physical === undefined ? declared : Math.min(declared, physical)
    if (min !== undefined && max !== undefined && min > max) return yield* refuse([...path, "minLength"], `minLength ${min} is above the maximum length ${max}: no value can pass`)
    return min === undefined && max === undefined ? undefined : { ...(min === undefined || min === 0 ? {} : { min }), ...(max === undefined ? {} : { max }) }
  })

const structOptions = (options: Mapping, path: Path): Effect.Effect<ReadonlyArray<string>, Refusal> =>
  Effect.gen(function* () {
    const minProperties = yield* field.optionalInteger(options, "minProperties", path)
    if (minProperties !== undefined && minProperties > 0) return yield* refuse([...path, "minProperties"], "minProperties is not supported: declare the nested properties and mark them required")
    if (options["maxProperties"] !== undefined) return yield* refuse([...path, "maxProperties"], "maxProperties is not supported: an object's properties are the ones declared")
    if (options["required"] === undefined || options["required"] === null) return []
    const names = yield* listAt(options["required"], [...path, "required"])
    return yield* Effect.forEach(names, (name, i) =>
      typeof name === "string" ? Effect.succeed(name) : refuse([...path, "required", i], `expected a property name, found ${describeValue(name)}`)
    )
  })

const listOptions = (options: Mapping, path: Path): Effect.Effect<Constraints["items"], Refusal> =>
  Effect.gen(function* () {
    if ((yield* field.optionalBoolean(options, "uniqueItems", path)) === true) {
      return yield* refuse([...path, "uniqueItems"], "uniqueItems: true is not supported (no lakegate check for distinct array items)")
    }
    const min = yield* field.optionalInteger(options, "minItems", path)
    const max = yield* field.optionalInteger(options, "maxItems", path)
    return (min === undefined || min === 0) && max === undefined ? undefined : { ...(min === undefined || min === 0 ? {} : { min }), ...(max === undefined ? {} : { max }) }
  })

const timestampOptions = (options: Mapping, path: Path): Effect.Effect<void, Refusal> =>
  Effect.gen(function* () {
    if ((yield* field.optionalBoolean(options, "timezone", path)) === true) {
      return yield* refuse([...path, "timezone"], "timezone: true is not supported: lakegate timestamps are TIMESTAMP without time zone")
    }
    const zone = yield* field.optionalString(options, "defaultTimezone", path)
    if (zone !== undefined && !UTC.includes(zone)) {
      return yield* refuse([...path, "defaultTimezone"], `defaultTimezone ${zone} is not supported: lakegate reads timestamps as UTC`)
    }
  })

/** The `logicalTypeOptions` of a property of this base kind; `path` is the options' own path. */
export const readTypeOptions = (value: YamlValue | undefined, base: BaseKind, path: Path): Effect.Effect<TypeOptions, Refusal> =>
  Effect.gen(function* () {
    const physicalLength = base.kind === "text" && base.physicalMaxLength !== undefined ? { length: { max: base.physicalMaxLength } } : {}
    if (value === undefined || value === null) return { constraints: physicalLength, requiredFields: [] }
    const options = yield* mappingAt(value, path, "logicalTypeOptions as a mapping")
    yield* onlyKnownKeys(options, path, KNOWN[base.kind], `logicalTypeOptions for ${base.kind === "text" ? "string" : base.kind === "decimal" ? "number" : base.kind === "struct" ? "object" : base.kind === "list" ? "array" : base.kind}`)
    if (options["multipleOf"] !== undefined) return yield* refuse([...path, "multipleOf"], "multipleOf is not supported (no lakegate check for it)")
    const format = yield* formatOf(options, base, path)
    if (base.kind === "timestamp") yield* timestampOptions(options, path)
    const requiredFields = base.kind === "struct" ? yield* structOptions(options, path) : []
    const pattern = options["pattern"]
    const checkedPattern =
      pattern === undefined || pattern === null
        ? undefined
        : typeof pattern === "string"
          ? yield* checkPattern(pattern, [...path, "pattern"])
          : yield* refuse([...path, "pattern"], `expected a pattern as text, found ${describeValue(pattern)}`)
    const bounds = BOUNDS.some((k) => options[k] !== undefined) ? yield* range(options, base, path) : undefined
    const length = base.kind === "text" ? yield* lengths(options, base, path) : undefined
    const items = base.kind === "list" ? yield* listOptions(options, path) : undefined
    const constraints: Constraints = {
      ...(bounds === undefined ? {} : { range: bounds }),
      ...(length === undefined ? {} : { length }),
      ...(checkedPattern === undefined ? {} : { pattern: checkedPattern }),
      ...(format === undefined ? {} : { format }),
      ...(items === undefined ? {} : { items })
    }
    return { constraints, requiredFields }
  })
