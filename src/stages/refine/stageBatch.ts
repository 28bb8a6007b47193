/**
 * Turn a batch of raw source records into staging rows: the bronze row of every
 * record, the decoded candidate rows, and the row-level violations. Pure and
 * synchronous, so it can run wherever the records are (main thread or worker).
 */
import type { Customer } from "../../../contracts/source/customers.ts"
import { formatCents } from "../../checks/money.ts"
import type { RowContext } from "../../contract/RowCheck.ts"
import { renderValue, type Violation } from "../../contract/Violation.ts"
import { csvOptionalText, csvText, RAW_QUOTE, RowBuffer } from "../../engine/csv.ts"
import type { RawRecord } from "../ingest/splitArray.ts"
import type { Judgement } from "./judgeRecord.ts"

/** Columns of the staging files, in CSV order. */
export const stagingColumns = {
  bronze: [["_record_index", "BIGINT"], ["raw", "VARCHAR"]],
  customers: [
    ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["customer_id", "BIGINT"], ["name", "VARCHAR"], ["email", "VARCHAR"],
    ["signup_date", "DATE"], ["last_purchase", "DATE"], ["total_spent", "DECIMAL(18,2)"], ["transaction_count", "INTEGER"]
  ],
  transactions: [
    ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["position", "INTEGER"], ["transaction_id", "BIGINT"], ["transaction_date", "DATE"],
    ["amount", "DECIMAL(18,2)"], ["product_id", "BIGINT"], ["product_name", "VARCHAR"]
  ],
  violations: [
    ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["check", "VARCHAR"], ["severity", "VARCHAR"], ["path", "VARCHAR"], ["message", "VARCHAR"], ["value", "VARCHAR"]
  ]
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>

/** The staging text of one batch, one CSV string per staging file. */
export interface StagedBatch {
  /** Bronze rows `index,<U+0001>raw<U+0001>`: the raw bytes copied as they are. */
  readonly bronze: Buffer
  readonly customers: Buffer
  readonly transactions: Buffer
  readonly violations: Buffer
  readonly records: number
  readonly decoded: number
}

/** A record's id as delivered, if it has one. */
const sourceIdOf = (json: unknown): string | null =>
  json !== null && typeof json === "object" && !Array.isArray(json) && "id" in json ? renderValue((json as { id: unknown }).id) : null

/** Money for staging: cents rounded (a non-cent amount is rejected anyway, and rounds the same on both sides of the reconciliation). */
const stagedMoney = (value: number): string => {
  const cents = Math.round(value * 100)
  return Number.isSafeInteger(cents) && Math.abs(cents) < 1e17 ? formatCents(cents) : ""
}

/** Bronze rows for a batch, in one allocation: the raw bytes are copied, never decoded or escaped. */
const bronzeRows = (records: ReadonlyArray<RawRecord>): Buffer => {
  let size = 0
  for (const r of records) size += r.bytes.length + 24
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const r of records) {
    at += out.write(`${r.index},${RAW_QUOTE}`, at, "latin1")
    at += r.bytes.copy(out, at)
    at += out.write(`${RAW_QUOTE}\n`, at, "latin1")
  }
  return out.subarray(0, at)
}

const violationRow = (index: number, sourceId: string, v: Violation): string =>
  `${index},${sourceId},${csvText(v.checkId)},${v.severity},${csvText(v.path)},${csvText(v.message)},${csvOptionalText(v.value)}\n`

/**
 * Stage a batch. `parse` failures are reported through `onInvalidJson`, which
 * decides the outcome (the file is not valid JSON).
 */
export const stageBatch = (
  records: ReadonlyArray<RawRecord>,
  judge: (json: unknown, context: RowContext) => Judgement<Customer>,
  context: RowContext
): { readonly batch: StagedBatch } | { readonly invalid: RawRecord; readonly reason: string } => {
  const customers = new RowBuffer()
  const transactions = new RowBuffer()
  const violations = new RowBuffer()
  let decoded = 0
  for (const record of records) {
    let json: unknown
    try {
      json = JSON.parse(record.text)
    } catch (error) {
      return { invalid: record, reason: error instanceof Error ? error.message : String(error) }
    }
    const index = record.index
    const rawId = sourceIdOf(json)
    const sourceId = csvOptionalText(rawId)
    const verdict = judge(json, context)
    for (const v of verdict.violations) violations.add(violationRow(index, sourceId, v))
    const c = verdict.decoded
    if (c === undefined) continue
    decoded++
    customers.add(`${index},${sourceId},${c.id},${csvText(c.name)},${csvText(c.email)},${c.signup_date},${c.last_purchase ?? ""},${stagedMoney(c.total_spent)},${c.transactions.length}\n`)
    c.transactions.forEach((t, position) => {
      transactions.add(`${index},${sourceId},${position},${t.transaction_id},${t.date},${stagedMoney(t.amount)},${t.product_id},${csvText(t.product_name)}\n`)
    })
  }
  return { batch: { bronze: bronzeRows(records), customers: customers.take(), transactions: transactions.take(), violations: violations.take(), records: records.length, decoded } }
}
