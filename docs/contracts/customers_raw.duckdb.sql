-- Every source record verbatim, one row per element of the customers array, with lineage columns.
CREATE TABLE customers_raw (
  _record_index BIGINT NOT NULL,
  raw VARCHAR NOT NULL,
  _ingestion_date DATE NOT NULL,
  _source_file VARCHAR NOT NULL,
  _ingested_at TIMESTAMP NOT NULL,
  PRIMARY KEY (_record_index)
);
