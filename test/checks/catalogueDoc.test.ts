import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogueDocument } from "../../contracts/catalogueDocument.ts"
import { checkIds } from "../../contracts/catalogue.ts"

describe("docs/checks.md", () => {
  const doc = catalogueDocument()
  it("is in sync with the catalogue and the contracts (regenerate with `npm run docs`)", () => {
    expect(readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8")).toBe(doc)
  })
  it("every catalogued check is used by some contract", () => {
    const unused = checkIds.filter((id) => new RegExp(`\\| \`${id.replaceAll(".", "\\.")}\` \\|[^\\n]*\\| —`).test(doc))
    expect(unused).toEqual([])
  })
})
