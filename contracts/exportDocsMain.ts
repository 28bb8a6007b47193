/**
 * Write `docs/contracts/` from the customers pipeline's contracts: `npm run contracts:export`.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { contractExports } from "./exportDocs.ts"

const dir = new URL("../docs/contracts/", import.meta.url)
mkdirSync(dir, { recursive: true })
for (const { file, text } of contractExports()) writeFileSync(new URL(file, dir), text)
