-- Which indicators and periods have district figures: the options of the Districts page.
-- Grain: one row per indicator x period with a value for at least one of $district_codes.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $district_codes (list of the Kent district area codes).
SELECT
    indicator_id,
    period,
    any_value(position) AS position,
    count(*) AS n_districts
FROM stg_observations($files, $extracts, $periods, $min_count)
WHERE list_contains($district_codes, area_code)
  AND value IS NOT NULL
GROUP BY indicator_id, period
ORDER BY indicator_id, position;
