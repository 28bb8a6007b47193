/**
 * Render the check catalogue as Markdown (`docs/checks.md`), with the
 * contracts that use each check, read from the contracts themselves.
 */
import { tableChecks, type TableSpec } from "lakegate"
import { CheckCatalogue, checkIds } from "./catalogue.ts"

/** What the catalogue reads of a source contract: its id and its checks' ids (any `SourceContract` is one). */
export interface SourceCheckIds {
  readonly id: string
  readonly rowChecks: ReadonlyArray<{ readonly id: string }>
  readonly batchChecks: ReadonlyArray<{ readonly id: string }>
}

/** Which contracts use which check id. */
export const checkUsage = (
  sources: ReadonlyArray<SourceCheckIds>,
  tables: ReadonlyArray<TableSpec>,
  stageChecks: Readonly<Record<string, ReadonlyArray<string>>>
): ReadonlyMap<string, ReadonlyArray<string>> => {
  const usage = new Map<string, Array<string>>()
  const use = (id: string, by: string) => {
    const list = usage.get(id) ?? []
    if (!list.includes(by)) list.push(by)
    usage.set(id, list)
  }
  for (const s of sources) {
    use("schema", s.id)
    for (const c of s.rowChecks) use(c.id, s.id)
    for (const c of s.batchChecks) use(c.id, s.id)
  }
  for (const t of tables) for (const c of tableChecks(t)) use(c.id, t.id)
  for (const [id, users] of Object.entries(stageChecks)) for (const by of users) use(id, by)
  return usage
}

/** The catalogue as a Markdown document. */
export const renderCatalogue = (usage: ReadonlyMap<string, ReadonlyArray<string>>): string => {
  const rows = checkIds.map((id) => `| \`${id}\` | ${CheckCatalogue[id]} | ${(usage.get(id) ?? []).map((c) => `\`${c}\``).join(", ") || "—"} |`)
  return [
    "# Check catalogue",
    "",
    "Generated from `contracts/catalogue.ts` and the contracts in `contracts/` (a test keeps this file in sync).",
    "Ids are stable: reports, quarantine rows, JUnit test names and CI history refer to them.",
    "",
    "| id | what fails it | used by |",
    "|---|---|---|",
    ...rows,
    ""
  ].join("\n")
}
