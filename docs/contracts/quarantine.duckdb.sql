-- Rejected records with machine-readable reasons; a record appears once per failed check.
CREATE TABLE quarantine (
  source_id VARCHAR,
  check_id VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  value VARCHAR,
  _record_index BIGINT NOT NULL,
  raw VARCHAR NOT NULL
);
