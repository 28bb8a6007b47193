/**
 * Property 8: the mutation catalogue is complete. Every check id the source
 * contract and the bronze, silver (and gold) gates use has at least one
 * mutation; every catalogue id is covered or explicitly excluded with a
 * reason; docs/mutations.md lists every mutation.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { checkIds } from "../../contracts/catalogue.ts"
import { excludedChecks, mutationCatalogue } from "../../contracts/testing/mutations.ts"
import { checkIdsInUse, completeness } from "../../contracts/testing/properties.ts"
import { mutationTable } from "../../contracts/testing/mutationsDoc.ts"

describe("property 8: completeness of the mutation catalogue", () => {
  const report = completeness()

  it("every check id in use has a mutation", () => {
    expect(report.uncovered).toEqual([])
  })

  it("no excluded id is in use, and every catalogue id is covered or excluded with a reason", () => {
    expect(report.excludedButUsed).toEqual([])
    expect(report.unaccounted).toEqual([])
    for (const reason of Object.values(excludedChecks)) expect(reason.length).toBeGreaterThan(10)
  })

  it("mutations only name catalogue ids, and mutation ids are unique", () => {
    expect(report.unknown).toEqual([])
    const ids = mutationCatalogue.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it("the pipeline builds gold, and every gold check id is a catalogue id in use", () => {
    const gold = ["key.gold_unique", "fk.fact_customer", "fk.fact_product", "fk.fact_date", "amount.gold_reconciles_silver", "customer.gold_reconciles_silver", "amount.top_customers_recalculated", "product.name_stable"]
    // Every one is a catalogue id (a renamed check fails here, not silently).
    expect(checkIds).toEqual(expect.arrayContaining(gold))
    expect(goldDownstream.length).toBeGreaterThan(0)
    expect(checkIdsInUse()).toEqual(expect.arrayContaining(gold))
  })

  it("docs/mutations.md holds the catalogue's table as `lakegate contracts mutations` prints it", () => {
    const doc = readFileSync(new URL("../../docs/mutations.md", import.meta.url), "utf8")
    for (const m of mutationCatalogue) expect(doc, `${m.id} is not in docs/mutations.md`).toContain(`\`${m.id}\``)
    expect(doc).toContain(mutationTable())
  })
})
