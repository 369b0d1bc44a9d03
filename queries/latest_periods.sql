-- The latest period with a value for each indicator and area, and the file it came from (Data page).
-- Grain: one row per indicator x area.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql).
SELECT indicator_id, area_code,
       arg_max(period, position) AS latest_period,
       arg_max(value, position) AS latest_value,
       arg_max(source_file, position) AS source_file,
       arg_max(illustrative, position) AS illustrative,
       arg_max(definition, position) AS definition,
       count(*) AS n_periods
FROM stg_observations($files, $extracts, $periods, $min_count)
WHERE value IS NOT NULL
GROUP BY indicator_id, area_code
ORDER BY indicator_id, area_code;
