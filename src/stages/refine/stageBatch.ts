/**
 * Turn a batch of raw source records into staging rows: the bronze row of every
 * record, the decoded candidate rows, and the row-level violations. Pure and
 * synchronous, so it can run wherever the records are (main thread or worker).
 *
 * Records come either as {@link RawRecord}s (`stageBatch`) or by position in
 * one buffer, as the splitter found them (`stageSpans`, what ingest uses on
 * the main thread and in its workers). Both write every record's rows with the
 * same code, and a record's rows never depend on its neighbours, so the
 * staging bytes are the same however the records are batched or where.
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
  // Only the transaction's own fields: the customer's columns are joined in
  // from the record's customer row when the segment is loaded (see
  // `candidates.ts`), so they are written and parsed once per customer, not
  // once per transaction (they were half of every transaction row).
  transactions: [
    ["record_index", "BIGINT"], ["position", "INTEGER"], ["transaction_id", "BIGINT"], ["transaction_date", "DATE"],
    ["amount", "DECIMAL(18,2)"], ["product_id", "BIGINT"], ["product_name", "VARCHAR"]
  ],
  violations: [
    ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["check", "VARCHAR"], ["severity", "VARCHAR"], ["path", "VARCHAR"], ["message", "VARCHAR"], ["value", "VARCHAR"]
  ]
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>

/** The staging text of one batch, one CSV buffer per staging file. */
export interface StagedBatch {
  /** Bronze rows `index,<U+0001>raw<U+0001>`: the raw bytes copied as they are. */
  readonly bronze: Buffer
  readonly customers: Buffer
  readonly transactions: Buffer
  readonly violations: Buffer
  readonly records: number
  readonly decoded: number
}

/** The judge a batch is staged with (see `makeJudge`). */
export type RecordJudge = (json: unknown, context: RowContext) => Judgement<Customer>

/**
 * Records by position in one buffer: record `firstIndex + k` is
 * `buffer[starts[k], ends[k])`, and its first byte is at `baseOffset + starts[k]` in the file.
 */
export interface RecordSpans {
  readonly buffer: Buffer
  readonly starts: ArrayLike<number>
  readonly ends: ArrayLike<number>
  readonly firstIndex: number
  readonly baseOffset: number
}

/** A record that is not JSON: the file is not valid JSON. */
export interface InvalidRecord {
  readonly index: number
  readonly offset: number
}

/** A record's id as delivered, if it has one. */
const sourceIdOf = (json: unknown): string | null =>
  json !== null && typeof json === "object" && !Array.isArray(json) && "id" in json ? renderValue((json as { id: unknown }).id) : null

/** Money for staging: cents rounded (a non-cent amount is rejected anyway, and rounds the same on both sides of the reconciliation). */
const stagedMoney = (value: number): string => {
  const cents = Math.round(value * 100)
  return Number.isSafeInteger(cents) && Math.abs(cents) < 1e17 ? formatCents(cents) : ""
}

const violationRow = (index: number, sourceId: string, v: Violation): string =>
  `${index},${sourceId},${csvText(v.checkId)},${v.severity},${csvText(v.path)},${csvText(v.message)},${csvOptionalText(v.value)}\n`

const RAW_QUOTE_BYTE = RAW_QUOTE.charCodeAt(0)
const NEWLINE = 0x0a
const COMMA = 0x2c

/** Write a non-negative safe integer in decimal at `at`; returns the new position. */
const writeIndex = (out: Buffer, at: number, value: number): number => {
  if (value < 10) {
    out[at] = 0x30 + value
    return at + 1
  }
  return at + out.write(String(value), at, "latin1")
}

/** The rows of the candidate, transaction and violation staging files, record by record. */
class Rows {
  readonly customers = new RowBuffer()
  readonly transactions = new RowBuffer()
  readonly violations = new RowBuffer()
  decoded = 0

  constructor(
    private readonly judge: RecordJudge,
    private readonly context: RowContext
  ) {}

  add(index: number, json: unknown): void {
    const sourceId = csvOptionalText(sourceIdOf(json))
    const verdict = this.judge(json, this.context)
    for (const v of verdict.violations) this.violations.add(violationRow(index, sourceId, v))
    const c = verdict.decoded
    if (c === undefined) return
    this.decoded++
    this.customers.add(
      `${index},${sourceId},${c.id},${csvText(c.name)},${csvText(c.email)},${c.signup_date},${c.last_purchase ?? ""},${stagedMoney(c.total_spent)},${c.transactions.length}\n`
    )
    const ts = c.transactions
    for (let position = 0; position < ts.length; position++) {
      const t = ts[position]!
      this.transactions.add(`${index},${position},${t.transaction_id},${t.date},${stagedMoney(t.amount)},${t.product_id},${csvText(t.product_name)}\n`)
    }
  }

  /** Forget the rows of the previous batch. */
  clear(): void {
    this.customers.clear()
    this.transactions.clear()
    this.violations.clear()
    this.decoded = 0
  }

  batch(bronze: Buffer, records: number): StagedBatch {
    return { bronze, customers: this.customers.take(), transactions: this.transactions.take(), violations: this.violations.take(), records, decoded: this.decoded }
  }
}

/** Room for a bronze row's index, separators and newline. */
const BRONZE_OVERHEAD = 24

/** Bronze rows for a batch, in one allocation: the raw bytes are copied, never decoded or escaped. */
const bronzeRows = (records: ReadonlyArray<RawRecord>): Buffer => {
  let size = 0
  for (const r of records) size += r.bytes.length + BRONZE_OVERHEAD
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const r of records) {
    at = writeIndex(out, at, r.index)
    out[at++] = COMMA
    out[at++] = RAW_QUOTE_BYTE
    at += r.bytes.copy(out, at)
    out[at++] = RAW_QUOTE_BYTE
    out[at++] = NEWLINE
  }
  return out.subarray(0, at)
}

const parseError = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Stage a batch. A record that is not JSON stops the batch: it is returned
 * with `JSON.parse`'s reason (the file is not valid JSON).
 */
export const stageBatch = (
  records: ReadonlyArray<RawRecord>,
  judge: RecordJudge,
  context: RowContext
): { readonly batch: StagedBatch } | { readonly invalid: RawRecord; readonly reason: string } => {
  const rows = new Rows(judge, context)
  for (const record of records) {
    let json: unknown
    try {
      json = JSON.parse(record.text)
    } catch (error) {
      return { invalid: record, reason: parseError(error) }
    }
    rows.add(record.index, json)
  }
  return { batch: rows.batch(bronzeRows(records), records.length) }
}

/** A staged batch, or its first record that is not JSON. */
export type SpansStaged = { readonly batch: StagedBatch } | { readonly invalid: InvalidRecord; readonly reason: string }

/**
 * Stages batches given by position, one after another, into buffers it
 * reuses: a staged batch's buffers are views that stay valid only until the
 * next batch is staged, so write (or copy) them first. Reusing the memory is
 * what keeps staging from page-faulting on fresh buffers for every batch.
 * One per thread that stages (the landing thread, each worker).
 */
export class Stager {
  private readonly rows: Rows
  private bronze = Buffer.allocUnsafeSlow(1 << 20)

  constructor(judge: RecordJudge, context: RowContext) {
    this.rows = new Rows(judge, context)
  }

  /** Stage records given by position in one buffer; the same rows as {@link stageBatch} for the same records. */
  spans(spans: RecordSpans): SpansStaged {
    const rows = this.rows
    rows.clear()
    const { buffer, starts, ends, firstIndex } = spans
    for (let k = 0; k < starts.length; k++) {
      let json: unknown
      try {
        json = JSON.parse(buffer.toString("utf8", starts[k]!, ends[k]!))
      } catch (error) {
        return { invalid: { index: firstIndex + k, offset: spans.baseOffset + starts[k]! }, reason: parseError(error) }
      }
      rows.add(firstIndex + k, json)
    }
    return { batch: rows.batch(this.bronzeSpans(spans), starts.length) }
  }

  /** Bronze rows for records given by position (same bytes as {@link bronzeRows}). */
  private bronzeSpans(spans: RecordSpans): Buffer {
    const { buffer, starts, ends } = spans
    const n = starts.length
    let size = 0
    for (let k = 0; k < n; k++) size += ends[k]! - starts[k]! + BRONZE_OVERHEAD
    if (size > this.bronze.length) this.bronze = Buffer.allocUnsafeSlow(Math.max(size, this.bronze.length * 2))
    const out = this.bronze
    let at = 0
    for (let k = 0; k < n; k++) {
      at = writeIndex(out, at, spans.firstIndex + k)
      out[at++] = COMMA
      out[at++] = RAW_QUOTE_BYTE
      at += buffer.copy(out, at, starts[k]!, ends[k]!)
      out[at++] = RAW_QUOTE_BYTE
      out[at++] = NEWLINE
    }
    return out.subarray(0, at)
  }
}

/** Stage records given by position in one buffer, into buffers of their own (see {@link Stager} to stage many batches). */
export const stageSpans = (spans: RecordSpans, judge: RecordJudge, context: RowContext): SpansStaged => new Stager(judge, context).spans(spans)
