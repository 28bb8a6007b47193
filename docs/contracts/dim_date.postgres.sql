-- Calendar without gaps covering every transaction and ingestion date of the facts.
CREATE TABLE dim_date (
  date_key INTEGER NOT NULL,
  date DATE NOT NULL,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL,
  month INTEGER NOT NULL,
  day INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  PRIMARY KEY (date_key)
);
