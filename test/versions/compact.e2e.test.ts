/**
 * `lakegate gold compact`: after three daily runs of the increment feed the
 * fact table lists one file a day; compaction merges them into one file in a
 * new version with the same rows (counted, summed and listed), which `gold
 * verify` passes, the next day's run builds on (keeping the merged file
 * unread), and a rollback undoes with one switch. A table with few files is
 * left alone; bad usage and a busy lakehouse get one line and their exit codes.
 */
import { Effect } from "effect"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDailySnapshots } from "../../contracts/generate/files.ts"
import { planCompaction } from "../../src/lakehouse/compactVersion.ts"
import { currentOf, lakegate, query, tempDir } from "../gold/support.ts"

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"] as const

const file = (path: string, bytes: number) => ({ path, rows: 1, bytes, sha256: "x" })

describe("planCompaction", () => {
  it("merges the small files of a table that lists more than maxFiles, and keeps the large ones", () => {
    const files = [file("a", 10), file("b", 500), file("c", 20), file("d", 30)]
    expect(planCompaction(files, { maxFiles: 4, smallBytes: 100 })).toBeNull()
    expect(planCompaction(files, { maxFiles: 3, smallBytes: 100 })).toEqual({ merge: [files[0], files[2], files[3]], keep: [files[1]] })
    // Fewer than two small files: nothing to merge.
    expect(planCompaction([file("a", 10), file("b", 500), file("c", 600)], { maxFiles: 1, smallBytes: 100 })).toBeNull()
  })
})

describe("lakegate gold compact", () => {
  const dir = tempDir("lakegate-compact-")
  const data = join(dir, "data")
  const lakehouse = join(dir, "lakehouse")
  const run = (date: string) => lakegate(["run", "--input", join(data, `customers-${date}.json`), "--date", date, "--lakehouse", lakehouse, "--reports", join(dir, "reports"), "--quiet"])
  const facts = () => {
    const ref = currentOf(lakehouse)!.current.tables["fact_transactions"]!
    return { ref, files: ref.files!.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ") }
  }
  const fingerprint = async (files: string) =>
    (await query(`select count(*)::VARCHAR as n, sum(amount)::VARCHAR as total, string_agg(transaction_id::VARCHAR, ',' order by transaction_id) as ids from read_parquet([${files}])`))[0]

  beforeAll(async () => {
    await Effect.runPromise(writeDailySnapshots({ seed: 11, customers: 120, defectRate: 0, days: DAYS.length, start: DAYS[0], outDir: data, feed: "increment" }))
    for (const date of DAYS.slice(0, 3)) expect(run(date).status).toBe(0)
  })

  it("merges the fact files into one version with the same rows, which gold verify passes, the next day builds on, and a rollback undoes", async () => {
    const before = currentOf(lakehouse)!
    const { ref: factsBefore, files: filesBefore } = facts()
    expect(factsBefore.files!.length).toBe(3)
    const expected = await fingerprint(filesBefore)

    // Two tables named (the option repeats); customer_presence and dim_customer, now in several files too, are left as they are.
    const compacted = lakegate(["gold", "compact", "--lakehouse", lakehouse, "--table", "fact_transactions", "--table", "dim_date", "--max-files", "2", "--small-mb", "1"])
    expect(compacted.status, compacted.stdout + compacted.stderr).toBe(0)
    expect(compacted.stdout).toMatch(/compacted fact_transactions: 3 files merged into 1/)
    expect(compacted.stdout).toMatch(/dim_date: nothing to compact/)
    const after = currentOf(lakehouse)!
    expect(after.current.basedOn).toBe(before.current.version)
    expect(after.current.ingestedDates).toEqual(before.current.ingestedDates)
    const { ref: factsAfter, files: filesAfter } = facts()
    expect(factsAfter.files!.length).toBe(1)
    expect(factsAfter.rows).toBe(factsBefore.rows)
    expect(await fingerprint(filesAfter)).toEqual(expected)
    // Every other table is the same list of files.
    for (const [table, ref] of Object.entries(before.current.tables)) if (table !== "fact_transactions") expect(after.current.tables[table]!.files).toEqual(ref.files)

    const verified = lakegate(["gold", "verify", "--lakehouse", lakehouse])
    expect(verified.status, verified.stdout + verified.stderr).toBe(0)

    // Nothing more to compact with the same settings: one file now.
    const again = lakegate(["gold", "compact", "--lakehouse", lakehouse, "--table", "fact_transactions", "--max-files", "2", "--small-mb", "1"])
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/fact_transactions: nothing to compact/)
    expect(currentOf(lakehouse)!.current.version).toBe(after.current.version)

    // The next day keeps the merged file unread and adds its own.
    expect(run(DAYS[3]).status).toBe(0)
    const next = facts()
    expect(next.ref.files![0]).toEqual(factsAfter.files![0])
    expect(next.ref.files!.length).toBe(2)
    expect(lakegate(["gold", "verify", "--lakehouse", lakehouse]).status).toBe(0)

    // Back to the version before the compaction: its own three files, still there.
    const back = lakegate(["gold", "rollback", "--to", before.current.version, "--lakehouse", lakehouse])
    expect(back.status, back.stderr).toBe(0)
    expect(await fingerprint(facts().files)).toEqual(expected)
  })

  it("refuses an unknown table and a missing lakehouse with one line and exit 2", () => {
    const unknown = lakegate(["gold", "compact", "--lakehouse", lakehouse, "--table", "nope"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1)
    expect(unknown.stderr).toMatch(/unknown gold table nope/)
    const missing = lakegate(["gold", "compact", "--lakehouse", join(dir, "absent")])
    expect(missing.status).toBe(2)
    expect(missing.stderr.trim().split("\n")).toHaveLength(1)
  })
})
