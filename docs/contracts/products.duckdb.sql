-- Products of accepted transactions; product_id is unique, so each has exactly one name.
CREATE TABLE products (
  product_id BIGINT NOT NULL,
  product_name VARCHAR NOT NULL,
  PRIMARY KEY (product_id)
);
