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
import { isUtf8 } from "node:buffer"
import type { RecordStager, Source } from "../../pipeline/Source.ts"
import type { Severity } from "../../contract/CheckResult.ts"
import type { RowContext } from "../../contract/RowCheck.ts"
import { RAW_QUOTE } from "../../engine/csv.ts"
import { duplicateKeyMessage, duplicateKeyPath } from "../ingest/duplicateKeys.ts"
import type { RawRecord } from "../ingest/splitArray.ts"

/** Columns of the bronze staging file, in CSV order. */
export const bronzeStagingColumns: ReadonlyArray<readonly [string, string]> = [["_record_index", "BIGINT"], ["raw", "VARCHAR"]]

/** The staging text of one batch, one CSV buffer per staging file. */
export interface StagedBatch {
  /** Bronze rows `index,<U+0001>raw<U+0001>`: the raw bytes copied as they are. */
  readonly bronze: Buffer
  /** One buffer per staging table of the source, in its declaration order. */
  readonly tables: ReadonlyArray<Buffer>
  readonly violations: Buffer
  readonly records: number
  readonly decoded: number
}

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

const batchOf = (rows: RecordStager, bronze: Buffer, records: number): StagedBatch => {
  const staged = rows.take()
  return { bronze, tables: staged.tables, violations: staged.violations, records, decoded: staged.decoded }
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
 * The largest record read: a larger one is quarantined under `schema` without
 * being parsed (its bytes still land in bronze). JavaScript cannot hold a
 * record's text much beyond 512 MiB, and parsing one costs a few times its size in memory.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024

/** The message of a record over {@link MAX_RECORD_BYTES}. */
export const oversizedMessage = (bytes: number): string =>
  `the record is ${bytes} bytes, over the limit of ${MAX_RECORD_BYTES} bytes (256 MiB): not read`

/** The offset in `bytes[start, end)` of the first byte that is not valid UTF-8 (`end` if all are). Only called on a record already known to be invalid. */
export const firstInvalidUtf8 = (bytes: Uint8Array, start: number, end: number): number => {
  let i = start
  while (i < end) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0
    if (need === 0 || i + need >= end) return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!
      if ((c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    // Overlong forms, UTF-16 surrogates (CESU-8) and code points past U+10FFFF are not UTF-8.
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i
    i += need + 1
  }
  return end
}

/** Why a record's bytes cannot be read as text: not UTF-8 (decoding replaced some bytes by U+FFFD), at which byte of the record; null if they can. */
const utf8Problem = (text: string, bytes: Buffer, start: number, end: number): number | null =>
  // Cheap for nearly every record: a string without U+FFFD came from valid UTF-8.
  text.indexOf("\uFFFD") < 0 || isUtf8(bytes.subarray(start, end)) ? null : firstInvalidUtf8(bytes, start, end) - start

const NOT_UTF8 = "not valid UTF-8 (JSON text must be UTF-8)"

/**
 * Stage a batch. A record that is not JSON stops the batch: it is returned
 * with `JSON.parse`'s reason (the file is not valid JSON).
 */
export const stageBatch = (
  records: ReadonlyArray<RawRecord>,
  source: Source,
  context: RowContext
): { readonly batch: StagedBatch } | { readonly invalid: RawRecord; readonly reason: string } => {
  const rows = source.stager(context)
  const severity = schemaSeverity(source)
  for (const record of records) {
    if (record.bytes.length > MAX_RECORD_BYTES) {
      rows.reject(record.index, { checkId: "schema", severity, path: "$", message: oversizedMessage(record.bytes.length), value: null })
      continue
    }
    const badByte = utf8Problem(record.text, record.bytes, 0, record.bytes.length)
    if (badByte !== null) return { invalid: { ...record, offset: record.offset + badByte }, reason: NOT_UTF8 }
    let json: unknown
    try {
      json = JSON.parse(record.text)
    } catch (error) {
      return { invalid: record, reason: parseError(error) }
    }
    addJudged(rows, record.index, record.text, json, severity)
  }
  return { batch: batchOf(rows, bronzeRows(records), records.length) }
}

/** Judge a parsed record, or quarantine it under `schema` when one of its objects repeats a key (readers disagree on its value). */
const addJudged = (rows: RecordStager, index: number, text: string, json: unknown, severity: Severity): void => {
  const duplicate = duplicateKeyPath(text, json)
  if (duplicate === null) rows.add(index, json)
  else rows.reject(index, { checkId: "schema", severity, path: duplicate, message: duplicateKeyMessage(duplicate), value: null })
}

/** The severity of a source's `schema` check, which rejections without decoding report under. */
const schemaSeverity = (source: Source): Severity => source.recordChecks.find((c) => c.id === "schema")?.severity ?? "error"

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
  private readonly rows: RecordStager
  private readonly severity: Severity
  private bronze = Buffer.allocUnsafeSlow(1 << 20)

  constructor(source: Source, context: RowContext) {
    this.rows = source.stager(context)
    this.severity = schemaSeverity(source)
  }

  /** Stage records given by position in one buffer; the same rows as {@link stageBatch} for the same records. */
  spans(spans: RecordSpans): SpansStaged {
    const rows = this.rows
    rows.clear()
    const { buffer, starts, ends, firstIndex } = spans
    for (let k = 0; k < starts.length; k++) {
      const start = starts[k]!
      const end = ends[k]!
      if (end - start > MAX_RECORD_BYTES) {
        rows.reject(firstIndex + k, { checkId: "schema", severity: this.severity, path: "$", message: oversizedMessage(end - start), value: null })
        continue
      }
      const text = buffer.toString("utf8", start, end)
      const badByte = utf8Problem(text, buffer, start, end)
      if (badByte !== null) return { invalid: { index: firstIndex + k, offset: spans.baseOffset + start + badByte }, reason: NOT_UTF8 }
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch (error) {
        return { invalid: { index: firstIndex + k, offset: spans.baseOffset + starts[k]! }, reason: parseError(error) }
      }
      addJudged(rows, firstIndex + k, text, json, this.severity)
    }
    return { batch: batchOf(rows, this.bronzeSpans(spans), starts.length) }
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
export const stageSpans = (spans: RecordSpans, source: Source, context: RowContext): SpansStaged => new Stager(source, context).spans(spans)
