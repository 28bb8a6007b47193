-- Each customer's total spent and number of facts, all versions, kept incrementally.
CREATE TABLE customer_totals (
  customer_id BIGINT NOT NULL,
  total_spent DECIMAL(18,2) NOT NULL,
  transactions INTEGER NOT NULL,
  PRIMARY KEY (customer_id)
);
