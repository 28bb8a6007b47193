/**
 * A reference model of gold's customers, written from the definitions in
 * docs/gold.md and independently of the SQL: from the days merged (each date
 * as its last run delivered it), the customer_presence runs and the
 * dim_customer versions gold must hold, whatever the order of the runs.
 */
import type { Day } from "./harness.ts"

/** A customer_presence row as the merge tests read it back (BIGINT as text). */
export interface PresenceRow {
  readonly customer_id: string
  readonly name: string
  readonly email: string
  readonly signup_date: string
  readonly first_seen: string
  readonly last_seen: string
}

/** A dim_customer version without its surrogate key. */
export interface VersionRow {
  readonly customer_id: string
  readonly name: string
  readonly email: string
  readonly signup_date: string
  readonly valid_from: string
  readonly valid_to: string | null
  readonly is_current: boolean
}

const byKey = <A extends { readonly customer_id: string }>(key: (a: A) => string) => (a: A, b: A) =>
  Number(a.customer_id) - Number(b.customer_id) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

/** The runs and versions of the customers of `runs` (in run order; a date run again counts as its last run). */
export const expectedCustomers = (runs: ReadonlyArray<Day>): { readonly presence: ReadonlyArray<PresenceRow>; readonly versions: ReadonlyArray<VersionRow> } => {
  const latest = new Map<string, Day>()
  for (const day of runs) latest.set(day.date, day)
  const dates = [...latest.keys()].sort()
  const ids = [...new Set(dates.flatMap((d) => latest.get(d)!.customers.map((c) => c[0])))].sort((a, b) => a - b)
  const presence: Array<PresenceRow> = []
  const versions: Array<VersionRow> = []
  for (const id of ids) {
    // Observations in date order; a merged date without the customer ends the run.
    const own: Array<{ -readonly [K in keyof PresenceRow]: PresenceRow[K] }> = []
    let open: (typeof own)[number] | null = null
    for (const date of dates) {
      const seen = latest.get(date)!.customers.find((c) => c[0] === id)
      if (seen === undefined) {
        open = null
        continue
      }
      const [, name, email, signup = "2020-01-01"] = seen
      if (open !== null && open.name === name && open.email === email && open.signup_date === signup) open.last_seen = date
      else own.push((open = { customer_id: String(id), name, email, signup_date: signup, first_seen: date, last_seen: date }))
    }
    presence.push(...own)
    // A version opens on a run whose name or email differs from the run before.
    const opening = own.filter((run, i) => i === 0 || run.name !== own[i - 1]!.name || run.email !== own[i - 1]!.email)
    opening.forEach((run, i) => {
      const next = opening[i + 1]
      versions.push({ customer_id: run.customer_id, name: run.name, email: run.email, signup_date: run.signup_date, valid_from: run.first_seen, valid_to: next?.first_seen ?? null, is_current: next === undefined })
    })
  }
  return { presence: presence.sort(byKey((r) => r.first_seen)), versions: versions.sort(byKey((v) => v.valid_from)) }
}
