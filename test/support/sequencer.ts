/**
 * The order the test files start in: the slowest first, so that on two
 * workers a long file never starts near the end and runs alone while the
 * other worker idles (longest first is the classic schedule for this).
 *
 * Vitest's own order sorts by the durations of the last run in its cache
 * (node_modules/.vite/vitest), but that cache holds only the files of the last
 * run, which is usually a single file, and CI starts from a fresh clone
 * without it: then the largest files come first, which is not the same as
 * the slowest. So the files measured slowest on the 2-core machine are named
 * here, in that order; every other file follows in Vitest's order.
 *
 * @example
 * // vitest.config.ts
 * test: { sequence: { sequencer: SlowestFirst } }
 */
import { BaseSequencer, type TestSpecification } from "vitest/node"

/** Slowest first, as measured alone (seconds, `npx vitest run FILE`, December 2026). */
export const SLOWEST: ReadonlyArray<string> = [
  "test/properties/multiDay.test.ts", // 59
  "test/check/cli.e2e.test.ts", // 49
  "test/export/cli.e2e.test.ts", // 46
  "test/properties/gateMutations.test.ts", // 41
  "test/properties/validBatches.test.ts", // 36
  "test/gold/presence.test.ts", // 35
  "test/report/html.browser.test.ts", // 34
  "test/diff/cli.e2e.test.ts", // 33
  "test/e2e/environmentFaults.test.ts", // 32
  "test/properties/orderIndependence.test.ts", // 26
  "test/storage/remoteCli.test.ts", // 25
  "test/bench/landing.test.ts", // 20
  "test/watch/watch.e2e.test.ts", // 19
  "test/gold/gold.e2e.test.ts", // 15
  "test/storage/remoteRun.test.ts" // 15
]

export class SlowestFirst extends BaseSequencer {
  override async sort(files: Array<TestSpecification>): Promise<Array<TestSpecification>> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification): number => {
      const path = spec.moduleId.replaceAll("\\", "/")
      const at = SLOWEST.findIndex((slow) => path.endsWith(`/${slow}`))
      return at === -1 ? SLOWEST.length : at
    }
    // Array.prototype.sort is stable: the files not named keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b))
  }
}
