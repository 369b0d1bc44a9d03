-- What one extract covers, for the Data page and the validator's OK line.
-- Grain: one row (the whole file).
-- Parameters: $file (one Parquet path).
-- pairs: each distinct indicator x period as written, read in Python by the indicator's periodicity
--   (logframe.periods.canonical): few, however many rows the file has.
-- n_breakdown_rows: rows for one group (breakdown_type given), which the dashboard's breakdown queries read.
SELECT count(*) AS n_rows,
       count(*) FILTER (WHERE nullif(trim(breakdown_type::VARCHAR), '') IS NOT NULL) AS n_breakdown_rows,
       count(DISTINCT indicator_id) AS n_indicators,
       count(DISTINCT area_code) AS n_areas,
       list(DISTINCT indicator_id::VARCHAR ORDER BY indicator_id::VARCHAR) AS indicators,
       list(DISTINCT area_code::VARCHAR ORDER BY area_code::VARCHAR) AS areas,
       list(DISTINCT {'indicator_id': indicator_id::VARCHAR, 'period': period::VARCHAR}) AS pairs
FROM (SELECT * FROM read_parquet($file)
      UNION ALL BY NAME SELECT NULL::VARCHAR AS breakdown_type WHERE false);
