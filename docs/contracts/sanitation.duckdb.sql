-- The outcome of every record-level check for every source record, accepted or not.
CREATE TABLE sanitation (
  _record_index BIGINT NOT NULL,
  source_id VARCHAR,
  outcome VARCHAR NOT NULL,
  failed_checks VARCHAR NOT NULL,
  schema_passed BOOLEAN,
  email_format_passed BOOLEAN,
  amount_positive_passed BOOLEAN,
  amount_total_spent_matches_passed BOOLEAN,
  date_not_in_future_passed BOOLEAN,
  date_transaction_after_signup_passed BOOLEAN,
  date_last_purchase_matches_passed BOOLEAN,
  key_customer_id_unique_passed BOOLEAN,
  key_transaction_id_unique_passed BOOLEAN,
  product_name_consistent_passed BOOLEAN,
  PRIMARY KEY (_record_index)
);
