-- Every observation, for trajectories and the status CLI.
-- Grain: one row per indicator x area x period.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $indicator_ids (list or NULL = all), $area_codes (list or NULL = all).
-- (= ANY rather than list_contains: DuckDB can then skip row groups by their area's min and max.)
SELECT
    indicator_id, area_code, period, period_kind, start_year, end_year, position,
    value, lower_ci, upper_ci, numerator, denominator, value_note, suppressed,
    source_file, source_mtime, illustrative
FROM stg_observations($files, $extracts, $periods, $min_count)
WHERE ($indicator_ids IS NULL OR indicator_id = ANY($indicator_ids))
  AND ($area_codes IS NULL OR area_code = ANY($area_codes))
ORDER BY indicator_id, area_code, position;
