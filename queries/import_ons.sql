-- An ONS "Explore local statistics" indicator file, as downloaded (CSV) or saved as Parquet, classified row by row
-- and mapped to the registry through its ons_indicator column. Column names are those of the current files
-- (logframe.importers.ons renames the older ones: AREACD, Variable Name, Lower Confidence Interval (95%), ...).
-- Grain: one row per source row and registry indicator it maps to; a row that maps to none appears once, with
--   indicator_id NULL.
-- Reads: the table `source` (registered by logframe.importers, with a 1-based source_row).
-- Parameters: $mapping: list of {ons_indicator, duration, indicator_id} (duration such as 'P5Y', or '' for any);
--   $periods: list of {iso, label} (each ISO 8601 interval in the file and its contract period, converted in
--   Python by logframe.periods.from_iso_interval; label NULL when it has none); $area_codes.
-- fate is NULL for a row that is used; otherwise 'unmapped_indicator', 'other_period_length', 'outside_registry',
--   'period_not_converted', 'not_a_number' (a fault: reported as a problem).
-- status: ONS's observation status ('x' not available, 'u' low reliability), kept in value_note with the notes.
WITH raw AS (
    SELECT * FROM source
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS lci_95, NULL::VARCHAR AS uci_95, NULL::VARCHAR AS status, NULL::VARCHAR AS notes,
           NULL::BIGINT AS source_row
    WHERE false
),
rows AS (
    SELECT
        source_row,
        nullif(trim(areacd::VARCHAR), '') AS area_code,
        trim(indicator::VARCHAR) AS ons_indicator,
        trim(period::VARCHAR) AS iso,
        regexp_extract(trim(period::VARCHAR), '/(P[0-9]+[YM])$', 1) AS duration,
        nullif(trim(observation::VARCHAR), '') AS value_text,
        nullif(trim(lci_95::VARCHAR), '') AS lower_text,
        nullif(trim(uci_95::VARCHAR), '') AS upper_text,
        nullif(trim(status::VARCHAR), '') AS status,
        nullif(trim(notes::VARCHAR), '') AS notes
    FROM raw
),
m AS (SELECT unnest($mapping, recursive := true)),
p AS (SELECT unnest($periods, recursive := true)),
matched AS (
    SELECT r.*, m.indicator_id, p.label AS period,
           r.ons_indicator IN (SELECT ons_indicator FROM m) AS known
    FROM rows r
    LEFT JOIN m ON m.ons_indicator = r.ons_indicator AND (m.duration = '' OR m.duration = r.duration)
    LEFT JOIN p ON p.iso = r.iso
)
SELECT
    source_row,
    CASE WHEN NOT known THEN 'unmapped_indicator'
         WHEN indicator_id IS NULL THEN 'other_period_length'
         WHEN area_code IS NULL OR area_code NOT IN (SELECT unnest($area_codes)) THEN 'outside_registry'
         WHEN period IS NULL THEN 'period_not_converted'
         WHEN (value_text IS NOT NULL AND TRY_CAST(value_text AS DOUBLE) IS NULL)
           OR (lower_text IS NOT NULL AND TRY_CAST(lower_text AS DOUBLE) IS NULL)
           OR (upper_text IS NOT NULL AND TRY_CAST(upper_text AS DOUBLE) IS NULL) THEN 'not_a_number'
    END AS fate,
    CASE WHEN NOT known THEN ons_indicator
         WHEN indicator_id IS NULL THEN ons_indicator || ' over ' || duration
         WHEN area_code IS NULL OR area_code NOT IN (SELECT unnest($area_codes)) THEN area_code
         WHEN period IS NULL THEN iso
         ELSE coalesce(CASE WHEN TRY_CAST(value_text AS DOUBLE) IS NULL THEN value_text END, lower_text, upper_text)
    END AS detail,
    indicator_id, area_code, period,
    TRY_CAST(value_text AS DOUBLE) AS value,
    TRY_CAST(lower_text AS DOUBLE) AS lower_ci,
    TRY_CAST(upper_text AS DOUBLE) AS upper_ci,
    CAST(NULL AS DOUBLE) AS numerator,
    CAST(NULL AS DOUBLE) AS denominator,
    concat_ws('; ',
        CASE lower(status) WHEN 'x' THEN '[x] not available (ONS)'
                    WHEN 'u' THEN '[u] low reliability, not published (ONS)'
                    ELSE CASE WHEN status IS NOT NULL THEN 'ONS status ' || status END END,
        CASE WHEN value_text IS NULL AND status IS NULL THEN 'no value published (ONS)' END,
        notes) AS value_note
FROM matched
ORDER BY source_row, indicator_id;
