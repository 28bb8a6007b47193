/**
 * The settings a run derives from the machine (DuckDB threads and memory
 * limit, landing workers), each overridden by its environment variable, and
 * the line `lakegate run` prints them in.
 */
import { ConfigProvider, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { duckSettingSources, DuckSettingsConfig } from "../../src/engine/Duck.ts"
import { machineMemoryLimit, machineThreads, MAX_MEMORY_MB, settingOf, settingsLine, type Machine } from "../../src/engine/machineSettings.ts"
import { AUTO_WORKERS_MIN_BYTES, workersSetting } from "../../src/stages/ingest/landSource.ts"

const GiB = 2 ** 30
const machine = (cores: number, ramGiB: number): Machine => ({ cores, memoryBytes: ramGiB * GiB })
const withEnv = <A, E>(env: Record<string, string>, effect: Effect.Effect<A, E>) => Effect.runSync(Effect.withConfigProvider(effect, ConfigProvider.fromMap(new Map(Object.entries(env)))))

describe("settings derived from the machine", () => {
  it("DuckDB threads: one per core, at least one", () => {
    expect(machineThreads(machine(2, 24))).toBe(2)
    expect(machineThreads(machine(16, 64))).toBe(16)
    expect(machineThreads(machine(0, 1))).toBe(1)
  })

  it("memory limit: today's 160MB on 2 cores and 24 GiB, 80MB a thread above, capped by a quarter of the RAM and 4000MB", () => {
    expect(machineMemoryLimit(machine(1, 24))).toBe("160MB")
    expect(machineMemoryLimit(machine(2, 24))).toBe("160MB")
    expect(machineMemoryLimit(machine(4, 16))).toBe("320MB")
    expect(machineMemoryLimit(machine(16, 64))).toBe("1280MB")
    // A quarter of 2 GiB is 536MB: 16 cores would ask for 1280MB.
    expect(machineMemoryLimit(machine(16, 2))).toBe("536MB")
    expect(machineMemoryLimit(machine(128, 1024))).toBe(`${MAX_MEMORY_MB}MB`)
  })

  it("each environment variable overrides its setting, and says so", () => {
    const sources = duckSettingSources(machine(8, 32))
    expect(withEnv({}, sources)).toEqual({ threads: { value: 8, from: "machine" }, memoryLimit: { value: "640MB", from: "machine" } })
    expect(withEnv({ LAKEGATE_DUCKDB_THREADS: "1" }, sources)).toEqual({ threads: { value: 1, from: "environment" }, memoryLimit: { value: "640MB", from: "machine" } })
    expect(withEnv({ LAKEGATE_DUCKDB_MEMORY: "2GB" }, sources)).toEqual({ threads: { value: 8, from: "machine" }, memoryLimit: { value: "2GB", from: "environment" } })
    // The engine's settings are the same values.
    expect(withEnv({ LAKEGATE_DUCKDB_MEMORY: "300MB", LAKEGATE_DUCKDB_THREADS: "3" }, DuckSettingsConfig)).toEqual({ threads: 3, memoryLimit: "300MB", storage: "memory" })
    expect(Effect.runSync(Effect.either(Effect.withConfigProvider(sources, ConfigProvider.fromMap(new Map([["LAKEGATE_DUCKDB_THREADS", "two"]])))))._tag).toBe("Left")
  })

  it("landing workers: none on 2 cores or for a small file, cores − 1 (at most 3) above; LAKEGATE_WORKERS overrides", () => {
    const big = 100e6
    expect(withEnv({}, workersSetting(big, true, 2))).toEqual({ value: 0, from: "machine" })
    expect(withEnv({}, workersSetting(big, true, 3))).toEqual({ value: 2, from: "machine" })
    expect(withEnv({}, workersSetting(big, true, 16))).toEqual({ value: 3, from: "machine" })
    expect(withEnv({}, workersSetting(AUTO_WORKERS_MIN_BYTES - 1, true, 16))).toEqual({ value: 0, from: "machine" })
    expect(withEnv({ LAKEGATE_WORKERS: "1" }, workersSetting(big, true, 2))).toEqual({ value: 1, from: "environment" })
    // A pipeline whose source the workers cannot load lands on one thread whatever is configured.
    expect(withEnv({ LAKEGATE_WORKERS: "2" }, workersSetting(big, false, 16))).toEqual({ value: 0, from: "machine" })
  })

  it("settingOf: the configured value wins", () => {
    expect(settingOf(undefined, () => 5)).toEqual({ value: 5, from: "machine" })
    expect(settingOf(0, () => 5)).toEqual({ value: 0, from: "environment" })
  })

  it("the summary line names each value and where it came from", () => {
    const line = settingsLine({ threads: { value: 2, from: "machine" }, memoryLimit: { value: "1GB", from: "environment" }, workers: { value: 0, from: "machine" } }, machine(2, 24))
    expect(line).toBe("settings: DuckDB threads 2 (machine), memory limit 1GB (environment), workers 0 (machine); 2 cores, 24.0 GiB RAM")
  })
})
