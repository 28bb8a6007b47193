-- Accepted transactions of accepted customers.
CREATE TABLE transactions (
  transaction_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  transaction_date DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  product_id BIGINT NOT NULL,
  _record_index BIGINT NOT NULL,
  PRIMARY KEY (transaction_id),
  FOREIGN KEY (customer_id) REFERENCES customers (customer_id),
  FOREIGN KEY (product_id) REFERENCES products (product_id)
);
