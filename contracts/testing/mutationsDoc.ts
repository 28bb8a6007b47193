/**
 * The mutation catalogue as the Markdown table of `docs/mutations.md`
 * (`lakegate contracts mutations` prints it; a test keeps the doc in step).
 */
import { mutationCatalogue } from "./mutations.ts"

const kindOf = (m: (typeof mutationCatalogue)[number]): string =>
  m.kind === "table" ? `table (${m.gate} gate${m.outcome === "warn" ? ", warns" : ""})` : m.kind === "staging" ? `staging (${m.gate} gate)` : m.kind === "record" ? "record" : "batch"

/** One row per mutation: id, kind, what it does, the check ids that must reject it. */
export const mutationTable = (): string =>
  [
    "| mutation | kind | what it does | must be rejected by exactly |",
    "|---|---|---|---|",
    ...mutationCatalogue.map((m) => `| \`${m.id}\` | ${kindOf(m)} | ${m.title.replaceAll("|", "\\|")} | ${m.checks.map((c) => `\`${c}\``).join(", ")} |`)
  ].join("\n")
