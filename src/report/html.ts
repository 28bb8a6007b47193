/**
 * The HTML renderings of the reports: `quality.html` of one ingestion date and
 * the `index.html` of all dates. See `html/` for the pieces; every data value
 * is escaped by the `html` template tag of `html/escape.ts`.
 */
import { indexPage, qualityPage, type QualityPageInput } from "./html/page.ts"
import type { Unreadable } from "./html/trends.ts"
import type { DateReport } from "./RunReport.ts"

export { escapeHtml } from "./html/escape.ts"
export type { QualityPageInput } from "./html/page.ts"
export type { Unreadable } from "./html/trends.ts"

/** The quality page of one ingestion date, as a string. */
export const renderQualityHtml = (input: QualityPageInput): string => qualityPage(input).value

/** The index of every date and run, as a string. */
export const renderIndexHtml = (reports: ReadonlyArray<DateReport>, unreadable: ReadonlyArray<Unreadable> = []): string => indexPage(reports, unreadable).value
