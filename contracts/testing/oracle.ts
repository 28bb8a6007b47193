/**
 * A reference model of the source contract's batch checks, written
 * independently of their SQL: the first occurrence of a key in file order
 * (record, then position) is kept; a product's name is the one most used in the
 * batch, ties going to the name seen first in file order.
 */
import type { Customer } from "../source/customers.ts"

/** Record index → the batch check ids it fails, for a batch of valid records. */
export const expectedBatchViolations = (customers: ReadonlyArray<Customer>): ReadonlyMap<number, ReadonlyArray<string>> => {
  const failed = new Map<number, Set<string>>()
  const flag = (i: number, id: string) => failed.set(i, (failed.get(i) ?? new Set()).add(id))
  const customerIds = new Set<number>()
  const transactionIds = new Set<number>()
  const names = new Map<number, Map<string, { uses: number; first: number }>>()
  let order = 0
  customers.forEach((c, i) => {
    if (customerIds.has(c.id)) flag(i, "key.customer_id_unique")
    customerIds.add(c.id)
    for (const t of c.transactions) {
      if (transactionIds.has(t.transaction_id)) flag(i, "key.transaction_id_unique")
      transactionIds.add(t.transaction_id)
      const byName = names.get(t.product_id) ?? new Map()
      const seen = byName.get(t.product_name) ?? { uses: 0, first: order }
      byName.set(t.product_name, { uses: seen.uses + 1, first: seen.first })
      names.set(t.product_id, byName)
      order++
    }
  })
  const majority = new Map<number, string>()
  for (const [product, byName] of names) {
    const [best] = [...byName].sort(([, a], [, b]) => b.uses - a.uses || a.first - b.first)
    majority.set(product, best![0])
  }
  customers.forEach((c, i) => {
    if (c.transactions.some((t) => majority.get(t.product_id) !== t.product_name)) flag(i, "product.name_consistent")
  })
  return new Map([...failed].sort(([a], [b]) => a - b).map(([i, ids]) => [i, [...ids].sort()]))
}
