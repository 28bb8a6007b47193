/**
 * Model: merge one ingestion date's accepted silver into the current gold
 * version and publish the result as a new gold version.
 *
 * 1. read this date's silver partitions and the current gold version, both
 *    through their manifests;
 * 2. build every gold table in DuckDB ({@link mergeStatements});
 * 3. stage and audit them with the gold contracts (write-audit-publish);
 * 4. if every gate passes: seal, publish the tables under
 *    `gold/_files/<table>/version=<runId>/` (journaled), switch `gold/_current.json`
 *    (which lists every table's files),
 *    prune old versions. Otherwise nothing changes and the layer is blocked.
 */
import { Effect, Option } from "effect"
import { join } from "node:path"
import {
  addedFiles, Duck, goldDir, Lakehouse, layerOutcome, MANIFEST_FILE, numericOrder, readCurrent, sealAudited, splitByStats, sqlIdent, sqlString, stageAndAudit, statsRange,
  switchToNewVersion, tableFileList, tableFiles, textOrder, versionDir, versionTablePath, type AtLeast, type Downstream, type DownstreamResult, type FileSplit, type GoldFile,
  type GoldVersion, type Run, type StagedTable
} from "lakegate"
import { silverCustomers } from "../silver/customers.ts"
import { silverProducts } from "../silver/products.ts"
import { silverTransactions } from "../silver/transactions.ts"
import { totalsFromFactsSql } from "./topTotals.ts"
import { goldAudit } from "./audit.ts"
import { goldContracts, goldCustomerPresence, goldCustomerTotals, goldDimCustomer, goldDimProduct, goldFactTransactions, GoldRelation } from "./index.ts"
import { GoldSettingsConfig, type GoldSettings } from "./settings.ts"
import { Build, goldBuilds, legacyPresenceSql, mergeStatements, stageSql } from "./sql.ts"

/** Where a previous version without customer_presence has its runs derived (see {@link legacyPresenceSql}). */
const LEGACY_PRESENCE = "gold_legacy_customer_presence"

/** Where a previous version without customer_totals has them counted from its facts. */
const LEGACY_TOTALS = "gold_legacy_customer_totals"

/** A relation with a table's columns and no row, for a table that has no data yet. */
const emptyRelation = (columns: ReadonlyArray<readonly [string, string]>) =>
  `select ${columns.map(([name, type]) => `cast(null as ${type}) as ${sqlIdent(name)}`).join(", ")} where false`

/** A view over Parquet files, or an empty relation of the table's columns when there are none. */
const viewOver = (name: string, files: ReadonlyArray<string>, columns: ReadonlyArray<readonly [string, string]>) =>
  Effect.flatMap(Duck, (duck) =>
    duck.run(
      `create or replace view ${sqlIdent(name)} as ${
        files.length === 0 ? emptyRelation(columns) : `select * from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`
      }`
    )
  )

/** Read the inputs of the merge into DuckDB: this date's silver, the current gold version, the settings. */
const loadInputs = (run: Run, settings: GoldSettings) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    for (const [name, contract] of [
      [GoldRelation.silverCustomers, silverCustomers],
      [GoldRelation.silverProducts, silverProducts],
      [GoldRelation.silverTransactions, silverTransactions]
    ] as const) {
      yield* viewOver(name, yield* lakehouse.files("silver", contract.table, run.ingestionDate), contract.definition.sqlColumns)
    }
    const state = yield* readCurrent(lakehouse.root)
    const base = Option.map(state, (s) => s.current)
    const priorDates = Option.match(base, { onNone: () => [], onSome: (v) => v.ingestedDates })
    yield* duck.run(
      `create or replace table ${GoldRelation.priorDates} as ${
        priorDates.length === 0 ? "select cast(null as DATE) as d where false" : `select unnest([${priorDates.map((d) => `DATE ${sqlString(d)}`).join(", ")}]) as d`
      }`
    )
    for (const [name, contract] of [
      [GoldRelation.previousDimCustomer, goldDimCustomer],
      [GoldRelation.previousDimProduct, goldDimProduct],
      [GoldRelation.previousCustomerPresence, goldCustomerPresence],
      [GoldRelation.previousCustomerTotals, goldCustomerTotals]
    ] as const) {
      const ref = Option.flatMapNullable(base, (v) => v.tables[contract.table])
      if (contract === goldCustomerPresence && Option.isSome(base) && Option.isNone(ref)) {
        // A version of an earlier release, without customer_presence: its runs as that release read them, once.
        yield* duck.run(`create or replace table ${LEGACY_PRESENCE} as ${legacyPresenceSql}`)
        yield* duck.run(`create or replace view ${sqlIdent(name)} as select * from ${LEGACY_PRESENCE}`)
        continue
      }
      if (contract === goldCustomerTotals && Option.isSome(base) && Option.isNone(ref)) continue
      const files = Option.isSome(ref) ? yield* tableFiles(lakehouse.root, ref.value) : []
      yield* viewOver(name, files, contract.definition.sqlColumns)
    }
    yield* duck.run(`create or replace table ${GoldRelation.settings} as select DATE ${sqlString(run.ingestionDate)} as ingestion_date, ${settings.topN}::INTEGER as top_n`)
    const factRef = Option.flatMapNullable(base, (v) => v.tables[goldFactTransactions.table])
    const factFiles = Option.isSome(factRef) ? yield* tableFileList(lakehouse.root, factRef.value) : []
    const facts = nextDay(run.ingestionDate, priorDates) ? splitByStats(factFiles, factBounds(run.ingestionDate)) : { kept: [], touched: factFiles }
    yield* viewOver(GoldRelation.previousFact, factFiles.map((f) => join(goldDir(lakehouse.root), f.path)), goldFactTransactions.definition.sqlColumns)
    yield* viewFacts(lakehouse.root, facts)
    if (Option.isSome(base) && base.value.tables[goldCustomerTotals.table] === undefined) {
      // A version of an earlier release, without customer_totals: counted from its facts, once.
      yield* duck.run(`create or replace table ${LEGACY_TOTALS} as ${totalsFromFactsSql(GoldRelation.previousFact, GoldRelation.previousDimCustomer)}`)
      yield* duck.run(`create or replace view ${GoldRelation.previousCustomerTotals} as select * from ${LEGACY_TOTALS}`)
    }
    return { base, priorDates, facts, factFiles }
  })

/** A run that merges a date after every date merged before (no re-run, no backfill): the daily case. */
const nextDay = (date: string, priorDates: ReadonlyArray<string>) => priorDates.length > 0 && priorDates.every((d) => d < date)

/** The facts a next-day run may change: those dated on or after its date (a new customer version opens on it). */
const factBounds = (date: string): ReadonlyArray<AtLeast> => [
  { column: "date_key", atLeast: Number(date.replaceAll("-", "")) },
  { column: "ingestion_date", atLeast: date }
]

const dateOfKeyText = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`

/**
 * The views over the previous facts the run rewrites and those it keeps
 * unread, and the kept facts' date bounds (from their statistics) for the calendar.
 */
const viewFacts = (root: string, facts: FileSplit) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const paths = (files: ReadonlyArray<GoldFile>) => files.map((f) => join(goldDir(root), f.path))
    yield* viewOver(GoldRelation.previousFactRewritten, paths(facts.touched), goldFactTransactions.definition.sqlColumns)
    yield* viewOver(GoldRelation.keptFact, paths(facts.kept), goldFactTransactions.definition.sqlColumns)
    const keys = statsRange(facts.kept, "date_key", numericOrder)
    const ingested = statsRange(facts.kept, "ingestion_date", textOrder)
    const date = (text: string | undefined) => (text === undefined ? "CAST(NULL AS DATE)" : `DATE ${sqlString(text)}`)
    yield* duck.run(
      `create or replace table ${GoldRelation.keptFactBounds} as select least(${date(keys === null ? undefined : dateOfKeyText(keys.min))}, ${date(ingested?.min)}) as lo, greatest(${date(
        keys === null ? undefined : dateOfKeyText(keys.max)
      )}, ${date(ingested?.max)}) as hi`
    )
  })

/**
 * Whether the facts kept unread keep their keys in the new version: every
 * customer version of the previous dimension is still there with its
 * valid_from, and every new one opens on or after the run's date, so the
 * version current at any earlier transaction date is the one it was.
 */
const keptFactsHold = (date: string) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const rows = yield* duck.all(`select
      (select count(*) from ${GoldRelation.previousDimCustomer} p anti join ${Build.dim_customer} n on n.customer_key = p.customer_key and n.valid_from = p.valid_from)
      + (select count(*) from (select customer_key from ${Build.dim_customer} where valid_from < DATE ${sqlString(date)}) n anti join ${GoldRelation.previousDimCustomer} p on p.customer_key = n.customer_key) as moved`)
    return Number(rows[0]?.["moved"] ?? 1) === 0
  })

const count = (table: string) => Effect.flatMap(Duck, (duck) => duck.all(`select count(*) as n from ${table}`)).pipe(Effect.map((r) => Number(r[0]?.["n"] ?? 0)))

/** Merge the run's silver into gold, audit it, and publish a new gold version if every gate passes. */
export const modelGold = (run: Run, settings: GoldSettings) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const loaded = yield* loadInputs(run, settings)
    const { base, priorDates } = loaded
    let facts = loaded.facts

    for (const statement of mergeStatements(run.ingestionDate, priorDates)) yield* duck.run(statement)
    if (facts.kept.length > 0 && !(yield* keptFactsHold(run.ingestionDate))) {
      // A customer version moved under facts the run meant to keep: rewrite every fact (correct, and as costly as the history).
      facts = { kept: [], touched: loaded.factFiles }
      yield* viewFacts(lakehouse.root, facts)
      for (const statement of mergeStatements(run.ingestionDate, priorDates)) yield* duck.run(statement)
    }
    // Statements a caller runs on the built tables before the audit (tests use them to break gold on purpose).
    for (const statement of settings.afterBuild ?? []) yield* duck.run(statement)

    // rowsIn: the silver rows merged in (dimensions and facts), or the rows derived (calendar, ranking).
    const rowsIn: Record<string, number> = {
      customer_presence: yield* count(GoldRelation.silverCustomers),
      dim_customer: yield* count(GoldRelation.silverCustomers),
      dim_product: yield* count(GoldRelation.silverProducts),
      fact_transactions: yield* count(GoldRelation.silverTransactions),
      customer_totals: yield* count(Build.customer_totals),
      dim_date: yield* count(Build.dim_date),
      top_customers: yield* count(Build.top_customers)
    }
    const audited = yield* stageAndAudit(run, {
      layer: "gold",
      ingestionDate: null,
      tables: goldBuilds.map((built) => ({
        contract: built.contract,
        sql: stageSql(built),
        rowsIn: rowsIn[built.contract.table] ?? 0,
        quarantined: 0
      })),
      relations: Object.fromEntries(Object.values(GoldRelation).map((name) => [name, sqlIdent(name)]))
    })

    const publish = audited.decision._tag === "Publish"
    const top = publish
      ? yield* duck.all(`select rank::varchar as rank, customer_id::varchar as customer_id, name, email, total_spent::varchar as total_spent from ${Build.top_customers} order by rank`)
      : []
    if (publish) {
      const publishedAt = new Date().toISOString()
      yield* sealAudited(run, audited)
      const targets: Array<StagedTable> = audited.staged.map((staged) => ({ ...staged, target: versionDir(lakehouse.root, staged.table, run.runId) }))
      // Journaled: a crash mid-way is rolled forward by `recover`; until the switch below, no reader sees these.
      yield* lakehouse.publish(run.runId, targets)
      const version: GoldVersion = {
        version: run.runId,
        runId: run.runId,
        ingestionDate: run.ingestionDate,
        createdAt: publishedAt,
        basedOn: Option.getOrNull(Option.map(base, (v) => v.version)),
        ingestedDates: [...new Set([...priorDates, run.ingestionDate])].sort(),
        tables: Object.fromEntries(
          yield* Effect.forEach(audited.write.tables, (t, i) =>
            Effect.map(addedFiles(lakehouse.root, t.contract.table, run.runId), (added) => {
              // The facts kept unread are listed again, file for file, before the files this run added.
              const kept = t.contract.table === goldFactTransactions.table ? facts.kept : []
              const files = [...kept, ...added]
              return [
                t.contract.table,
                { path: versionTablePath(t.contract.table, run.runId), rows: files.reduce((sum, f) => sum + f.rows, 0), contract: { id: t.contract.id, version: t.contract.version }, files }
              ] as const
            })
          )
        )
      }
      yield* switchToNewVersion(lakehouse.root, version, publishedAt)
    }

    yield* duck.run([...Object.values(Build), LEGACY_PRESENCE, LEGACY_TOTALS, GoldRelation.keptFactBounds, GoldRelation.deliveredKnown].map((table) => `drop table if exists ${table};`).join(" "))
    const outcome = layerOutcome(audited, publish ? "published" : "blocked", (s) => join(versionDir(lakehouse.root, s.table, run.runId), MANIFEST_FILE))
    return {
      outcome,
      checks: audited.checks,
      highlights: publish
        ? [
            {
              title: `Top ${settings.topN} customers by total spent (gold)`,
              columns: ["rank", "customer_id", "name", "email", "total_spent"],
              rows: top.map((r) => ["rank", "customer_id", "name", "email", "total_spent"].map((k) => String(r[k] ?? "")))
            }
          ]
        : [],
      contracts: goldContracts.map((c) => ({ id: c.id, version: c.version }))
    } satisfies DownstreamResult
  })

/**
 * The gold layer of the customers pipeline: settings from the environment
 * (`LAKEGATE_TOP_N`), with `overrides` from code on top.
 */
export const goldLayer = (overrides: Partial<GoldSettings> = {}): Downstream => ({
  layer: "gold",
  audit: goldAudit,
  run: (run) => Effect.flatMap(GoldSettingsConfig, (settings) => modelGold(run, { ...settings, ...overrides }))
})
