-- Breakdown rows: one group's figure (by sex, age, deprivation decile or quintile, ethnicity, other) of one indicator
-- in the given areas, the newest file winning where two files hold the same group (as for whole-population rows).
-- Grain: one row per indicator x area x period x breakdown_type x breakdown.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql: the
--   small-number rule applies to groups too); $indicator_id; $area_codes (list, or NULL for every area).
-- Never run on the consolidated store, which holds whole-population rows only (logframe.extracts SOURCE_QUERIES).
SELECT
    indicator_id, area_code, period, period_kind, start_year, end_year, position, breakdown_type, breakdown,
    value, lower_ci, upper_ci, numerator, denominator, value_note, suppressed, source_file, source_mtime, illustrative
FROM stg_extract_rows($files, $extracts, $periods, $min_count)
WHERE breakdown_type IS NOT NULL
  AND indicator_id = $indicator_id
  AND ($area_codes IS NULL OR list_contains($area_codes, area_code))
QUALIFY row_number() OVER (PARTITION BY indicator_id, area_code, period, breakdown_type, breakdown
                           ORDER BY rank DESC) = 1
ORDER BY area_code, breakdown_type, breakdown, position;
