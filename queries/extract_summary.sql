-- What one extract covers, for the Data page and the validator's OK line.
-- Grain: one row (the whole file).
-- Parameters: $file (one Parquet path).
SELECT count(*) AS n_rows,
       count(DISTINCT indicator_id) AS n_indicators,
       count(DISTINCT area_code) AS n_areas,
       list(DISTINCT indicator_id::VARCHAR ORDER BY indicator_id::VARCHAR) AS indicators,
       list(DISTINCT area_code::VARCHAR ORDER BY area_code::VARCHAR) AS areas,
       list(DISTINCT period::VARCHAR) AS periods
FROM read_parquet($file);
