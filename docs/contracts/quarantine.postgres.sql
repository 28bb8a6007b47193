-- Rejected records with machine-readable reasons; a record appears once per failed check.
CREATE TABLE quarantine (
  source_id TEXT,
  check_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  path TEXT NOT NULL,
  message TEXT NOT NULL,
  value TEXT,
  _record_index BIGINT NOT NULL,
  raw TEXT NOT NULL
);
