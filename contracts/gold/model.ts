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
  switchToNewVersion, tableFileList, textOrder, versionDir, versionTablePath, type AtLeast, type Downstream, type DownstreamResult, type FileSplit, type GoldFile,
  type GoldVersion, type Run, type StagedTable, type TableWrite
} from "lakegate"
import { silverCustomers } from "../silver/customers.ts"
import { silverProducts } from "../silver/products.ts"
import { silverTransactions } from "../silver/transactions.ts"
import { totalsFromFactsSql } from "./topTotals.ts"
import { goldAudit } from "./audit.ts"
import { goldContracts, goldCustomerPresence, goldCustomerTotals, goldDimCustomer, goldDimProduct, goldFactTransactions, GoldRelation } from "./index.ts"
import { GoldSettingsConfig, type GoldSettings } from "./settings.ts"
import { Build, goldBuilds, isNextDay, legacyPresenceSql, mergeStatements, stageSql, touchedCustomersSql } from "./sql.ts"

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
    const next = isNextDay(run.ingestionDate, priorDates)
    const fileList = (contract: { readonly table: string }) =>
      Option.match(Option.flatMapNullable(base, (v) => v.tables[contract.table]), { onNone: () => Effect.succeed([]), onSome: (ref) => tableFileList(lakehouse.root, ref) })
    const paths = (files: ReadonlyArray<GoldFile>) => files.map((f) => join(goldDir(lakehouse.root), f.path))
    for (const [name, contract] of [
      [GoldRelation.previousDimProduct, goldDimProduct],
      [GoldRelation.previousCustomerTotals, goldCustomerTotals]
    ] as const) {
      if (contract === goldCustomerTotals && Option.isSome(base) && base.value.tables[contract.table] === undefined) continue
      yield* viewOver(name, paths(yield* fileList(contract)), contract.definition.sqlColumns)
    }
    // Customer versions and runs: on a next-day run, the files that hold only what the day cannot change
    // (closed versions; runs that end before the last merged date) are kept unread.
    const dimFiles = yield* fileList(goldDimCustomer)
    const dim = next ? splitByStats(dimFiles, [{ column: "is_current", atLeast: "true" }]) : { kept: [], touched: dimFiles }
    yield* viewOver(GoldRelation.previousDimCustomer, paths(dimFiles), goldDimCustomer.definition.sqlColumns)
    yield* viewOver(GoldRelation.previousDimCustomerRewritten, paths(dim.touched), goldDimCustomer.definition.sqlColumns)
    yield* viewOver(GoldRelation.keptDimCustomer, paths(dim.kept), goldDimCustomer.definition.sqlColumns)
    const presenceFiles = yield* fileList(goldCustomerPresence)
    const lastPrior = priorDates.at(-1)
    const presence = next && lastPrior !== undefined ? splitByStats(presenceFiles, [{ column: "last_seen", atLeast: lastPrior }]) : { kept: [], touched: presenceFiles }
    if (Option.isSome(base) && base.value.tables[goldCustomerPresence.table] === undefined) {
      // A version of an earlier release, without customer_presence: its runs as that release read them, once.
      yield* duck.run(`create or replace table ${LEGACY_PRESENCE} as ${legacyPresenceSql}`)
      yield* duck.run(`create or replace view ${GoldRelation.previousCustomerPresence} as select * from ${LEGACY_PRESENCE}`)
      yield* duck.run(`create or replace view ${GoldRelation.previousCustomerPresenceRewritten} as select * from ${LEGACY_PRESENCE}`)
    } else {
      yield* viewOver(GoldRelation.previousCustomerPresence, paths(presenceFiles), goldCustomerPresence.definition.sqlColumns)
      yield* viewOver(GoldRelation.previousCustomerPresenceRewritten, paths(presence.touched), goldCustomerPresence.definition.sqlColumns)
    }
    yield* viewOver(GoldRelation.keptCustomerPresence, paths(presence.kept), goldCustomerPresence.definition.sqlColumns)
    yield* duck.run(
      `create or replace table ${GoldRelation.settings} as select DATE ${sqlString(run.ingestionDate)} as ingestion_date, ${settings.topN}::INTEGER as top_n, ${next} as next_day`
    )
    const factRef = Option.flatMapNullable(base, (v) => v.tables[goldFactTransactions.table])
    const factFiles = Option.isSome(factRef) ? yield* tableFileList(lakehouse.root, factRef.value) : []
    const facts = next ? splitByStats(factFiles, factBounds(run.ingestionDate)) : { kept: [], touched: factFiles }
    yield* viewOver(GoldRelation.previousFact, factFiles.map((f) => join(goldDir(lakehouse.root), f.path)), goldFactTransactions.definition.sqlColumns)
    yield* viewFacts(lakehouse.root, facts)
    if (Option.isSome(base) && base.value.tables[goldCustomerTotals.table] === undefined) {
      // A version of an earlier release, without customer_totals: counted from its facts, once.
      yield* duck.run(`create or replace table ${LEGACY_TOTALS} as ${totalsFromFactsSql(GoldRelation.previousFact, GoldRelation.previousDimCustomer)}`)
      yield* duck.run(`create or replace view ${GoldRelation.previousCustomerTotals} as select * from ${LEGACY_TOTALS}`)
    }
    return { base, priorDates, facts, factFiles, kept: { [goldDimCustomer.table]: dim.kept, [goldCustomerPresence.table]: presence.kept } as Record<string, ReadonlyArray<GoldFile>> }
  })

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
      (select count(*) from ${GoldRelation.previousDimCustomer} p anti join ${Build.allDimCustomer} n on n.customer_key = p.customer_key and n.valid_from = p.valid_from)
      + (select count(*) from (select customer_key from ${Build.allDimCustomer} where valid_from < DATE ${sqlString(date)}) n anti join ${GoldRelation.previousDimCustomer} p on p.customer_key = n.customer_key) as moved`)
    return Number(rows[0]?.["moved"] ?? 1) === 0
  })

/** The build's working tables: every `build_*` table but top_customers (the run's summary reads it after the publish). */
const workingTables = Object.values(Build).filter((b) => b !== Build.allDimCustomer && b !== Build.top_customers)

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
    // The customers whose runs and versions the day can change (on a next-day run, those the date delivered).
    yield* duck.run(`create or replace table ${GoldRelation.touchedCustomers} as ${touchedCustomersSql(isNextDay(run.ingestionDate, priorDates))}`)
    const lastMerged = [...priorDates, run.ingestionDate].sort().at(-1) ?? run.ingestionDate
    // The closed versions of the customers the run touched: the checks see them beside the staged ones. The
    // ended runs they do not see at all: what they checked of them when they were written, the `unchanged`
    // part of customer.gold_reconciles_silver carries over (reading them grew with the history, and every
    // run of a delivered customer, 13M rows by day 46 of 100 MB increments, outgrew the pool).
    const keptRows = (table: string): TableWrite["kept"] => {
      const files = table === goldCustomerPresence.table ? [] : loaded.kept[table] ?? []
      return files.length === 0 ? undefined : { files: files.map((f) => join(goldDir(lakehouse.root), f.path)), column: "customer_id", scope: `select customer_id from ${GoldRelation.touchedCustomers}` }
    }

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
      tables: goldBuilds.map((built): TableWrite => {
        const kept = keptRows(built.contract.table)
        return {
          contract: built.contract,
          sql: stageSql(built),
          ...(built.parts === undefined ? {} : { parts: built.parts(lastMerged) }),
          ...(kept === undefined ? {} : { kept }),
          rowsIn: rowsIn[built.contract.table] ?? 0,
          quarantined: 0
        }
      }),
      relations: Object.fromEntries(Object.values(GoldRelation).map((name) => [name, sqlIdent(name)])),
      // The checks read the staged files and the relations, never the build tables: those go before the checks
      // (kept until then, they held the pool and made the checks spill or, at 2.2M customers, run out of it).
      // top_customers stays for the run's summary.
      afterStage: [`drop view if exists ${Build.allDimCustomer}`, ...workingTables.map((table) => `drop table if exists ${table}`)]
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
              // The files kept unread (facts, closed versions, ended runs) are listed again, file for file, before the files this run added.
              const kept = t.contract.table === goldFactTransactions.table ? facts.kept : loaded.kept[t.contract.table] ?? []
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

    yield* duck.run(
      [Build.top_customers, LEGACY_PRESENCE, LEGACY_TOTALS, GoldRelation.keptFactBounds, GoldRelation.deliveredKnown, GoldRelation.touchedCustomers]
        .map((table) => `drop table if exists ${table};`)
        .join(" ")
    )
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
