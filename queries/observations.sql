-- Every observation, for trajectories and the status CLI.
-- Grain: one row per indicator x area x period.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $indicator_ids (list or NULL = all), $area_codes (list or NULL = all).
-- (Each list twice on purpose: = ANY lets DuckDB skip the store's row groups by their area's min and max, and
-- list_contains is a plain filter that still reaches the Parquet scan when the extracts are read while a newer
-- file's rows are being de-duplicated, where DuckDB 1.5.5 cannot carry = ANY through the anti-join: 3.4 s -> 0.3 s
-- for one area at 10 million rows with a revision file on top.)
SELECT
    indicator_id, area_code, period, period_kind, start_year, end_year, position,
    value, lower_ci, upper_ci, numerator, denominator, value_note, suppressed, definition,
    source_file, source_mtime, illustrative
FROM stg_observations($files, $extracts, $periods, $min_count)
WHERE ($indicator_ids IS NULL OR (indicator_id = ANY($indicator_ids) AND list_contains($indicator_ids, indicator_id)))
  AND ($area_codes IS NULL OR (area_code = ANY($area_codes) AND list_contains($area_codes, area_code)))
ORDER BY indicator_id, area_code, position;
