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
  addedFiles, Duck, Lakehouse, layerOutcome, MANIFEST_FILE, readCurrent, sealAudited, sqlIdent, sqlString, stageAndAudit, switchToNewVersion, tableFiles, versionDir,
  versionTablePath, type Downstream, type DownstreamResult, type GoldVersion, type Run, type StagedTable
} from "lakegate"
import { silverCustomers } from "../silver/customers.ts"
import { silverProducts } from "../silver/products.ts"
import { silverTransactions } from "../silver/transactions.ts"
import { goldContracts, goldCustomerPresence, goldDimCustomer, goldDimProduct, goldFactTransactions, GoldRelation } from "./index.ts"
import { GoldSettingsConfig, type GoldSettings } from "./settings.ts"
import { Build, goldBuilds, legacyPresenceSql, mergeStatements, stageSql } from "./sql.ts"

/** Where a previous version without customer_presence has its runs derived (see {@link legacyPresenceSql}). */
const LEGACY_PRESENCE = "gold_legacy_customer_presence"

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
      [GoldRelation.previousFact, goldFactTransactions],
      [GoldRelation.previousCustomerPresence, goldCustomerPresence]
    ] as const) {
      const ref = Option.flatMapNullable(base, (v) => v.tables[contract.table])
      if (contract === goldCustomerPresence && Option.isSome(base) && Option.isNone(ref)) {
        // A version of an earlier release, without customer_presence: its runs as that release read them, once.
        yield* duck.run(`create or replace table ${LEGACY_PRESENCE} as ${legacyPresenceSql}`)
        yield* duck.run(`create or replace view ${sqlIdent(name)} as select * from ${LEGACY_PRESENCE}`)
        continue
      }
      const files = Option.isSome(ref) ? yield* tableFiles(lakehouse.root, ref.value) : []
      yield* viewOver(name, files, contract.definition.sqlColumns)
    }
    yield* duck.run(`create or replace table ${GoldRelation.settings} as select DATE ${sqlString(run.ingestionDate)} as ingestion_date, ${settings.topN}::INTEGER as top_n`)
    return { base, priorDates }
  })

const count = (table: string) => Effect.flatMap(Duck, (duck) => duck.all(`select count(*) as n from ${table}`)).pipe(Effect.map((r) => Number(r[0]?.["n"] ?? 0)))

/** Merge the run's silver into gold, audit it, and publish a new gold version if every gate passes. */
export const modelGold = (run: Run, settings: GoldSettings) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const { base, priorDates } = yield* loadInputs(run, settings)

    for (const statement of mergeStatements(run.ingestionDate, priorDates)) yield* duck.run(statement)
    // Statements a caller runs on the built tables before the audit (tests use them to break gold on purpose).
    for (const statement of settings.afterBuild ?? []) yield* duck.run(statement)

    // rowsIn: the silver rows merged in (dimensions and facts), or the rows derived (calendar, ranking).
    const rowsIn: Record<string, number> = {
      customer_presence: yield* count(GoldRelation.silverCustomers),
      dim_customer: yield* count(GoldRelation.silverCustomers),
      dim_product: yield* count(GoldRelation.silverProducts),
      fact_transactions: yield* count(GoldRelation.silverTransactions),
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
            Effect.map(addedFiles(lakehouse.root, t.contract.table, run.runId), (files) => [
              t.contract.table,
              { path: versionTablePath(t.contract.table, run.runId), rows: audited.rows[i] ?? 0, contract: { id: t.contract.id, version: t.contract.version }, files }
            ] as const)
          )
        )
      }
      yield* switchToNewVersion(lakehouse.root, version, publishedAt)
    }

    yield* duck.run([...Object.values(Build), LEGACY_PRESENCE].map((table) => `drop table if exists ${table};`).join(" "))
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
  run: (run) => Effect.flatMap(GoldSettingsConfig, (settings) => modelGold(run, { ...settings, ...overrides }))
})
