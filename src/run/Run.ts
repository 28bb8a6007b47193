/**
 * A run is the unit of work: fixed once at the start and handed to every stage.
 */
import { Context } from "effect"

/** One pipeline run. */
export interface Run {
  /** Unique and sortable: `<ingestionDate>T<startedAt time>-<random>`. */
  readonly runId: string
  /** `YYYY-MM-DD`, fixed once per run (defaults to today in UTC). */
  readonly ingestionDate: string
  /** The source file as given. */
  readonly input: string
  /** ISO timestamp of the run's start. */
  readonly startedAt: string
}

/** The current run, for stages that need it. */
export class CurrentRun extends Context.Tag("lakegate/CurrentRun")<CurrentRun, Run>() {}

/** Make a run for an input and ingestion date at a given instant. */
export const makeRun = (input: string, ingestionDate: string, now: Date, random: string): Run => ({
  runId: `${ingestionDate}_${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}_${random}`,
  ingestionDate,
  input,
  startedAt: now.toISOString()
})
