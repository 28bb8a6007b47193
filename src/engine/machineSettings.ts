/**
 * The settings a run takes from the machine when the environment sets none:
 * DuckDB's threads from the cores, DuckDB's memory limit from the cores and
 * the RAM. (Landing's worker threads come from the cores and the input's
 * size: `autoWorkers` in `stages/ingest/landSource.ts`.) Each is overridden
 * by its environment variable; `settingsLine` says which won.
 */
import { availableParallelism, totalmem } from "node:os"

/** What the defaults are derived from. */
export interface Machine {
  /** Cores the process may use (`os.availableParallelism()`). */
  readonly cores: number
  /** The machine's RAM, bytes. */
  readonly memoryBytes: number
}

/** This machine. */
export const thisMachine = (): Machine => ({ cores: availableParallelism(), memoryBytes: totalmem() })

/** Where a setting's value came from. */
export type Origin = "machine" | "environment"

/** A setting's value and where it came from. */
export interface Setting<A> {
  readonly value: A
  readonly from: Origin
}

/** DuckDB's buffer pool per thread when derived (MB = 10^6 bytes, as DuckDB reads `MB`). */
export const MEMORY_PER_THREAD_MB = 80
/** The least derived limit: 160MB passes every gate at 5 GB on 2 cores (128MB ran out of memory there). */
export const MIN_MEMORY_MB = 160
/** The most derived limit: past it a daily run gains little, and the rest of the RAM is the machine's. */
export const MAX_MEMORY_MB = 4000

/**
 * DuckDB threads: one per core.
 *
 * @example
 * machineThreads({ cores: 8, memoryBytes: 32 * 2 ** 30 }) // 8
 */
export const machineThreads = (machine: Machine): number => Math.max(1, Math.floor(machine.cores))

/**
 * DuckDB's memory limit: {@link MEMORY_PER_THREAD_MB} per thread, at least
 * {@link MIN_MEMORY_MB} (today's 160MB on 2 cores), at most
 * {@link MAX_MEMORY_MB} and a quarter of the RAM (the process also holds
 * Node and DuckDB's buffers outside the pool).
 *
 * @example
 * machineMemoryLimit({ cores: 2, memoryBytes: 24 * 2 ** 30 })  // "160MB"
 * machineMemoryLimit({ cores: 16, memoryBytes: 64 * 2 ** 30 }) // "1280MB"
 */
export const machineMemoryLimit = (machine: Machine): string => {
  const perThreads = Math.max(MIN_MEMORY_MB, MEMORY_PER_THREAD_MB * machineThreads(machine))
  const quarterOfRam = Math.floor(machine.memoryBytes / 4 / 1e6)
  return `${Math.max(1, Math.min(MAX_MEMORY_MB, perThreads, quarterOfRam))}MB`
}

/** A configured value if there is one (from the environment), else the machine's. */
export const settingOf = <A>(configured: A | undefined, derived: () => A): Setting<A> =>
  configured === undefined ? { value: derived(), from: "machine" } : { value: configured, from: "environment" }

/** The settings a run used, as `lakegate run` prints them. */
export interface EffectiveSettings {
  readonly threads: Setting<number>
  readonly memoryLimit: Setting<string>
  readonly workers: Setting<number>
}

/**
 * One line: DuckDB threads, its memory limit and the landing workers, each
 * with where it came from.
 *
 * @example
 * settingsLine({ threads: { value: 2, from: "machine" }, memoryLimit: { value: "1GB", from: "environment" }, workers: { value: 0, from: "machine" } }, { cores: 2, memoryBytes: 24 * 2 ** 30 })
 * // "settings: DuckDB threads 2 (machine), memory limit 1GB (environment), workers 0 (machine); 2 cores, 24.0 GiB RAM"
 */
export const settingsLine = (settings: EffectiveSettings, machine: Machine): string =>
  `settings: DuckDB threads ${settings.threads.value} (${settings.threads.from}), memory limit ${settings.memoryLimit.value} (${settings.memoryLimit.from}), ` +
  `workers ${settings.workers.value} (${settings.workers.from}); ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM`
