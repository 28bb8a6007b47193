/**
 * Judge one source record against the source contract: decode it with the
 * contract's Effect Schema, then run every row check on the decoded value.
 */
import { Either, ParseResult, Schema } from "effect"
import type { SourceContract } from "../../contract/Contract.ts"
import type { RowContext } from "../../contract/RowCheck.ts"
import { renderPath, renderValue, type Violation } from "../../contract/Violation.ts"

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

/** Build the judge for a source contract (decoder compiled once). */
export const makeJudge = <A, I>(contract: SourceContract<A, I>) => {
  const decode = Schema.decodeUnknownEither(contract.schema, { errors: "all", onExcessProperty: "ignore" })
  return (json: unknown, context: RowContext): Judgement<A> => {
    const decoded = decode(json)
    if (Either.isLeft(decoded)) {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
      return {
        decoded: undefined,
        violations: issues.map((issue) => ({
          checkId: "schema",
          severity: contract.schemaSeverity,
          path: renderPath(issue.path),
          message: issue.message,
          value: renderValue(valueAt(json, issue.path))
        }))
      }
    }
    const violations: Array<Violation> = []
    for (const check of contract.rowChecks) {
      for (const v of check.validate(decoded.right, context)) violations.push(v)
    }
    return { decoded: decoded.right, violations }
  }
}
