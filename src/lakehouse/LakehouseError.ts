import { Data } from "effect"

/** A filesystem operation on the lakehouse failed. */
export class LakehouseError extends Data.TaggedError("LakehouseError")<{
  readonly operation: string
  readonly path: string
  readonly message: string
}> {}
