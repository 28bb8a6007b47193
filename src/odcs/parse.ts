/**
 * ODCS v3.1 (Bitol's Open Data Contract Standard) YAML to lakegate table
 * contracts. Being written: see src/odcs/README in the work in progress.
 */
import { Data, Effect } from "effect"
import type { DeclaredTable } from "../contract/tableContract.ts"

/** An ODCS document is invalid or uses a feature lakegate does not support; `at` is the path inside the contract. */
export class OdcsError extends Data.TaggedError("OdcsError")<{
  readonly file: string
  readonly at: string
  readonly message: string
}> {}

/** The table contracts of an ODCS document (one per `schema` object). */
export const parseOdcs = (text: string, file: string): Effect.Effect<ReadonlyArray<DeclaredTable>, OdcsError> =>
  Effect.fail(new OdcsError({ file, at: "$", message: `ODCS is not supported yet (${text.length} bytes)` }))
