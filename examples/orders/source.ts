/**
 * The orders source: NDJSON, one order per line with its nested lines. Money
 * arrives as JSON numbers and is judged in integer cents, never compared as
 * binary floats. A rejected order is quarantined whole, with all its lines.
 */
import { Schema } from "effect"
import { IsoDate, csvText, formatCents, renderValue, source, toCents, violation, type BatchCheck, type RowCheck, type SourceContract } from "lakegate"

/** The statuses an order may have (silver's `status` column accepts the same). */
export const ORDER_STATUSES = ["placed", "paid", "shipped", "delivered", "cancelled"] as const
const KNOWN_STATUS = new Set<string>(ORDER_STATUSES)

const Id = Schema.Int.pipe(Schema.positive())
/** A JSON number used as money: whether it is whole cents is a row check, so the report names the field. */
const Money = Schema.Number.pipe(Schema.finite())

const Line = Schema.Struct({ sku: Schema.String, quantity: Id, unit_price: Money, amount: Money })

/** One NDJSON record: an order and its lines. */
export const Order = Schema.Struct({
  order_id: Id,
  customer_id: Id,
  order_date: IsoDate,
  status: Schema.String,
  total: Money,
  lines: Schema.Array(Line).pipe(Schema.minItems(1))
})
export type Order = typeof Order.Type

/** An error-severity row check whose `find` returns `[path, message, value]` per problem. */
const rowCheck = (id: string, description: string, find: (o: Order, ingestionDate: string) => ReadonlyArray<readonly [string, string, unknown]>): RowCheck<Order> => ({
  id,
  severity: "error",
  description,
  validate: (o, { ingestionDate }) => find(o, ingestionDate).map(([path, message, value]) => violation(id, "error", path, message, renderValue(value)))
})

const moneyValid = rowCheck("line.money_valid", "A line's unit_price or amount is not a positive whole number of cents.", (o) =>
  o.lines.flatMap((line, i) =>
    (["unit_price", "amount"] as const).flatMap((field) => {
      const cents = toCents(line[field])
      const problem = cents === undefined ? "has more than 2 decimals" : cents <= 0 ? "is not positive" : null
      return problem === null ? [] : [[`lines[${i}].${field}`, `${field} ${problem}`, line[field]] as const]
    })
  )
)

const amountMatches = rowCheck("line.amount_matches", "A line's amount is not quantity × unit_price, to the cent.", (o) =>
  o.lines.flatMap((line, i) => {
    const price = toCents(line.unit_price)
    const amount = toCents(line.amount)
    if (price === undefined || amount === undefined || amount === line.quantity * price) return [] // bad money: line.money_valid's
    return [[`lines[${i}].amount`, `expected ${line.quantity} × ${formatCents(price)} = ${formatCents(line.quantity * price)}`, line.amount] as const]
  })
)

const totalMatches = rowCheck("order.total_matches", "The order's total is not the sum of its line amounts, to the cent.", (o) => {
  let sum = 0
  for (const line of o.lines) {
    const cents = toCents(line.amount)
    if (cents === undefined) return [] // not evaluated: line.money_valid rejects the order
    sum += cents
  }
  const total = toCents(o.total)
  return total === sum ? [] : [["total", `the lines sum to ${formatCents(sum)}`, o.total]]
})

const statusKnown = rowCheck("order.status_known", `The status is not one of ${ORDER_STATUSES.join(", ")}.`, (o) =>
  KNOWN_STATUS.has(o.status) ? [] : [["status", "unknown status", o.status]]
)

const notInFuture = rowCheck("order.date_not_in_future", "The order date is after the ingestion date.", (o, ingestionDate) =>
  o.order_date > ingestionDate ? [["order_date", `after the ingestion date ${ingestionDate}`, o.order_date]] : []
)

/** Every order whose id an earlier record of the batch already has: the first occurrence is kept. */
const duplicateOrderId: BatchCheck = {
  id: "key.order_id_unique",
  severity: "error",
  description: "The order id was already delivered earlier in the batch (the first occurrence is kept).",
  violationsSql: (tables) => `
    select record_index, source_id, 'order_id' as path, 'order id already in record ' || first_index as message, order_id::varchar as value
    from (select *, first_value(record_index) over (partition by order_id order by record_index) as first_index from ${tables("orders")})
    where record_index <> first_index`
}

/** What we accept from upstream, order by order. */
export const ordersContract: SourceContract<Order, typeof Order.Encoded> = {
  id: "source.orders",
  version: "1.0.0",
  description: "Orders with their nested lines, one JSON object per line (NDJSON).",
  schema: Order,
  schemaSeverity: "error",
  rowChecks: [moneyValid, amountMatches, totalMatches, statusKnown, notInFuture],
  batchChecks: [duplicateOrderId]
}

/** Money for staging: exact cents, or NULL when not whole cents (the order is rejected then anyway). */
const money = (value: number): string => {
  const cents = toCents(value)
  return cents === undefined ? "" : formatCents(cents)
}

/** The orders feed, staged as `orders` and `order_lines` (read by silver as `candidate_*` and `accepted_*`). */
export const ordersSource = source({
  name: "orders",
  format: { _tag: "Ndjson" },
  contract: ordersContract,
  sourceId: (json) => (json !== null && typeof json === "object" && "order_id" in json ? renderValue(json.order_id) : null),
  staging: {
    tables: {
      orders: [["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["order_id", "BIGINT"], ["customer_id", "BIGINT"], ["order_date", "DATE"], ["status", "VARCHAR"], ["total", "DECIMAL(18,2)"], ["line_count", "BIGINT"]],
      order_lines: [["record_index", "BIGINT"], ["order_id", "BIGINT"], ["line_no", "BIGINT"], ["sku", "VARCHAR"], ["quantity", "BIGINT"], ["unit_price", "DECIMAL(18,2)"], ["amount", "DECIMAL(18,2)"]]
    },
    write: (out, index, sourceId, o) => {
      out.orders.add(`${index},${sourceId},${o.order_id},${o.customer_id},${o.order_date},${csvText(o.status)},${money(o.total)},${o.lines.length}\n`)
      o.lines.forEach((line, i) => out.order_lines.add(`${index},${o.order_id},${i + 1},${csvText(line.sku)},${line.quantity},${money(line.unit_price)},${money(line.amount)}\n`))
    }
  }
})
