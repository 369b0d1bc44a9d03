-- Which indicators have breakdown rows in which areas: the board pack's line per indicator, and the lists.
-- Grain: one row per indicator x area x breakdown_type.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $area_codes (list).
SELECT indicator_id, area_code, breakdown_type,
       count(DISTINCT breakdown) AS n_groups,
       count(DISTINCT period) AS n_periods,
       max(position) AS latest_position
FROM stg_extract_rows($files, $extracts, $periods, $min_count)
WHERE breakdown_type IS NOT NULL AND list_contains($area_codes, area_code) AND value IS NOT NULL
GROUP BY ALL
ORDER BY indicator_id, area_code, breakdown_type;
