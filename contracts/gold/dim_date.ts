/** Gold contract: the calendar, one row per day from the earliest to the latest date the facts use. */
import { col, type TableContract, defineTable } from "lakegate"
import { goldUnique } from "./checks.ts"
import { goldCol } from "./columns.ts"

export const goldDimDateTable = defineTable({
  date_key: goldCol.dateKey("the date as yyyymmdd"),
  date: col.date("the date"),
  year: goldCol.intBetween(1, 9999, "calendar year"),
  quarter: goldCol.intBetween(1, 4, "quarter of the year, 1-4"),
  month: goldCol.intBetween(1, 12, "month, 1-12"),
  day: goldCol.intBetween(1, 31, "day of the month, 1-31"),
  weekday: goldCol.intBetween(1, 7, "ISO day of the week: 1 Monday … 7 Sunday")
})

export const goldDimDate: TableContract<typeof goldDimDateTable.columns> = {
  id: "gold.dim_date",
  version: "1.0.0",
  layer: "gold",
  table: "dim_date",
  description: "Calendar without gaps covering every transaction and ingestion date of the facts.",
  definition: goldDimDateTable,
  primaryKey: ["date_key"],
  required: ["date_key", "date", "year", "quarter", "month", "day", "weekday"],
  references: [],
  quarantine: null,
  datasetChecks: [
    goldUnique(
      "dim_date",
      [["date_key"], ["date"]],
      [
        (relation) => `select date_key as value, 'date_key' as path, 'date_key does not spell ' || "date" as message
          from ${relation("dim_date")} where date_key <> year("date") * 10000 + month("date") * 100 + day("date")`
      ]
    )
  ]
}
