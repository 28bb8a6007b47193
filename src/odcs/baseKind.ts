/**
 * Which lakegate kind an ODCS property is, from its `logicalType` and
 * `physicalType`. The logical type decides; the physical type refines it (a
 * number's DECIMAL precision and scale, a string's VARCHAR length) or, alone,
 * stands in for it. A `number` must be a DECIMAL: lakegate has no binary-float
 * kind, so money and measures are always compared exactly.
 *
 * @example
 * import { baseKindOf } from "./baseKind.ts"
 * baseKindOf("number", "DECIMAL(12,2)", ["schema", 0, "properties", 1]) // succeeds with { kind: "decimal", precision: 12, scale: 2 }
 * baseKindOf("number", undefined, ["schema", 0, "properties", 1])       // refused: a number needs DECIMAL(p,s)
 */
import { Effect } from "effect"
import { physicalTypeOf, type PhysicalType } from "./physicalType.ts"
import { refuse, type Refusal } from "./read.ts"
import type { Path } from "./yamlTree.ts"

/** A property's kind before its options, nullability and nested fields. */
export type BaseKind =
  | { readonly kind: "text"; readonly physicalMaxLength?: number }
  | { readonly kind: "integer" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "struct" }
  | { readonly kind: "list" }

/** The logical types of ODCS v3.1. */
export const LOGICAL_TYPES = ["string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean"] as const

const NEEDS_DECIMAL = "lakegate has no binary-float kind (amounts are compared exactly): give physicalType DECIMAL(p,s) or NUMERIC(p,s)"

const fromPhysical = (physical: PhysicalType, at: Path): Effect.Effect<BaseKind, Refusal> => {
  switch (physical.family) {
    case "integer":
      return Effect.succeed({ kind: "integer" })
    case "decimal":
      return Effect.succeed({ kind: "decimal", precision: physical.precision, scale: physical.scale })
    case "string":
      return Effect.succeed(physical.maxLength === undefined ? { kind: "text" } : { kind: "text", physicalMaxLength: physical.maxLength })
    case "boolean":
    case "date":
    case "timestamp":
      return Effect.succeed({ kind: physical.family })
    case "array":
      return Effect.succeed({ kind: "list" })
    case "object":
      return Effect.succeed({ kind: "struct" })
    case "wideInteger":
      return refuse(at, `physicalType ${physical.name} is wider than lakegate's BIGINT integers`)
    case "float":
      return refuse(at, `physicalType ${physical.name} is a binary float; ${NEEDS_DECIMAL}`)
    case "timestamptz":
      return refuse(at, `physicalType ${physical.name} has a time zone; lakegate timestamps are TIMESTAMP without time zone`)
    case "time":
      return refuse(at, `physicalType ${physical.name} is a time of day, which has no lakegate kind`)
    case "invalid":
      return refuse(at, `physicalType ${physical.name}: ${physical.reason}`)
    case "other":
      return refuse(at, `physicalType ${physical.name} is not a type lakegate knows; give a logicalType`)
  }
}

/** The base kind of a property; `path` is the property's. */
export const baseKindOf = (logicalType: string | undefined, physicalType: string | undefined, path: Path): Effect.Effect<BaseKind, Refusal> => {
  const physicalAt = [...path, "physicalType"]
  const physical = physicalType === undefined ? undefined : physicalTypeOf(physicalType)
  if (logicalType === undefined) {
    return physical === undefined ? refuse(path, "the property has no type: give a logicalType (or a physicalType)") : fromPhysical(physical, physicalAt)
  }
  const logicalAt = [...path, "logicalType"]
  const zoned = physical?.family === "timestamptz" ? physical : undefined
  switch (logicalType) {
    case "string":
      return Effect.succeed(physical?.family === "string" && physical.maxLength !== undefined ? { kind: "text", physicalMaxLength: physical.maxLength } : { kind: "text" })
    case "integer":
      return physical?.family === "wideInteger" ? fromPhysical(physical, physicalAt) : Effect.succeed({ kind: "integer" })
    case "number":
      return physical === undefined
        ? refuse(logicalAt, `a number needs a physicalType: ${NEEDS_DECIMAL}`)
        : physical.family === "decimal" || physical.family === "integer" || physical.family === "wideInteger" || physical.family === "invalid" || physical.family === "float"
          ? fromPhysical(physical, physicalAt)
          : refuse(physicalAt, `physicalType ${physicalType} does not say how a number is stored; ${NEEDS_DECIMAL}`)
    case "boolean":
    case "date":
      return Effect.succeed({ kind: logicalType })
    case "timestamp":
      return zoned === undefined ? Effect.succeed({ kind: "timestamp" }) : fromPhysical(zoned, physicalAt)
    case "object":
      return Effect.succeed({ kind: "struct" })
    case "array":
      return Effect.succeed({ kind: "list" })
    case "time":
      return refuse(logicalAt, "logicalType time (a time of day) has no lakegate kind")
    default:
      return refuse(logicalAt, `unknown logicalType \`${logicalType}\` (ODCS v3.1: ${LOGICAL_TYPES.join(", ")})`)
  }
}
