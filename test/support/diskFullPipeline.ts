/**
 * TEST-ONLY: the customers pipeline with the lakehouse's disk filled at an
 * exact step of a publish, for `test/e2e/environmentFaults.test.ts`
 * (`lakegate run --pipeline test/support/diskFullPipeline.ts`). The fault lives
 * here, in a pipeline value the test composes, through what a pipeline may
 * already declare; nothing in src/ knows of it.
 *
 * `LAKEGATE_TEST_FULL_AT` says where (unset: an ordinary run of the same
 * pipeline, the uninterrupted run to compare with):
 * - `silver-seal`: the disk is filled (no byte left) by a check that runs last
 *   in silver's audit, so silver's first manifest write fails;
 * - `silver-rename:N`: the disk's inodes are used up but N by that check, so
 *   silver's manifests and journal are written and a rename's directory is not
 *   (the publish stops between renames, journaled);
 * - `gold-journal`: filled as gold's publish starts (its manifests sealed), so
 *   gold's journal cannot be written;
 * - `gold-switch`: filled after gold's version directories were published,
 *   so `_current.json` cannot be switched.
 * `LAKEGATE_TEST_FULL_DIR` is the filesystem to fill (the lakehouse's mount).
 */
import { Effect } from "effect"
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs"
import { join } from "node:path"
import { customDatasetCheck, datasetResult, Lakehouse, pipeline, type Downstream, type SilverTable } from "lakegate"
import { customersPipeline } from "../../contracts/pipeline.ts"

const at = process.env["LAKEGATE_TEST_FULL_AT"] ?? ""
const dir = process.env["LAKEGATE_TEST_FULL_DIR"] ?? ""

/** Write zeros into `<dir>/filler` until the filesystem has no byte left. */
const fillBytes = (): void => {
  const fd = openSync(join(dir, "filler"), "a")
  const chunk = Buffer.alloc(64 * 1024)
  try {
    for (let size = chunk.length; size >= 1; ) {
      try {
        writeSync(fd, chunk, 0, size)
      } catch {
        size = Math.floor(size / 2)
      }
    }
  } finally {
    closeSync(fd)
  }
}

/** Use up the filesystem's inodes with empty files under `<dir>/inodes`, then free `leave` of them. */
const fillInodes = (leave: number): void => {
  const inodes = join(dir, "inodes")
  mkdirSync(inodes, { recursive: true })
  let made = 0
  for (;;) {
    try {
      closeSync(openSync(join(inodes, String(made)), "wx"))
      made += 1
    } catch {
      break
    }
  }
  for (let i = 0; i < leave && i < made; i++) rmSync(join(inodes, String(made - 1 - i)))
}

const fillCheck = customDatasetCheck(
  { id: "test.fill_disk", layer: "silver", table: "quarantine", severity: "warn", description: "test only: fills the lakehouse's disk after silver is staged" },
  () =>
    Effect.sync(() => {
      if (at === "silver-seal") fillBytes()
      if (at.startsWith("silver-rename:")) fillInodes(Number(at.slice("silver-rename:".length)))
      return datasetResult({ id: "test.fill_disk", layer: "silver", table: "quarantine", severity: "warn", description: "test only" }, { failed: 0, total: 0 })
    })
)

/** Silver with the filling check last in the last table's audit. */
const silver: ReadonlyArray<SilverTable> = customersPipeline.silver.map((t, i, all) =>
  i === all.length - 1 ? { ...t, contract: { ...t.contract, datasetChecks: [...t.contract.datasetChecks, fillCheck] } } : t
)

/** Gold whose lakehouse fills the disk around its publish. */
const gold = (layer: Downstream): Downstream => ({
  ...layer,
  run: (run) =>
    Effect.flatMap(Lakehouse, (lakehouse) =>
      Effect.provideService(layer.run(run), Lakehouse, {
        ...lakehouse,
        publish: (runId, staged) =>
          Effect.gen(function* () {
            if (at === "gold-journal") yield* Effect.sync(fillBytes)
            yield* lakehouse.publish(runId, staged)
            if (at === "gold-switch") yield* Effect.sync(fillBytes)
          })
      })
    )
})

export default pipeline({ ...customersPipeline, name: "customers (test: a full disk during publish)", silver, downstream: customersPipeline.downstream.map(gold) })
