/**
 * A layer after silver rebuilt from every published silver partition (its
 * append-only tables, on a next-day run, from the day's alone) and published
 * as a new version (gold, a mart): its tables are built by
 * their contracts' builds, audited together, and only if every gate passes
 * are they published and made current by one pointer switch
 * (`<layer>/_current.json`); otherwise the current version stays untouched.
 *
 * @example
 * import { versionedLayer } from "lakegate"
 * export const gold = versionedLayer({
 *   tables: [dailyRevenue, skuTotals],
 *   inputs: (published) => ({
 *     orders: `select * from ${published("orders")} qualify row_number() over (partition by order_id order by ingestion_date desc) = 1`
 *   })
 * })
 */
import { Clock, Data, Effect, Option } from "effect"
import { join } from "node:path"
import { buildSql, type DeclaredTable } from "../contract/tableContract.ts"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import { readCurrent, switchToNewVersion, versionDir, versionTablePath, type GoldVersion } from "../lakehouse/goldVersions.ts"
import { Lakehouse } from "../lakehouse/Lakehouse.ts"
import { MANIFEST_FILE } from "../lakehouse/Manifest.ts"
import { addedFiles } from "../lakehouse/versionFiles.ts"
import type { Run } from "../run/Run.ts"
import { layerOutcome, sealAudited, stageAndAudit } from "../stages/writeAuditPublish.ts"
import type { Downstream, DownstreamResult } from "./Pipeline.ts"

/**
 * The current version holds tables this layer does not build (another
 * pipeline's): publishing would drop them from the pointer, so the run stops.
 */
export class ForeignVersion extends Data.TaggedError("ForeignVersion")<{ readonly layer: string; readonly tables: ReadonlyArray<string> }> {
  override get message() {
    return `the lakehouse's ${this.layer} holds tables of another pipeline (${this.tables.join(", ")}): give this pipeline its own --lakehouse`
  }
}

/** No partition of a silver table an input reads has been published. */
export class NothingPublished extends Data.TaggedError("NothingPublished")<{ readonly layer: string; readonly table: string }> {
  override get message() {
    return `${this.layer} reads silver table ${this.table}, which has no published partition`
  }
}

/** A relation of every published partition of a silver table, with its `ingestion_date` column. */
export type Published = (silverTable: string) => string
/** The relation of an input declared before this one. */
export type Input = (name: string) => string

/** Declares a versioned layer. */
export interface VersionedLayerDeclaration {
  /** The layer's name (default `"gold"`); only `"gold"` has a version pointer today. */
  readonly layer?: "gold"
  /** The tables, each built by its contract's `build` over the inputs (in this order). */
  readonly tables: ReadonlyArray<DeclaredTable>
  /**
   * The inputs by the names builds use, as queries over `published(table)`
   * (all published silver dates, with `ingestion_date`); an input may read an
   * earlier one through `input(name)`.
   */
  readonly inputs: (published: Published, input: Input) => Readonly<Record<string, string>>
  /** The input whose row count the report shows as rows in (default: the first input). */
  readonly rowsIn?: string
  /**
   * Tables that grow by ingestion date: the rows a date adds come from that
   * date's silver alone and never change afterwards (a fact of deliveries,
   * say). On a next-day run (a date after every date of the current version)
   * such a table is built over that date's partitions only (`published`
   * gives just them), its checks read those inputs, and the new version lists
   * the previous version's files again, unread, before the one the run adds:
   * the day costs the day, not the history. The first run, a re-run and a
   * backfill rebuild it whole. Its gates judge the rows the date adds (a
   * check of another table that reads it sees those rows too); `lakegate gold
   * verify` audits the whole table.
   */
  readonly appendOnly?: ReadonlyArray<string>
}

const viewOf = (layer: string, name: string, scope: string): string => sqlIdent(`${layer}_${scope}in_${name}`)
const publishedView = (layer: string, table: string, scope: string): string => sqlIdent(`${layer}_${scope}published_${table}`)

/**
 * Views of the inputs over every published silver date, or over the dates
 * `only` keeps (named apart by `scope`); returns the view of each input name
 * and the silver dates they cover.
 */
const createInputs = (layer: string, declaration: VersionedLayerDeclaration, only?: { readonly scope: string; readonly dates: ReadonlyArray<string> }) =>
  Effect.gen(function* () {
    const scope = only?.scope ?? ""
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const used = new Set<string>()
    const inputs = Object.entries(
      declaration.inputs(
        (table) => {
          used.add(table)
          return publishedView(layer, table, scope)
        },
        (name) => viewOf(layer, name, scope)
      )
    )
    const dates = new Set<string>()
    for (const table of used) {
      const allDates = yield* lakehouse.dates("silver", table)
      if (allDates.length === 0) return yield* new NothingPublished({ layer, table })
      const tableDates = only === undefined ? allDates : allDates.filter((d) => only.dates.includes(d))
      const parts = yield* Effect.forEach(tableDates, (d) =>
        Effect.map(
          lakehouse.files("silver", table, d),
          (files) => `select *, DATE ${sqlString(d)} as ingestion_date from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`
        )
      )
      tableDates.forEach((d) => dates.add(d))
      // No partition of the date (a table the day did not deliver): no rows, with the table's columns.
      const none = `select *, CAST(NULL AS DATE) as ingestion_date from read_parquet([${(yield* lakehouse.files("silver", table, allDates[0]!)).map(sqlString).join(", ")}], hive_partitioning = false) where false`
      yield* duck.run(`create or replace view ${publishedView(layer, table, scope)} as ${parts.length === 0 ? none : parts.join(" union all ")}`)
    }
    for (const [name, sql] of inputs) yield* duck.run(`create or replace view ${viewOf(layer, name, scope)} as ${sql}`)
    return { relations: Object.fromEntries(inputs.map(([name]) => [name, viewOf(layer, name, scope)])), dates: [...dates].sort() }
  })

const runVersioned = (declaration: VersionedLayerDeclaration) => (run: Run) =>
  Effect.gen(function* () {
    const layer = declaration.layer ?? "gold"
    const lakehouse = yield* Lakehouse
    const duck = yield* Duck
    const tables = declaration.tables
    const current = Option.map(yield* readCurrent(lakehouse.root), (s) => s.current)
    const foreign = Option.match(current, { onNone: () => [], onSome: (v) => Object.keys(v.tables).filter((t) => !tables.some((g) => g.table === t)) })
    if (foreign.length > 0) return yield* new ForeignVersion({ layer, tables: foreign })
    const { relations, dates } = yield* createInputs(layer, declaration)
    const rowsInView = relations[declaration.rowsIn ?? Object.keys(relations)[0] ?? ""]
    const rowsIn = rowsInView === undefined ? 0 : Number((yield* duck.all(`select count(*) as n from ${rowsInView}`))[0]?.["n"] ?? 0)
    // A next-day run builds the append-only tables over the day alone and keeps their previous files.
    const previous = Option.getOrNull(current)
    const appending = (declaration.appendOnly ?? []).filter((t) => previous?.tables[t]?.files !== undefined)
    const nextDay = previous !== null && previous.ingestedDates.length > 0 && previous.ingestedDates.every((d) => d < run.ingestionDate) && appending.length > 0
    const day = nextDay ? (yield* createInputs(layer, declaration, { scope: "day_", dates: [run.ingestionDate] })).relations : null
    const appended = (t: DeclaredTable) => day !== null && appending.includes(t.table)
    const audited = yield* stageAndAudit(run, {
      layer,
      ingestionDate: null,
      tables: tables.map((t) => {
        const over = appended(t) && day !== null ? day : relations
        return { contract: t, sql: buildSql(t, (name) => over[name] ?? name) ?? "", rowsIn, quarantined: 0, ...(over === relations ? {} : { relations: over }) }
      }),
      relations
    })
    const publish = audited.decision._tag === "Publish"
    if (publish) {
      const now = new Date(yield* Clock.currentTimeMillis).toISOString()
      yield* sealAudited(run, audited)
      yield* lakehouse.publish(
        run.runId,
        audited.staged.map((s) => ({ ...s, target: versionDir(lakehouse.root, s.table, run.runId) }))
      )
      const refs = yield* Effect.forEach(tables, (t) =>
        Effect.map(addedFiles(lakehouse.root, t.table, run.runId), (added) => {
          // An appended table lists the previous version's files again, unread, before the run's.
          const files = [...(appended(t) ? (previous?.tables[t.table]?.files ?? []) : []), ...added]
          return [t.table, { path: versionTablePath(t.table, run.runId), rows: files.reduce((n, f) => n + f.rows, 0), contract: { id: t.id, version: t.version }, files }] as const
        })
      )
      yield* switchToNewVersion(
        lakehouse.root,
        {
          version: run.runId,
          runId: run.runId,
          ingestionDate: run.ingestionDate,
          createdAt: now,
          basedOn: Option.getOrNull(Option.map(current, (v) => v.version)),
          ingestedDates: dates,
          tables: Object.fromEntries(refs)
        },
        now
      )
    }
    const manifest = (s: { readonly table: string }) => join(versionDir(lakehouse.root, s.table, run.runId), MANIFEST_FILE)
    return { outcome: layerOutcome(audited, publish ? "published" : "blocked", manifest), checks: audited.checks, contracts: tables } satisfies DownstreamResult
  })

/**
 * The inputs as the checks of a version's audit read them: over the silver
 * partitions of the version's dates, each under its input's name.
 */
const auditInputs = (declaration: VersionedLayerDeclaration) => (version: GoldVersion) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const { relations } = yield* createInputs(declaration.layer ?? "gold", declaration, { scope: "audit_", dates: version.ingestedDates })
    for (const [name, view] of Object.entries(relations)) yield* duck.run(`create or replace view ${sqlIdent(name)} as select * from ${view}`)
  })

/** A layer after silver, rebuilt from all published silver and published as a new version when its gates pass. */
export const versionedLayer = (declaration: VersionedLayerDeclaration): Downstream => ({
  layer: declaration.layer ?? "gold",
  run: runVersioned(declaration),
  audit: { tables: declaration.tables, prepare: auditInputs(declaration) }
})
