-- Transactions, once each, keyed to the customer version, product and date dimensions.
CREATE TABLE fact_transactions (
  transaction_id BIGINT NOT NULL,
  customer_key BIGINT NOT NULL,
  product_key BIGINT NOT NULL,
  date_key INTEGER NOT NULL,
  amount NUMERIC(18,2) NOT NULL,
  ingestion_date DATE NOT NULL,
  PRIMARY KEY (transaction_id)
);
