-- Accepted customers: every row-level and batch check passed.
CREATE TABLE customers (
  customer_id BIGINT NOT NULL,
  name VARCHAR NOT NULL,
  email VARCHAR NOT NULL,
  signup_date DATE NOT NULL,
  last_purchase DATE,
  total_spent DECIMAL(18,2) NOT NULL,
  transaction_count INTEGER NOT NULL,
  _record_index BIGINT NOT NULL,
  PRIMARY KEY (customer_id)
);
