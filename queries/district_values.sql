-- One indicator in one period across the districts and their references (Medway, Kent, Kent and Medway, England).
-- Grain: one row per area in $area_codes, in that list's order; an area with no observation comes back with
--   NULL value, CI and source (so a missing district shows as "no data", not as absent).
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $indicator_id, $period (a period label, e.g. '2024/25'), $area_codes (list).
WITH wanted AS (
    SELECT unnest($area_codes) AS area_code
),
obs AS (
    SELECT area_code, period, value, lower_ci, upper_ci, numerator, denominator, value_note,
           source_file, illustrative, definition
    FROM stg_observations($files, $extracts, $periods, $min_count)
    WHERE indicator_id = $indicator_id
      AND period = $period
)
SELECT
    $indicator_id AS indicator_id,
    wanted.area_code,
    $period AS period,
    obs.value, obs.lower_ci, obs.upper_ci, obs.numerator, obs.denominator, obs.value_note,
    obs.source_file, obs.illustrative, obs.definition
FROM wanted
LEFT JOIN obs USING (area_code)
ORDER BY list_position($area_codes, wanted.area_code);
