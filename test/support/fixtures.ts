/** Small hand-made source records for unit tests. */
export const validCustomer = () => ({
  id: 1,
  name: "Ann Lee",
  email: "ann.lee@example.com",
  signup_date: "2024-01-02",
  last_purchase: "2024-03-01",
  total_spent: 40.2,
  transactions: [
    { transaction_id: 10, date: "2024-02-01", amount: 30.1, product_id: 5, product_name: "Desk Lamp" },
    { transaction_id: 11, date: "2024-03-01", amount: 10.1, product_id: 6, product_name: "Oak Desk" }
  ]
})

export type FixtureCustomer = ReturnType<typeof validCustomer>

/** The `{"customers": [...]}` document of some records. */
export const sourceDocument = (customers: ReadonlyArray<unknown>): string =>
  `{"customers": [\n${customers.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`
