/**
 * Messages between the landing thread and its staging workers. A batch goes
 * out as one transferred buffer plus record positions; its staging rows come
 * back as one transferred buffer holding the four staging sections in order.
 */
import type { RowContext } from "../../../contract/RowCheck.ts"
import type { InvalidRecord, RecordSpans, StagedBatch } from "../../refine/stageBatch.ts"

/** What every worker is started with. */
export interface WorkerSetup {
  readonly context: RowContext
}

/** What a worker says once its code is loaded and it can take batches. */
export const READY = "ready" as const

/** A batch to stage: the records of `RecordSpans`, flattened for `postMessage`. */
export interface BatchRequest {
  readonly seq: number
  readonly bytes: ArrayBuffer
  readonly byteOffset: number
  readonly byteLength: number
  readonly starts: Int32Array
  readonly ends: Int32Array
  readonly firstIndex: number
  readonly baseOffset: number
}

/** The sections of a staged batch, in this order, in one buffer. */
export const SECTIONS = ["bronze", "customers", "transactions", "violations"] as const

/** A staged batch, or the record that is not JSON; either way with the request's buffer given back for reuse. */
export type BatchReply = (
  | { readonly seq: number; readonly bytes: ArrayBuffer; readonly lengths: ReadonlyArray<number>; readonly records: number; readonly decoded: number }
  | { readonly seq: number; readonly invalid: InvalidRecord; readonly reason: string }
) & { readonly chunk?: ArrayBuffer }

/** Flatten spans into a request (the caller decides what to transfer). */
export const toRequest = (seq: number, spans: RecordSpans): BatchRequest => ({
  seq,
  bytes: spans.buffer.buffer as ArrayBuffer,
  byteOffset: spans.buffer.byteOffset,
  byteLength: spans.buffer.byteLength,
  starts: Int32Array.from(spans.starts),
  ends: Int32Array.from(spans.ends),
  firstIndex: spans.firstIndex,
  baseOffset: spans.baseOffset
})

/** The spans of a request, on the receiving side. */
export const fromRequest = (request: BatchRequest): RecordSpans => ({
  buffer: Buffer.from(request.bytes, request.byteOffset, request.byteLength),
  starts: request.starts,
  ends: request.ends,
  firstIndex: request.firstIndex,
  baseOffset: request.baseOffset
})

/** Pack a staged batch into one buffer of its own (safe to transfer). */
export const packBatch = (seq: number, batch: StagedBatch): BatchReply & { readonly bytes: ArrayBuffer } => {
  const parts = SECTIONS.map((s) => batch[s])
  const lengths = parts.map((p) => p.length)
  const out = Buffer.allocUnsafeSlow(lengths.reduce((a, b) => a + b, 0))
  let at = 0
  for (const p of parts) at += p.copy(out, at)
  return { seq, bytes: out.buffer as ArrayBuffer, lengths, records: batch.records, decoded: batch.decoded }
}

/** Unpack a staged batch. */
export const unpackBatch = (reply: { readonly bytes: ArrayBuffer; readonly lengths: ReadonlyArray<number>; readonly records: number; readonly decoded: number }): StagedBatch => {
  const all = Buffer.from(reply.bytes)
  const sections: Array<Buffer> = []
  let at = 0
  for (const length of reply.lengths) {
    sections.push(all.subarray(at, at + length))
    at += length
  }
  return { bronze: sections[0]!, customers: sections[1]!, transactions: sections[2]!, violations: sections[3]!, records: reply.records, decoded: reply.decoded }
}
