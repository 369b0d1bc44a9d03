-- Series for the overview's sparklines: each indicator in the chosen area and in its own geography.
-- Grain: one row per indicator x area x period (area is the chosen area or the indicator's own geography).
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql);
--   $area_code (the chosen area); $indicator_ids and $own_geographies (two lists of equal length:
--   each indicator and the area its target is set for).
WITH own AS (
    SELECT unnest($indicator_ids)::VARCHAR AS indicator_id, unnest($own_geographies)::VARCHAR AS own_geography
)
SELECT o.indicator_id, o.area_code, o.period, o.position, o.value, o.lower_ci, o.upper_ci, o.value_note,
       o.illustrative
FROM stg_observations($files, $extracts, $periods, $min_count) AS o
JOIN own ON own.indicator_id = o.indicator_id
WHERE o.area_code = $area_code OR o.area_code = own.own_geography
  -- implied by the line above, but a filter on the scan alone: DuckDB applies it while reading the Parquet
  -- files, so only these areas' rows reach the joins (at neighbourhood scale, thousands of times fewer)
  AND list_contains(list_append($own_geographies, $area_code), o.area_code)
ORDER BY o.indicator_id, o.area_code, o.position;
