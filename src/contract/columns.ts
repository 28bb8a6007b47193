/**
 * Column kinds shared by table contracts. Each pairs the row schema (the value
 * as read back from DuckDB with a canonical projection) with its SQL type.
 */
import { Schema } from "effect"
import { IsoDate } from "../checks/dates.ts"
import { Decimal2 } from "../checks/money.ts"
import { column } from "./Table.ts"

const PositiveInt = Schema.Int.pipe(Schema.positive(), Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min: 1, max: 10_000_000 }) }))
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative(), Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min: 0, max: 10_000_000 }) }))
const Timestamp = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/),
  Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min: 1_500_000_000, max: 1_800_000_000 }).map((s) => new Date(s * 1000).toISOString().replace("T", " ").slice(0, 19)) })
)

/** Column constructors by kind: `col.id("…")` is a positive BIGINT, and so on. */
export const col = {
  id: (description: string) => column(PositiveInt, "BIGINT", description),
  count: (description: string) => column(NonNegativeInt, "INTEGER", description),
  index: (description: string) => column(NonNegativeInt, "BIGINT", description),
  text: (description: string) => column(Schema.String, "VARCHAR", description),
  optionalText: (description: string) => column(Schema.NullOr(Schema.String), "VARCHAR", description),
  date: (description: string) => column(IsoDate, "DATE", description),
  optionalDate: (description: string) => column(Schema.NullOr(IsoDate), "DATE", description),
  money: (description: string) => column(Decimal2, "DECIMAL(18,2)", description),
  flag: (description: string) => column(Schema.Boolean, "BOOLEAN", description),
  optionalFlag: (description: string) => column(Schema.NullOr(Schema.Boolean), "BOOLEAN", description),
  timestamp: (description: string) => column(Timestamp, "TIMESTAMP", description)
}
