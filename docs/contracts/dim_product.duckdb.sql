-- Product dimension; the name of the latest delivery (type 1), renames flagged.
CREATE TABLE dim_product (
  product_key BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  product_name VARCHAR NOT NULL,
  last_seen DATE NOT NULL,
  PRIMARY KEY (product_key)
);
