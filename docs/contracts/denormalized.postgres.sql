-- Accepted transactions joined with their customer and product, for flat analysis.
CREATE TABLE denormalized (
  transaction_id BIGINT NOT NULL,
  transaction_date DATE NOT NULL,
  amount NUMERIC(18,2) NOT NULL,
  product_id BIGINT NOT NULL,
  product_name TEXT NOT NULL,
  customer_id BIGINT NOT NULL,
  customer_name TEXT NOT NULL,
  email TEXT NOT NULL,
  signup_date DATE NOT NULL,
  PRIMARY KEY (transaction_id),
  FOREIGN KEY (transaction_id) REFERENCES transactions (transaction_id),
  FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
);
