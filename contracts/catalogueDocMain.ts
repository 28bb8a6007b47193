/**
 * Write `docs/checks.md` from the catalogue and the contracts: `npm run docs`.
 */
import { writeFileSync } from "node:fs"
import { catalogueDocument } from "./catalogueDocument.ts"

writeFileSync(new URL("../docs/checks.md", import.meta.url), catalogueDocument())
