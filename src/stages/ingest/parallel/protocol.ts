/**
 * Messages between the landing thread and its staging workers. A batch goes
 * out as one transferred buffer plus record positions; its staging rows come
 * back as one transferred buffer holding the staging sections in order
 * (bronze, violations, then the source's staging tables).
 */
import type { RowContext } from "../../../contract/RowCheck.ts"
import type { InvalidRecord, RecordSpans, StagedBatch } from "../../refine/stageBatch.ts"

/**
 * Where a worker finds the source it stages for: a module (file URL) and the
 * name of its export, a {@link Source} or a pipeline holding one (`.source`).
 */
export interface SourceModule {
  readonly url: string
  readonly exportName: string
}

/** What every worker is started with. */
export interface WorkerSetup {
  readonly context: RowContext
  readonly source: SourceModule
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
  const parts = [batch.bronze, batch.violations, ...batch.tables]
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
  return { bronze: sections[0]!, violations: sections[1]!, tables: sections.slice(2), records: reply.records, decoded: reply.decoded }
}
