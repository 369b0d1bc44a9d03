-- Whether one extract can be read through the staging macro on its own (asked after a query over every file failed,
-- to find the file at fault).
-- Grain: one row (the file).
-- Parameters: $files (one path), $extracts (its one entry), $periods, $min_count (see stg_observations.sql).
SELECT count(*) AS n_rows,
       sum(hash(indicator_id, area_code, period, value, lower_ci, upper_ci, numerator, denominator, value_note))
           AS checksum  -- every column read, so a damaged one is found
FROM stg_extract_rows($files, $extracts, $periods, $min_count);
