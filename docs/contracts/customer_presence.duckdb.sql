-- Runs of merged dates on which a customer was delivered with the same attributes; the state dim_customer derives from.
CREATE TABLE customer_presence (
  customer_id BIGINT NOT NULL,
  name VARCHAR NOT NULL,
  email VARCHAR NOT NULL,
  signup_date DATE NOT NULL,
  first_seen DATE NOT NULL,
  last_seen DATE NOT NULL,
  PRIMARY KEY (customer_id, first_seen)
);
