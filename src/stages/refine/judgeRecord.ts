/**
 * Judge one source record against the source contract: decode it with the
 * contract's Effect Schema, then run every row check on the decoded value.
 *
 * Decoding through Effect Schema costs about 12 µs per record of 1 KB, most of it the
 * generic parser's bookkeeping. Nearly every record is valid, so the judge
 * first tries a guard compiled once from the same schema AST (see
 * {@link compileGuard}); a record the guard accepts is exactly a record the
 * decoder would return unchanged, so it skips the decoder. Anything the guard
 * rejects or cannot tell (a record with extra keys, a schema with
 * transformations) goes through `Schema.decodeUnknownEither` as before, which
 * also produces the violation messages. The verdict is the same either way.
 */
import { Either, Option, ParseResult, Schema, SchemaAST } from "effect"
import type { SourceContract } from "../../contract/Contract.ts"
import type { RowContext } from "../../contract/RowCheck.ts"
import { renderPath, renderValue, type Violation } from "../../contract/Violation.ts"

/**
 * Records nested deeper than this that do not decode are reported with one
 * `schema` violation saying so, instead of the decoder's issues: describing
 * an issue renders the offending value recursively, which a value nested
 * 100,000 levels deep would overflow the stack with. Records that decode are
 * accepted at any depth (decoding only descends as deep as the schema).
 */
export const MAX_NESTING = 512

/** The longest violation message kept; the decoder quotes the offending value whole, however large. */
const MAX_MESSAGE = 1000

/** Whether a parsed JSON value is nested deeper than `limit` levels (iterative: never recurses). */
export const nestedDeeperThan = (root: unknown, limit: number): boolean => {
  const values: Array<unknown> = [root]
  const depths: Array<number> = [0]
  while (values.length > 0) {
    const value = values.pop()
    const depth = depths.pop()!
    if (value === null || typeof value !== "object") continue
    if (depth >= limit) return true
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      if (item !== null && typeof item === "object") {
        values.push(item)
        depths.push(depth + 1)
      }
    }
  }
  return false
}

const bounded = (message: string): string => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message)

/** The verdict on one record: decoded (maybe with violations) or not decodable. */
export type Judgement<A> =
  | { readonly decoded: A; readonly violations: ReadonlyArray<Violation> }
  | { readonly decoded: undefined; readonly violations: ReadonlyArray<Violation> }

const valueAt = (root: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current: unknown = root
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/** A compiled check: true only when decoding would succeed and return the input unchanged. */
type Guard = (input: unknown) => boolean

const PARSE_OPTIONS: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

const isPlainObject = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === "object" && !Array.isArray(u)

/**
 * Compile a guard from a schema AST, or `null` when the AST holds anything
 * whose decoding is not the identity (transformations, declarations, index
 * signatures, optional or symbol keys, tuples with fixed elements...). Only the
 * shapes whose decode semantics are plain type tests plus refinement filters
 * are supported; refinements call the schema's own filter functions, so the
 * rules are never restated here. Objects with keys the schema does not declare
 * are left to the decoder (it would drop them from its output).
 */
export const compileGuard = (ast: SchemaAST.AST): Guard | null => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => typeof u === "string"
    case "NumberKeyword":
      return (u) => typeof u === "number"
    case "BooleanKeyword":
      return (u) => typeof u === "boolean"
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true
    case "Literal": {
      const literal = ast.literal
      return (u) => u === literal
    }
    case "Refinement": {
      const from = compileGuard(ast.from)
      if (from === null) return null
      const filter = ast.filter
      return (u) => from(u) && Option.isNone(filter(u, PARSE_OPTIONS, ast))
    }
    case "Union": {
      const members = ast.types.map(compileGuard)
      if (members.some((m) => m === null)) return null
      const guards = members as ReadonlyArray<Guard>
      return (u) => {
        for (const g of guards) if (g(u)) return true
        return false
      }
    }
    case "TupleType": {
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return null
      const item = compileGuard(ast.rest[0]!.type)
      if (item === null) return null
      return (u) => {
        if (!Array.isArray(u)) return false
        for (let i = 0; i < u.length; i++) if (!item(u[i])) return false
        return true
      }
    }
    case "TypeLiteral": {
      if (ast.indexSignatures.length > 0) return null
      const keys: Array<string> = []
      const guards: Array<Guard> = []
      for (const p of ast.propertySignatures) {
        if (typeof p.name !== "string" || p.isOptional) return null
        const g = compileGuard(p.type)
        if (g === null) return null
        keys.push(p.name)
        guards.push(g)
      }
      const n = keys.length
      return (u) => {
        if (!isPlainObject(u)) return false
        let present = 0
        for (const _ in u) present++
        // Every declared key must be present (values are never undefined in JSON), and no other key.
        if (present !== n) return false
        for (let i = 0; i < n; i++) {
          const key = keys[i]!
          if (!Object.prototype.hasOwnProperty.call(u, key) || !guards[i]!(u[key])) return false
        }
        return true
      }
    }
    default:
      return null
  }
}

/** Build the judge for a source contract (decoder and guard compiled once). */
export const makeJudge = <A, I>(contract: SourceContract<A, I>, options: { readonly guard?: boolean } = {}) => {
  const decode = Schema.decodeUnknownEither(contract.schema, { errors: "all", onExcessProperty: "ignore" })
  const guard = options.guard === false ? null : compileGuard(contract.schema.ast)
  const judgeDecoded = (value: A, context: RowContext): Judgement<A> => {
    const violations: Array<Violation> = []
    for (const check of contract.rowChecks) {
      for (const v of check.validate(value, context)) violations.push(v)
    }
    return { decoded: value, violations }
  }
  return (json: unknown, context: RowContext): Judgement<A> => {
    if (guard !== null && guard(json)) return judgeDecoded(json as A, context)
    const decoded = decode(json)
    if (Either.isLeft(decoded)) {
      if (nestedDeeperThan(json, MAX_NESTING)) {
        return {
          decoded: undefined,
          violations: [
            { checkId: "schema", severity: contract.schemaSeverity, path: "$", message: `the record does not decode and is nested deeper than ${MAX_NESTING} levels`, value: null }
          ]
        }
      }
      const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
      return {
        decoded: undefined,
        violations: issues.map((issue) => ({
          checkId: "schema",
          severity: contract.schemaSeverity,
          path: renderPath(issue.path),
          message: bounded(issue.message),
          value: renderValue(valueAt(json, issue.path))
        }))
      }
    }
    return judgeDecoded(decoded.right, context)
  }
}
