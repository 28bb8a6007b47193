-- The top N customers by total spent, recalculated from customer_totals.
CREATE TABLE top_customers (
  rank INTEGER NOT NULL,
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  total_spent NUMERIC(18,2) NOT NULL,
  PRIMARY KEY (rank)
);
