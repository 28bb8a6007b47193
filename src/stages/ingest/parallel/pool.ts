/**
 * A small pool of staging workers. `trySubmit` sends a batch to a started
 * worker with room for it and resolves with its staged rows, or declines (the
 * caller then waits for room, or stages the batch itself while no worker has
 * started). Each worker answers in the order it was asked, so the caller
 * keeps record order by awaiting the promises in submission order.
 *
 * In the CLI bundle (`dist/lakegate.mjs`, see `src/cli/build.mjs`) workers
 * run the bundled worker next to it, `dist/lakegate-worker.mjs`. From source
 * (tsx, tests) they are started through a tiny JavaScript bootstrap that
 * registers tsx in the worker before importing `worker.ts`: on Node 20 the
 * parent's `--import tsx` hooks do not reach worker threads, and registering
 * tsx again where they do (newer Node) is harmless (the last registered loader
 * transforms the file and answers first).
 */
import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { RowContext } from "../../../contract/RowCheck.ts"
import type { RecordSpans } from "../../refine/stageBatch.ts"
import { READY, toRequest, type BatchReply, type SourceModule, type WorkerSetup } from "./protocol.ts"

/** Tuning of the pool. */
export interface PoolOptions {
  readonly workers: number
  /** V8 young generation per worker, MiB (default: V8's). */
  readonly youngGenerationMb?: number
}

/**
 * Packages the worker's code uses, loaded before the TypeScript loader is
 * registered: their hundreds of modules then load natively instead of each
 * passing through the loader's hooks (about half of a worker's start-up).
 */
const PRELOAD = ["effect"] as const

/** A package's entry as a file URL, resolved from here; null if it cannot be. */
const resolveUrl = (specifier: string): string | null => {
  try {
    const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve
    return typeof resolve === "function" ? resolve(specifier) : null
  } catch {
    return null
  }
}

/** Where tsx's registration API is, as a file URL, or null if tsx is not installed. */
const tsxApiUrl = (): string | null => {
  const resolved = resolveUrl("tsx/esm/api")
  if (resolved !== null) return resolved
  try {
    const pkg = createRequire(import.meta.url).resolve("tsx/package.json")
    return pathToFileURL(join(dirname(pkg), "dist", "esm", "api", "index.mjs")).href
  } catch {
    return null
  }
}

/** The worker's bootstrap (a CommonJS script): preload, register tsx, import the worker module. */
const bootstrap = (target: string): string => {
  const tsx = tsxApiUrl()
  const steps = [
    ...PRELOAD.flatMap((p) => {
      const url = resolveUrl(p)
      return url === null ? [] : [`() => import(${JSON.stringify(url)})`]
    }),
    ...(tsx === null ? [] : [`() => import(${JSON.stringify(tsx)}).then((api) => { api.register() })`]),
    `() => import(${JSON.stringify(target)})`
  ]
  return `${steps.reduce((chain, step) => `${chain}.then(${step})`, "Promise.resolve()")}`
}

/** The bundled worker's name, next to the bundled CLI (both built by `src/cli/build.mjs`). */
export const BUNDLED_WORKER = "lakegate-worker.mjs"

/**
 * The bundled worker, when the module at `moduleUrl` (by default this one) is
 * part of a bundle (an `.mjs` file with the bundled worker beside it); null
 * when it runs from source.
 */
export const bundledWorker = (moduleUrl: string = import.meta.url): URL | null => {
  if (!moduleUrl.startsWith("file:") || !moduleUrl.endsWith(".mjs")) return null
  const worker = new URL(`./${BUNDLED_WORKER}`, moduleUrl)
  return existsSync(worker) ? worker : null
}

/** A copy in memory of its own (never Node's shared pool), so it can be transferred. */
const copyOwned = (buffer: Buffer): Buffer => {
  const out = Buffer.allocUnsafeSlow(buffer.length)
  buffer.copy(out)
  return out
}

interface Pending {
  readonly resolve: (reply: BatchReply) => void
  readonly reject: (error: Error) => void
}

interface Slot {
  readonly worker: Worker
  readonly pending: Array<Pending>
  /** Set once the worker has loaded its code and said so. */
  ready: boolean
}

/** A started pool; `close` terminates every worker (pending batches are rejected). */
export class StagingPool {
  private readonly slots: Array<Slot> = []
  private failure: Error | null = null
  private seq = 0

  constructor(context: RowContext, source: SourceModule, options: PoolOptions) {
    // The bundled worker's file or, from source, the bootstrap (a script, evaluated).
    const bundled = bundledWorker()
    const entry = bundled !== null ? { source: bundled, eval: false } : { source: bootstrap(new URL("./worker.ts", import.meta.url).href), eval: true }
    const setup: WorkerSetup = { context, source }
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(entry.source, {
        eval: entry.eval,
        workerData: setup,
        ...(options.youngGenerationMb === undefined ? {} : { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } }),
        stdout: false,
        stderr: false
      })
      const slot: Slot = { worker, pending: [], ready: false }
      worker.on("message", (message: BatchReply | typeof READY) => {
        if (message === READY) slot.ready = true
        else slot.pending.shift()?.resolve(message)
      })
      worker.on("error", (error) => this.fail(error instanceof Error ? error : new Error(String(error))))
      worker.on("exit", (code) => {
        if (slot.pending.length > 0 || this.failure === null) this.fail(new Error(`a staging worker stopped (exit code ${code})`))
      })
      this.slots.push(slot)
    }
  }

  /**
   * Stage a batch on the least busy started worker that has fewer than
   * `perWorker` batches in hand; null when there is none (stage it yourself).
   * A buffer that is a whole ArrayBuffer is transferred (do not use it
   * afterwards); any other (a view, maybe into Node's shared pool) is copied.
   */
  trySubmit(spans: RecordSpans, perWorker: number): Promise<BatchReply> | null {
    if (this.failure !== null) return Promise.reject(this.failure)
    let slot: Slot | undefined
    for (const s of this.slots) if (s.ready && s.pending.length < perWorker && (slot === undefined || s.pending.length < slot.pending.length)) slot = s
    if (slot === undefined) return null
    const target = slot
    const whole = spans.buffer.byteOffset === 0 && spans.buffer.byteLength === spans.buffer.buffer.byteLength
    const own = whole ? spans : { ...spans, buffer: copyOwned(spans.buffer) }
    const request = toRequest(this.seq++, own)
    return new Promise<BatchReply>((resolve, reject) => {
      target.pending.push({ resolve, reject })
      target.worker.postMessage(request, [request.bytes, request.starts.buffer as ArrayBuffer, request.ends.buffer as ArrayBuffer])
    })
  }

  /** Resolves once every worker has started (or the pool failed). */
  whenStarted(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.failure !== null || this.slots.every((s) => s.ready) ? resolve() : setTimeout(check, 10))
      check()
    })
  }

  /** Workers that have started. */
  get started(): number {
    return this.slots.filter((s) => s.ready).length
  }

  /** Terminate every worker. */
  async close(): Promise<void> {
    this.failure ??= new Error("the staging pool is closed")
    const slots = this.slots.splice(0)
    for (const slot of slots) for (const p of slot.pending.splice(0)) p.reject(this.failure)
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private fail(error: Error): void {
    if (this.failure !== null) return
    this.failure = error
    for (const slot of this.slots) for (const p of slot.pending.splice(0)) p.reject(error)
  }
}
