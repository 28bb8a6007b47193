/**
 * Incremental versions: which files of a table's previous version a run may
 * leave as they are. A version lists its tables' files (see
 * `goldVersions.ts`), each with per-column statistics; a run that can only
 * change rows whose column values reach some bound (say, facts dated on or
 * after the ingestion date) rewrites just the files whose statistics say they
 * may hold such a row, and lists the others again unchanged. The day's cost
 * then follows what the day changes, not the size of the history.
 *
 * @example
 * ```ts
 * const { kept, touched } = splitByStats(factFiles, [
 *   { column: "date_key", atLeast: 20261120 },
 *   { column: "ingestion_date", atLeast: "2026-11-20" }
 * ])
 * // kept: files whose date_key max < 20261120 and ingestion_date max < 2026-11-20;
 * // touched: the others, and every file without statistics for a bound's column
 * ```
 */
import type { GoldFile } from "./goldVersions.ts"

/**
 * A lower bound on one column: a file MAY hold a row at or above it unless its
 * statistics' max is below it. Numbers compare as numbers (the statistic's
 * text parsed), strings as text (ISO dates and timestamps order as text).
 */
export interface AtLeast {
  readonly column: string
  readonly atLeast: number | string
}

/** A table's files split into those a run leaves as they are and those it must read and rewrite. */
export interface FileSplit {
  readonly kept: ReadonlyArray<GoldFile>
  readonly touched: ReadonlyArray<GoldFile>
}

const below = (max: string, bound: number | string): boolean => {
  if (typeof bound === "string") return max < bound
  const value = Number(max)
  return Number.isFinite(value) && value < bound
}

/** Whether a file's statistics prove that it holds no row reaching any of the bounds (no statistics: it may). */
export const provablyBelow = (file: GoldFile, bounds: ReadonlyArray<AtLeast>): boolean =>
  bounds.every(({ column, atLeast }) => {
    const stats = file.stats?.[column]
    if (stats === undefined) return false
    // Every value NULL: no row reaches the bound.
    return stats.max === null ? file.rows === stats.nulls : below(stats.max, atLeast)
  })

/** Split files by bounds: kept files provably hold no row reaching any bound; touched files may. */
export const splitByStats = (files: ReadonlyArray<GoldFile>, bounds: ReadonlyArray<AtLeast>): FileSplit => ({
  kept: files.filter((f) => provablyBelow(f, bounds)),
  touched: files.filter((f) => !provablyBelow(f, bounds))
})

/** The smallest min and largest max of a column over files' statistics; none when a file lacks them or all are NULL. */
export const statsRange = (files: ReadonlyArray<GoldFile>, column: string, compare: (a: string, b: string) => number): { readonly min: string; readonly max: string } | null => {
  let min: string | null = null
  let max: string | null = null
  for (const file of files) {
    const stats = file.stats?.[column]
    if (stats === undefined) return null
    if (stats.min !== null && (min === null || compare(stats.min, min) < 0)) min = stats.min
    if (stats.max !== null && (max === null || compare(stats.max, max) > 0)) max = stats.max
  }
  return min === null || max === null ? null : { min, max }
}

/** Compare two statistics as numbers. */
export const numericOrder = (a: string, b: string): number => Number(a) - Number(b)

/** Compare two statistics as text (ISO dates). */
export const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
