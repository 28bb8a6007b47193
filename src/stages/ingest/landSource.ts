/**
 * Land the source: stream the file once, split it into records, and stage
 * every record for bronze (verbatim) and, judged by the source contract, for
 * refinement (decoded candidate rows and row-level violations). One pass, one
 * record in memory at a time; the staged CSV files are then loaded by DuckDB.
 */
import { Effect, Either, Stream } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { stat } from "node:fs/promises"
import { join } from "node:path"
import { sourceCustomers } from "../../../contracts/source/customers.ts"
import type { RowContext } from "../../contract/RowCheck.ts"
import { openStagingFile, type StagingWriteError } from "../../engine/StagingFile.ts"
import { makeJudge } from "../refine/judgeRecord.ts"
import { stageBatch } from "../refine/stageBatch.ts"
import { InputError } from "./InputError.ts"
import { ArraySplitter } from "./splitArray.ts"

/** The staged CSV files of a landed source. */
export interface LandedFiles {
  readonly bronze: string
  readonly customers: string
  readonly transactions: string
  readonly violations: string
}

/** What landing found. */
export interface LandedSource {
  readonly records: number
  readonly decoded: number
  readonly bytes: number
  readonly sha256: string
  readonly files: LandedFiles
}

/** Progress after each chunk: bytes read so far and records split. */
export type ProgressListener = (bytes: number, records: number) => void

const describeOpenError = (input: string, error: NodeJS.ErrnoException): InputError =>
  new InputError({
    file: input,
    reason:
      error.code === "ENOENT" ? "file not found" : error.code === "EISDIR" ? "is a directory, not a file" : error.code === "EACCES" ? "permission denied" : `cannot read: ${error.message}`
  })

/** Stream the source file into staging files under `workDir`. */
export const landSource = (
  input: string,
  workDir: string,
  context: RowContext,
  onProgress: ProgressListener = () => {}
): Effect.Effect<LandedSource, InputError | StagingWriteError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const info = yield* Effect.tryPromise({ try: () => stat(input), catch: (e) => describeOpenError(input, e as NodeJS.ErrnoException) })
      if (info.isDirectory()) return yield* new InputError({ file: input, reason: "is a directory, not a file" })
      const files: LandedFiles = {
        bronze: join(workDir, "bronze.csv"),
        customers: join(workDir, "customers.csv"),
        transactions: join(workDir, "transactions.csv"),
        violations: join(workDir, "violations.csv")
      }
      const bronze = yield* openStagingFile(files.bronze)
      const customers = yield* openStagingFile(files.customers)
      const transactions = yield* openStagingFile(files.transactions)
      const violations = yield* openStagingFile(files.violations)
      const judge = makeJudge(sourceCustomers)
      const splitter = new ArraySplitter()
      const hash = createHash("sha256")
      let bytes = 0
      let decoded = 0

      yield* Stream.fromAsyncIterable(createReadStream(input, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>, (e) =>
        describeOpenError(input, e as NodeJS.ErrnoException)
      ).pipe(
        Stream.runForEach((chunk) =>
          Effect.gen(function* () {
            hash.update(chunk)
            const split = splitter.push(chunk)
            if (Either.isLeft(split)) return yield* new InputError({ file: input, reason: split.left.reason, offset: split.left.offset })
            bytes += chunk.length
            const staged = stageBatch(split.right, judge, context)
            if ("invalid" in staged) {
              return yield* new InputError({ file: input, reason: `invalid JSON in record ${staged.invalid.index}: ${staged.reason}`, offset: staged.invalid.offset })
            }
            const batch = staged.batch
            decoded += batch.decoded
            yield* bronze.write(batch.bronze)
            yield* customers.write(batch.customers)
            yield* transactions.write(batch.transactions)
            yield* violations.write(batch.violations)
            onProgress(bytes, splitter.records)
          })
        )
      )
      const ended = splitter.end()
      if (Either.isLeft(ended)) return yield* new InputError({ file: input, reason: ended.left.reason, offset: ended.left.offset })
      yield* Effect.all([bronze.close, customers.close, transactions.close, violations.close], { discard: true })
      return { records: ended.right, decoded, bytes, sha256: hash.digest("hex"), files }
    })
  )
