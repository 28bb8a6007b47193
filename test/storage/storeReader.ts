/** Read a lakehouse in an object store as a reader does: through its pointers only (gold's `_current.json`, each partition's `_manifest.json`). */
import { Effect, Option } from "effect"
import { join } from "node:path"
import type { ObjectStoreShape } from "../../src/storage/ObjectStore.ts"
import { query } from "../support/lakehouseReader.ts"

interface Current {
  readonly current: { readonly tables: Record<string, { readonly files: ReadonlyArray<{ readonly path: string }> }> }
}
interface PartitionManifest {
  readonly ingestionDate: string
  readonly files: ReadonlyArray<{ readonly path: string }>
}

/** Row counts of gold's current tables, and per date the count and digest of silver customers, from files downloaded into `dir`. */
export const readStoreTable = (store: ObjectStoreShape, dir: string) =>
  Effect.gen(function* () {
    const gold: Record<string, number> = {}
    const pointer = yield* store.get("gold/_current.json")
    if (Option.isSome(pointer)) {
      const current = JSON.parse(new TextDecoder().decode(pointer.value.bytes)) as Current
      for (const [table, ref] of Object.entries(current.current.tables)) {
        const files: Array<string> = []
        for (const f of ref.files) {
          const local = join(dir, "gold", f.path)
          if (!(yield* store.download(`gold/${f.path}`, local))) throw new Error(`gold names a missing file ${f.path}`)
          files.push(`'${local}'`)
        }
        gold[table] = Number((yield* Effect.promise(() => query(`select count(*) as n from read_parquet([${files.join(", ")}])`)))[0]?.["n"])
      }
    }
    const silverCustomers: Record<string, Record<string, unknown> | undefined> = {}
    for (const entry of yield* store.list("silver/customers/")) {
      if (!entry.key.endsWith("/_manifest.json")) continue
      const got = yield* store.get(entry.key)
      if (Option.isNone(got)) continue
      const manifest = JSON.parse(new TextDecoder().decode(got.value.bytes)) as PartitionManifest
      const base = entry.key.slice(0, -"_manifest.json".length)
      const files: Array<string> = []
      for (const f of manifest.files) {
        const local = join(dir, base, f.path)
        if (!(yield* store.download(`${base}${f.path}`, local))) throw new Error(`a manifest names a missing file ${base}${f.path}`)
        files.push(`'${local}'`)
      }
      silverCustomers[manifest.ingestionDate] = (yield* Effect.promise(() =>
        query(`select count(*) as n, sum(hash(customer_id, email)) as h from read_parquet([${files.join(", ")}], hive_partitioning = false)`)
      ))[0]
    }
    return { gold, silverCustomers }
  })
