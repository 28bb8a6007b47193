/**
 * The bronze, silver and gold gates, evaluated on relations of our choosing:
 * the same checks `stageAndAudit` runs (`tableChecks` of every contract of the
 * layer, with the same relation names), over the tables a real run
 * published, or over tampered copies of them. This is how table mutations
 * reach the dataset checks without a hook in the pipeline.
 */
import { type CheckResult, type TableSpec, isBlocking, tableChecks, Duck, sqlIdent, sqlString, readCurrent, tableFiles, Lakehouse } from "lakegate"
import { GoldSettingsConfig } from "../gold/settings.ts"
import { Effect, Option } from "effect"
import { bronzeCustomersRaw, goldContracts, silverContracts, silverCustomers, silverProducts, silverTransactions } from "../index.ts"
import { GoldRelation, previousGoldRelations } from "../gold/relations.ts"
import { deliveredKnownSql } from "../gold/sql.ts"
import { candidateRelations } from "./judgeBatch.ts"
import type { TableMutation, ValidTables } from "./mutations.ts"

/** A gate: the contracts judged together before a layer is published. */
export type Gate = "bronze" | "silver" | "gold"

/** The contracts judged by each gate. */
export const gateContracts: Readonly<Record<Gate, ReadonlyArray<TableSpec>>> = {
  bronze: [bronzeCustomersRaw],
  silver: silverContracts,
  gold: goldContracts
}

/** Every dataset check id a gate evaluates (besides `quarantine.rate`, computed from counts). */
export const gateCheckIds = (gate: Gate): ReadonlyArray<string> => [...new Set(gateContracts[gate].flatMap((c) => tableChecks(c).map((k) => k.id)))]

/** One evaluated check and the relations it read. */
export interface EvaluatedCheck {
  readonly result: CheckResult
  readonly reads: ReadonlySet<string>
}

const gateChecks = (gate: Gate) => gateContracts[gate].flatMap((contract) => tableChecks(contract))

/**
 * Evaluate every dataset check of a gate with the given relation of each
 * table name (or only those for which `only` says yes, keeping `previous`
 * for the others), recording which tables each check read.
 */
export const evaluateGateChecks = (
  gate: Gate,
  relation: (table: string) => string,
  reuse?: { readonly previous: ReadonlyArray<EvaluatedCheck>; readonly only: (reads: ReadonlySet<string>) => boolean }
): Effect.Effect<ReadonlyArray<EvaluatedCheck>, never, Duck> =>
  Effect.gen(function* () {
    const out: Array<EvaluatedCheck> = []
    for (const [i, check] of gateChecks(gate).entries()) {
      const previous = reuse?.previous[i]
      if (previous !== undefined && !reuse!.only(previous.reads)) {
        out.push(previous)
        continue
      }
      const reads = new Set<string>()
      const result = yield* check.evaluate({ layer: gate, relation: (table) => (reads.add(table), relation(table)) }).pipe(Effect.orDie)
      out.push({ result, reads })
    }
    return out
  })

/** Evaluate every dataset check of a gate with the given relation of each table name. */
export const evaluateGate = (gate: Gate, relation: (table: string) => string): Effect.Effect<ReadonlyArray<CheckResult>, never, Duck> =>
  Effect.map(evaluateGateChecks(gate, relation), (checks) => checks.map((c) => c.result))

/** The ids of the blocking checks among results, sorted and distinct. */
export const blockingIds = (results: ReadonlyArray<CheckResult>): ReadonlyArray<string> => [...new Set(results.filter(isBlocking).map((r) => r.checkId))].sort()

/** The ids of the checks that only warn among results, sorted and distinct. */
export const warningIds = (results: ReadonlyArray<CheckResult>): ReadonlyArray<string> => [...new Set(results.filter((r) => r.status === "warn").map((r) => r.checkId))].sort()

const VALID = (table: string) => sqlIdent(`valid_${table}`)
const TAMPERED = (table: string) => sqlIdent(`tampered_${table}`)

const emptyRelation = (columns: ReadonlyArray<readonly [string, string]>) =>
  `select ${columns.map(([name, type]) => `cast(null as ${type}) as ${sqlIdent(name)}`).join(", ")} where false`

/** Facts whose customer is not ranked in top_customers (tampering them leaves the ranking as it is). */
export const UNRANKED_FACTS = "unranked_facts"

/**
 * Tables over what a run published for `ingestionDate` (silver tables, the
 * bronze records and, when gold was published, the current gold version with
 * the inputs its checks read), plus the candidates staged by the last
 * `judgeBatch` of the same batch; returns them as the valid tables the table
 * mutations start from.
 */
export const publishedTables = (ingestionDate: string): Effect.Effect<ValidTables & { readonly gold: boolean }, unknown, Duck | Lakehouse> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const counts = new Map<string, number>()
    const load = (name: string, select: string) =>
      Effect.gen(function* () {
        yield* duck.run(`create or replace table ${VALID(name)} as ${select}`)
        const [row] = yield* duck.all(`select count(*) as n from ${VALID(name)}`)
        counts.set(name, Number(row?.["n"] ?? 0))
      })
    const parquet = (files: ReadonlyArray<string>, columns: ReadonlyArray<readonly [string, string]>) =>
      files.length === 0 ? emptyRelation(columns) : `select * from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`
    const published = (name: string, files: ReadonlyArray<string>) =>
      files.length === 0 ? Effect.fail(new Error(`${name} is not published for ${ingestionDate}`)) : load(name, parquet(files, []))

    for (const contract of silverContracts) yield* published(contract.table, yield* lakehouse.files("silver", contract.table, ingestionDate))
    const bronzeFiles = yield* lakehouse.files("bronze", bronzeCustomersRaw.table, ingestionDate)
    yield* published("bronze", bronzeFiles)
    yield* published(bronzeCustomersRaw.table, bronzeFiles)

    // Gold: the current version, and the inputs its checks read (as the gold stage names them).
    const current = yield* readCurrent(lakehouse.root)
    const gold = Option.isSome(current) && current.value.current.ingestionDate === ingestionDate
    if (gold) {
      const version = current.value.current
      for (const contract of goldContracts) {
        const ref = version.tables[contract.table]
        yield* published(contract.table, ref === undefined ? [] : yield* tableFiles(lakehouse.root, ref))
      }
      for (const [name, contract] of [
        [GoldRelation.silverCustomers, silverCustomers],
        [GoldRelation.silverProducts, silverProducts],
        [GoldRelation.silverTransactions, silverTransactions]
      ] as const) {
        yield* load(name, parquet(yield* lakehouse.files("silver", contract.table, ingestionDate), contract.definition.sqlColumns))
      }
      const previous = current.value.versions.find((v) => v.version === version.basedOn)
      for (const [name, table] of previousGoldRelations) {
        const ref = previous?.tables[table]
        yield* load(name, parquet(ref === undefined ? [] : yield* tableFiles(lakehouse.root, ref), goldContracts.find((c) => c.table === table)!.definition.sqlColumns))
      }
      // The published version whole, as if its run had rewritten every previous fact and kept none unread.
      const factRef = previous?.tables["fact_transactions"]
      const factColumns = goldContracts.find((c) => c.table === "fact_transactions")!.definition.sqlColumns
      yield* load(GoldRelation.previousFactRewritten, parquet(factRef === undefined ? [] : yield* tableFiles(lakehouse.root, factRef), factColumns))
      yield* load(GoldRelation.keptFact, parquet([], factColumns))
      // Likewise every previous run and customer version rewritten, none kept: the checks see the tables whole.
      for (const [rewritten, kept, table] of [
        [GoldRelation.previousCustomerPresenceRewritten, GoldRelation.keptCustomerPresence, "customer_presence"],
        [GoldRelation.previousDimCustomerRewritten, GoldRelation.keptDimCustomer, "dim_customer"]
      ] as const) {
        const ref = previous?.tables[table]
        const columns = goldContracts.find((c) => c.table === table)!.definition.sqlColumns
        yield* load(rewritten, parquet(ref === undefined ? [] : yield* tableFiles(lakehouse.root, ref), columns))
        yield* load(kept, parquet([], columns))
      }
      yield* load(GoldRelation.touchedCustomers, `select customer_id from ${VALID("customer_presence")} union select customer_id from ${VALID("dim_customer")}`)
      const prior = previous?.ingestedDates ?? []
      yield* load(GoldRelation.priorDates, prior.length === 0 ? "select cast(null as DATE) as d where false" : `select unnest([${prior.map((d) => `DATE ${sqlString(d)}`).join(", ")}]) as d`)
      yield* load(GoldRelation.deliveredKnown, deliveredKnownSql(ingestionDate))
      const settings = yield* GoldSettingsConfig
      yield* load(
        GoldRelation.settings,
        `select DATE ${sqlString(ingestionDate)} as ingestion_date, ${settings.topN}::INTEGER as top_n, ${prior.length > 0 && prior.every((d) => d < ingestionDate)} as next_day`
      )
      yield* load(
        UNRANKED_FACTS,
        `select f.* from ${VALID("fact_transactions")} f join ${VALID("dim_customer")} c using (customer_key)
         where c.customer_id not in (select customer_id from ${VALID("top_customers")})`
      )
    }
    return {
      gold,
      relation: (table: string) => (table in candidateRelations ? candidateRelations[table as keyof typeof candidateRelations] : VALID(table)),
      rows: (table: string) => counts.get(table) ?? 0
    }
  })

/** The outcome of one table mutation on valid tables. */
export interface TableMutationOutcome {
  readonly mutation: string
  /** False when the valid tables did not allow it (e.g. no rows to tamper with). */
  readonly applied: boolean
  /** Blocking check ids of the mutation's gate on the tampered tables. */
  readonly blocking: ReadonlyArray<string>
  /** Check ids that only warn. */
  readonly warnings: ReadonlyArray<string>
  /** Checks that could not be evaluated (status `error`): a mutation must make checks fail, not crash. */
  readonly errored: ReadonlyArray<string>
  readonly results: ReadonlyArray<CheckResult>
}

/** The gates' verdicts on the valid tables, which table mutations start from. */
export type GateBaselines = Readonly<Partial<Record<Gate, ReadonlyArray<EvaluatedCheck>>>>

/** Evaluate the gates on the valid tables (gold only when it was published). */
export const gateBaselines = (valid: ValidTables & { readonly gold: boolean }): Effect.Effect<GateBaselines, never, Duck> =>
  Effect.gen(function* () {
    const out: Partial<Record<Gate, ReadonlyArray<EvaluatedCheck>>> = {
      bronze: yield* evaluateGateChecks("bronze", valid.relation),
      silver: yield* evaluateGateChecks("silver", valid.relation)
    }
    if (valid.gold) out.gold = yield* evaluateGateChecks("gold", valid.relation)
    return out
  })

/**
 * Apply a table mutation to the valid tables and evaluate its gate on them.
 * Checks that read no tampered table keep their baseline result (they are
 * functions of the tables they read); all others are evaluated again.
 */
export const applyTableMutation = (mutation: TableMutation, valid: ValidTables, pick: number, baselines?: GateBaselines): Effect.Effect<TableMutationOutcome, unknown, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const tampered = mutation.tamper(valid, pick)
    if (tampered === undefined) return { mutation: mutation.id, applied: false, blocking: [], warnings: [], errored: [], results: [] }
    for (const [table, sql] of Object.entries(tampered)) {
      yield* duck.run(`create or replace view ${TAMPERED(table)} as ${sql}`).pipe(Effect.mapError((e) => new Error(`${mutation.id}: cannot tamper with ${table}: ${e.message}`)))
    }
    const previous = baselines?.[mutation.gate]
    const evaluated = yield* evaluateGateChecks(
      mutation.gate,
      (table) => (table in tampered ? TAMPERED(table) : valid.relation(table)),
      previous === undefined ? undefined : { previous, only: (reads) => [...reads].some((t) => t in tampered) }
    )
    const results = evaluated.map((e) => e.result)
    return {
      mutation: mutation.id,
      applied: true,
      blocking: blockingIds(results),
      warnings: warningIds(results),
      errored: [...new Set(results.filter((r) => r.status === "error").map((r) => `${r.checkId}: ${r.message}`))],
      results
    }
  })
