/**
 * The rules of `contracts diff`: every kind of change it reports, and whether
 * it is breaking. A change is breaking when data valid under the old contract
 * may fail the new one, or when a consumer loses something it could rely on
 * (a table, a column, its name, its key). docs/contracts-diff.md is this
 * table; a test keeps the two in step.
 *
 * @example
 * import { DIFF_RULES } from "lakegate"
 * DIFF_RULES["column-removed"].breaking // true
 */

/** Every change `contracts diff` reports. */
export const DIFF_RULES = {
  "table-removed": { breaking: true, what: "a table of the old contract is gone" },
  "table-added": { breaking: false, what: "a new table" },
  "column-removed": { breaking: true, what: "a column (or nested field) is gone" },
  "column-renamed": { breaking: true, what: "a column removed and one of the same type added at its position" },
  "column-added-nullable": { breaking: false, what: "a new nullable column" },
  "column-added-required": { breaking: true, what: "a new required column: existing data has no value for it" },
  "type-narrowed": { breaking: true, what: "a smaller type: fewer integer bits, DECIMAL precision or scale reduced, a text length bound added or tightened, enum to text with a bound" },
  "type-widened": { breaking: false, what: "a larger type: more integer bits, DECIMAL digits added on both sides, a text length bound relaxed or dropped, enum to text" },
  "type-changed": { breaking: true, what: "a different type that neither holds the other (text to date, DOUBLE to DECIMAL...)" },
  "made-required": { breaking: true, what: "a nullable column made required (NOT NULL)" },
  "made-nullable": { breaking: false, what: "a required column made nullable" },
  "key-changed": { breaking: true, what: "the primary key added, removed or made of other columns" },
  "reference-added": { breaking: true, what: "a new foreign key: rows without a match now fail" },
  "reference-removed": { breaking: false, what: "a foreign key dropped" },
  "reference-changed": { breaking: true, what: "a foreign key pointing elsewhere" },
  "accepted-value-removed": { breaking: true, what: "a value removed from an enum column or an accepted-values check" },
  "accepted-value-added": { breaking: false, what: "a value added to an enum column or an accepted-values check" },
  "range-tightened": { breaking: true, what: "a bound added, a minimum raised, a maximum lowered or made exclusive (a column's bounds or a range check)" },
  "range-loosened": { breaking: false, what: "a bound dropped, a minimum lowered, a maximum raised or made inclusive" },
  "pattern-changed": { breaking: true, what: "a pattern or text format added or changed (regular expressions are not compared)" },
  "pattern-removed": { breaking: false, what: "a pattern or text format dropped" },
  "check-added": { breaking: true, what: "a new check that can block (it has a fail level): existing valid data may fail it" },
  "check-added-warn-only": { breaking: false, what: "a new check that only warns" },
  "check-removed": { breaking: false, what: "a check dropped" },
  "check-tightened": { breaking: true, what: "a check made stricter: more NOT NULL columns, uniqueness on fewer columns, more rows required, fresher data, a custom check from warn to error" },
  "check-loosened": { breaking: false, what: "a check made laxer: the reverse of the above" },
  "check-changed": { breaking: true, what: "a check whose rule changed in a way that cannot be compared (SQL, a predicate, another rule under the same id)" },
  "threshold-stricter": { breaking: true, what: "a fail level lowered or added (a check, or the table's quarantine tolerance)" },
  "threshold-looser": { breaking: false, what: "a fail level raised or dropped" },
  "warn-level-changed": { breaking: false, what: "only the warn level changed: it never blocks (unless a run uses --fail-on warn)" },
  "description-changed": { breaking: false, what: "a table's, column's or check's description" },
  "version-changed": { breaking: false, what: "the contract's version" }
} as const satisfies Readonly<Record<string, { readonly breaking: boolean; readonly what: string }>>

/** The id of a rule: `column-removed`, `type-narrowed`, ... */
export type DiffRule = keyof typeof DIFF_RULES

/** One change between two versions of a table contract. */
export interface Change {
  readonly rule: DiffRule
  readonly table: string
  /** The column path (`address.city`, `lines[].qty`), the check id, `key`, `quarantine`, or "" for the table. */
  readonly subject: string
  readonly before: string
  readonly after: string
  readonly breaking: boolean
}

/** A change, its breaking flag from {@link DIFF_RULES}. */
export const change = (rule: DiffRule, table: string, subject: string, before: string, after: string): Change => ({
  rule,
  table,
  subject,
  before,
  after,
  breaking: DIFF_RULES[rule].breaking
})

/** What is absent, in `before → after`. */
export const NONE = "(none)"
