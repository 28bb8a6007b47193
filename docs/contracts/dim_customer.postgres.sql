-- Customer dimension, SCD type 2 on name and email; one current row per customer.
CREATE TABLE dim_customer (
  customer_key BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  signup_date DATE NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE,
  is_current BOOLEAN NOT NULL,
  PRIMARY KEY (customer_key)
);
