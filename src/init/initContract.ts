/**
 * `lakegate init` as a library call: profile the data, infer a contract,
 * render it as a TypeScript module or ODCS YAML, and optionally write it
 * (never over an existing file unless asked).
 *
 * @example
 * import { initContract } from "lakegate"
 * const { text, inferred } = yield* initContract({ paths: ["exports/orders.csv"] }, { format: "ts", date: "2026-12-04" }) // needs Duck
 * inferred.key // ["order_id"]
 */
import { Data, Effect } from "effect"
import { writeFile } from "node:fs/promises"
import type { DataError, FormatError } from "../check/errors.ts"
import type { SourceSpec } from "../check/source.ts"
import type { Duck, DuckError } from "../engine/Duck.ts"
import { inferContract, tableNameOf, type InferredContract } from "./inferContract.ts"
import { profileData } from "./profile.ts"
import { renderOdcs } from "./renderOdcs.ts"
import { renderTs } from "./renderTs.ts"

/** The languages a contract is written in. */
export type ContractFormat = "ts" | "odcs"

/** Every contract format, for the command line. */
export const contractFormats: ReadonlyArray<ContractFormat> = ["ts", "odcs"]

/**
 * No contract: no column of the data has a contract kind (`no-columns`), or
 * the file could not be written: it exists and overwriting was not asked
 * for (`exists`), or writing failed (`unwritable`).
 */
export class InitError extends Data.TaggedError("InitError")<{
  readonly path: string
  readonly reason: "no-columns" | "exists" | "unwritable"
  readonly message: string
}> {}

/** Options of {@link initContract}. */
export interface InitOptions {
  readonly format: ContractFormat
  /** The day of the inference, `YYYY-MM-DD`, written in the contract's comment. */
  readonly date: string
  /** The table's name; default from the first file's name. */
  readonly name?: string
  /** Write the contract here. */
  readonly out?: string
  /** Overwrite `out` when it exists. */
  readonly force?: boolean
}

/** What `init` produced. */
export interface InitResult {
  readonly inferred: InferredContract
  readonly text: string
  /** The file written, or null when none was asked for. */
  readonly written: string | null
}

/** The format a contract file's name implies: `.yaml`/`.yml` is ODCS, anything else TypeScript. */
export const contractFormatOf = (path: string): ContractFormat => (/\.ya?ml$/i.test(path) ? "odcs" : "ts")

/** Render an inferred contract in a format. */
export const renderContract = (inferred: InferredContract, format: ContractFormat): string => (format === "odcs" ? renderOdcs(inferred) : renderTs(inferred))

/** Write a contract file; an existing file is kept unless `force`. */
export const writeContract = (path: string, text: string, force: boolean): Effect.Effect<void, InitError> =>
  Effect.tryPromise({
    try: () => writeFile(path, text, { flag: force ? "w" : "wx" }),
    catch: (e) =>
      e instanceof Error && "code" in e && e.code === "EEXIST"
        ? new InitError({ path, reason: "exists", message: "already exists; pass --force to overwrite it" })
        : new InitError({ path, reason: "unwritable", message: e instanceof Error ? e.message : String(e) })
  })

/** Profile the data, infer a contract, render it, and write it when `out` is given. */
export const initContract = (spec: SourceSpec, options: InitOptions): Effect.Effect<InitResult, FormatError | DataError | DuckError | InitError, Duck> =>
  Effect.gen(function* () {
    const profile = yield* profileData(spec)
    if (profile.columns.length === 0) {
      const reasons = profile.skipped.map((c) => `${c.name}: ${c.reason}`).join("; ")
      return yield* new InitError({ path: spec.paths.join(", "), reason: "no-columns", message: `no column has a contract kind${reasons === "" ? "" : ` (${reasons})`}` })
    }
    const inferred = inferContract(profile, { name: options.name ?? tableNameOf(spec.paths[0] ?? "data"), date: options.date })
    const text = renderContract(inferred, options.format)
    if (options.out !== undefined) yield* writeContract(options.out, text, options.force ?? false)
    return { inferred, text, written: options.out ?? null }
  })
