/** Column kinds only gold needs: small calendar integers and yyyymmdd date keys. */
import { Schema } from "effect"
import { column } from "../../src/contract/Table.ts"

const intBetween = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))

/** Gold column constructors, beside the shared `col` kinds. */
export const goldCol = {
  /** A date as the INTEGER yyyymmdd, e.g. 20261103. */
  dateKey: (description: string) => column(intBetween(10000101, 99991231), "INTEGER", description),
  /** An INTEGER within bounds (calendar parts, ranks). */
  intBetween: (min: number, max: number, description: string) => column(intBetween(min, max), "INTEGER", description)
}
