/**
 * The ingestion date of a delivery: from its file name when the name ends in
 * `-YYYY-MM-DD` before its extension (`orders-2026-11-23.json`,
 * `orders-2026-11-23.ndjson.gz`), else the day it arrived (its modification
 * time, in UTC).
 *
 * @example
 * ingestionDateOf("orders-2026-11-23.json", new Date("2026-12-01T08:00:00Z")) // → { date: "2026-11-23", from: "name" }
 * ingestionDateOf("orders.json", new Date("2026-12-01T08:00:00Z"))            // → { date: "2026-12-01", from: "arrival" }
 */
import { isIsoDate, todayUtc } from "../checks/dates.ts"

/** Where a delivery's ingestion date came from. */
export interface DeliveryDate {
  readonly date: string
  readonly from: "name" | "arrival"
}

const DATED_NAME = /-(\d{4}-\d{2}-\d{2})\.[^/\\]+$/

/** The ingestion date of the file `name` that arrived at `arrival`. */
export const ingestionDateOf = (name: string, arrival: Date): DeliveryDate => {
  const found = DATED_NAME.exec(name)?.[1]
  return found !== undefined && isIsoDate(found) ? { date: found, from: "name" } : { date: todayUtc(arrival), from: "arrival" }
}
