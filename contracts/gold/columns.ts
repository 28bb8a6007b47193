/** Column kinds only gold needs: small calendar integers and yyyymmdd date keys. */
import { columnOf } from "lakegate"
import { Schema } from "effect"

const intBetween = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))

/** Gold column constructors, beside the shared `col` kinds. */
export const goldCol = {
  /** A date as the INTEGER yyyymmdd, e.g. 20261103. */
  dateKey: (description: string) => columnOf(intBetween(10000101, 99991231), "INTEGER", description),
  /** An INTEGER within bounds (calendar parts, ranks). */
  intBetween: (min: number, max: number, description: string) => columnOf(intBetween(min, max), "INTEGER", description)
}
