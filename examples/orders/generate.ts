/**
 * A seeded generator of the orders feed: NDJSON orders with nested lines, a
 * known share of defective orders, and a truth file naming, for every
 * defective order, the check ids that must quarantine it. The same options
 * always give the same bytes.
 *
 *   node --import tsx examples/orders/generate.ts --out examples/orders/data/orders.ndjson \
 *     [--orders 300] [--seed 7] [--date 2026-11-20] [--defect-rate 0.04] [--first-id 100001]
 *
 * writes `orders.ndjson` and `orders.truth.json` beside it.
 */
import { Console, Data, Effect, Either, Schema } from "effect"
import { writeFile } from "node:fs/promises"
import { parseArgs } from "node:util"
import { pathToFileURL } from "node:url"
import { epochDay, fromEpochDay, IsoDate } from "lakegate"

/** The defects the generator plants, each with the check ids it must trip. */
export const DEFECTS = {
  fractional_cent: ["line.money_valid"],
  negative_price: ["line.money_valid"],
  line_mismatch: ["line.amount_matches"],
  total_mismatch: ["order.total_matches"],
  unknown_status: ["order.status_known"],
  future_date: ["order.date_not_in_future"],
  duplicate_id: ["key.order_id_unique"],
  wrong_type: ["schema"]
} as const satisfies Record<string, ReadonlyArray<string>>
export type DefectKind = keyof typeof DEFECTS
const KINDS = Object.keys(DEFECTS) as ReadonlyArray<DefectKind>

/** What to generate. */
export const Options = Schema.Struct({
  orders: Schema.Int.pipe(Schema.between(1, 1_000_000)),
  seed: Schema.Int,
  /** The ingestion date the delivery is for: no valid order is dated after it. */
  date: IsoDate,
  defectRate: Schema.Number.pipe(Schema.between(0, 1)),
  /** The first order id; later deliveries start past the earlier ones. */
  firstId: Schema.Int.pipe(Schema.positive())
})
export type Options = typeof Options.Type

/** One planted defect. */
export interface TruthDefect {
  readonly record_index: number
  readonly order_id: number
  readonly defect: DefectKind
  readonly expected_checks: ReadonlyArray<string>
}

/** The truth file: the options and every defective record. */
export interface Truth extends Options {
  readonly defects: ReadonlyArray<TruthDefect>
}

/** mulberry32: a small, fast, seeded PRNG returning numbers in [0, 1). */
const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Line { sku: string; quantity: number | string; unit_price: number; amount: number }
interface Order { order_id: number; customer_id: number; order_date: string; status: string; total: number; lines: Array<Line> }

const STATUSES = ["placed", "paid", "paid", "shipped", "shipped", "delivered", "delivered", "delivered", "cancelled"]

/** Generate a delivery: its NDJSON text and its truth. */
export const generateOrders = (options: Options): { readonly ndjson: string; readonly truth: Truth } => {
  const random = prng(options.seed)
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const day = epochDay(options.date)
  const orders: Array<Order> = Array.from({ length: options.orders }, (_, i) => {
    const lines = Array.from({ length: int(1, 4) }, () => {
      const quantity = int(1, 5)
      const price = int(100, 9_999)
      return { sku: `SKU-${String(int(1, 40)).padStart(4, "0")}`, quantity, unit_price: price / 100, amount: (quantity * price) / 100 }
    })
    const total = lines.reduce((sum, l) => sum + Math.round(l.amount * 100), 0) / 100
    return { order_id: options.firstId + i, customer_id: int(1, 60), order_date: fromEpochDay(day - int(0, 2)), status: STATUSES[int(0, STATUSES.length - 1)] ?? "paid", total, lines }
  })
  // Defective records: a seeded choice of positions (never the first), the kinds in turn so every kind appears.
  const positions = Array.from({ length: Math.max(0, options.orders - 1) }, (_, i) => i + 1)
  for (let i = positions.length - 1; i > 0; i--) {
    const j = int(0, i)
    ;[positions[i], positions[j]] = [positions[j] ?? 0, positions[i] ?? 0]
  }
  const chosen = positions.slice(0, Math.round(options.orders * options.defectRate)).sort((a, b) => a - b)
  const defective = new Set(chosen)
  const defects = chosen.map((index, k): TruthDefect => {
    const order = orders[index]!
    let kind = KINDS[k % KINDS.length]!
    const line = order.lines[0]!
    const retotal = () => (order.total = order.lines.reduce((sum, l) => sum + Math.round(l.amount * 100), 0) / 100)
    const original = [...Array(index).keys()].reverse().find((i) => !defective.has(i))
    if (kind === "duplicate_id" && original === undefined) kind = "total_mismatch"
    switch (kind) {
      case "fractional_cent": line.amount = (Math.round(line.amount * 100) * 10 + 5) / 1000; break
      case "negative_price": line.unit_price = -line.unit_price; line.amount = -line.amount; retotal(); break
      case "line_mismatch": line.amount = (Math.round(line.amount * 100) + 1) / 100; retotal(); break
      case "total_mismatch": order.total = (Math.round(order.total * 100) + 100) / 100; break
      case "unknown_status": order.status = "lost"; break
      case "future_date": order.order_date = fromEpochDay(day + int(1, 30)); break
      case "duplicate_id": order.order_id = orders[original ?? 0]!.order_id; break
      case "wrong_type": line.quantity = String(line.quantity); break
    }
    return { record_index: index, order_id: order.order_id, defect: kind, expected_checks: DEFECTS[kind] }
  })
  return { ndjson: orders.map((o) => `${JSON.stringify(o)}\n`).join(""), truth: { ...options, defects } }
}

/** The truth file's path beside a data file: `orders.ndjson` → `orders.truth.json`. */
export const truthPathFor = (dataPath: string): string => `${dataPath.replace(/\.ndjson$/, "")}.truth.json`

/** The generator could not run: bad options or a file it could not write. */
export class GenerateError extends Data.TaggedError("GenerateError")<{ readonly message: string }> {}

/** Generate and write a delivery and its truth file. */
export const writeDelivery = (out: string, options: Options) =>
  Effect.gen(function* () {
    const { ndjson, truth } = generateOrders(options)
    const write = (path: string, text: string) =>
      Effect.tryPromise({ try: () => writeFile(path, text), catch: (e) => new GenerateError({ message: `cannot write ${path}: ${String(e)}` }) })
    yield* write(out, ndjson)
    const { defects, ...header } = truth
    yield* write(truthPathFor(out), `${JSON.stringify(header).slice(0, -1)},"defects":[\n${defects.map((d) => JSON.stringify(d)).join(",\n")}\n]}\n`)
    return truth
  })

const main = Effect.gen(function* () {
  const parsed = yield* Effect.try({
    try: () =>
      parseArgs({
        options: {
          out: { type: "string" }, orders: { type: "string", default: "300" }, seed: { type: "string", default: "7" },
          date: { type: "string", default: "2026-11-20" }, "defect-rate": { type: "string", default: "0.04" }, "first-id": { type: "string", default: "100001" }
        }
      }).values,
    catch: (e) => new GenerateError({ message: e instanceof Error ? e.message : String(e) })
  })
  if (parsed.out === undefined) return yield* new GenerateError({ message: "--out FILE.ndjson is required" })
  const options = Schema.decodeUnknownEither(Options)({
    orders: Number(parsed.orders), seed: Number(parsed.seed), date: parsed.date, defectRate: Number(parsed["defect-rate"]), firstId: Number(parsed["first-id"])
  })
  if (Either.isLeft(options)) return yield* new GenerateError({ message: options.left.message })
  const truth = yield* writeDelivery(parsed.out, options.right)
  yield* Console.log(`${parsed.out}: ${truth.orders} orders, ${truth.defects.length} defective`)
})

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  Effect.runPromiseExit(main).then((exit) => {
    if (exit._tag === "Failure") {
      process.stderr.write(`generate: ${exit.cause._tag === "Fail" ? exit.cause.error.message : String(exit.cause)}\n`)
      process.exitCode = 2
    }
  })
}
