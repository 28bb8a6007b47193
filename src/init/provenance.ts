/**
 * The comment at the top of an inferred contract: which files it was
 * inferred from, how many rows, on which date, that it should be reviewed,
 * and which columns were left out and why. The renderers put it in their
 * own comment syntax.
 *
 * @example
 * provenanceLines(inferred)
 * // ["Inferred by `lakegate init` from exports/orders.csv (1 csv file, 10 rows) on 2026-12-04.", "Review it before ..."]
 */
import type { InferredContract } from "./inferContract.ts"

/** At most this many files are named; the rest are counted. */
const MAX_FILES_NAMED = 5

/** The lines of the comment (without comment markers). */
export const provenanceLines = (inferred: InferredContract): ReadonlyArray<string> => {
  const { given, files, format, rows, date } = inferred.from
  const named = files.slice(0, MAX_FILES_NAMED).join(", ") + (files.length > MAX_FILES_NAMED ? `, and ${files.length - MAX_FILES_NAMED} more` : "")
  const globbed = given.length === files.length && given.every((g, i) => g === files[i]) ? "" : ` (${given.join(" ")})`
  return [
    `Inferred by \`lakegate init\` on ${date} from ${files.length} ${format} file${files.length === 1 ? "" : "s"}${globbed}, ${rows} row${rows === 1 ? "" : "s"}: ${named}.`,
    "A starting point, to be reviewed: types, nullability and the key are what this data shows; bounds, lengths,",
    "accepted values and the row count are what it holds today. Loosen or tighten them, then raise the version.",
    ...(inferred.skipped.length === 0 ? [] : ["", "Left out (no contract kind fits):", ...inferred.skipped.map((s) => `- ${s.name}: ${s.reason}`)])
  ]
}
