-- Series for the overview's sparklines: each indicator in the area where it is judged.
-- Grain: one row per indicator x area x period.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $indicator_ids and $area_codes (two lists of equal length: each indicator and the area it is judged in,
--   logframe.assessments.judged_area).
WITH judged AS (
    SELECT unnest($indicator_ids)::VARCHAR AS indicator_id, unnest($area_codes)::VARCHAR AS area_code
)
SELECT o.indicator_id, o.area_code, o.period, o.period_kind, o.start_year, o.end_year, o.position, o.value,
       o.lower_ci, o.upper_ci, o.numerator, o.denominator, o.value_note, o.suppressed, o.illustrative, o.definition,
       o.source_file, o.source_mtime
FROM stg_observations($files, $extracts, $periods, $min_count) AS o
JOIN judged USING (indicator_id, area_code)
-- implied by the join, but a filter on the scan alone: DuckDB applies it while reading the Parquet files, so only
-- these areas' rows reach the join (at neighbourhood scale, thousands of times fewer)
WHERE list_contains($area_codes, o.area_code)
ORDER BY o.indicator_id, o.area_code, o.position;
