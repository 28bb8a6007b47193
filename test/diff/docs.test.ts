/** docs/contracts-diff.md's table of rules is DIFF_RULES: every rule once, with the same breaking flag. */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { DIFF_RULES } from "../../src/index.ts"
import { repoRoot } from "../support/cli.ts"

describe("docs/contracts-diff.md", () => {
  it("lists every rule of DIFF_RULES once, breaking as the code says", () => {
    const text = readFileSync(join(repoRoot, "docs", "contracts-diff.md"), "utf8")
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (yes|no) \|/gm)].map((m) => [m[1], m[2] === "yes"])
    expect(rows).toEqual(Object.entries(DIFF_RULES).map(([rule, r]) => [rule, r.breaking]))
  })
})
