-- The ASCOF open-data file (NHS England), as downloaded (CSV) or saved as Parquet, classified row by row and
-- mapped to the registry through its ascof_measure column. The file has one row per council x measure x
-- breakdown x measure type (Outcome, Numerator, Denominator, Base, Margin Of Error); logframe.importers.ascof
-- joins the Outcome, Numerator, Denominator and Margin Of Error rows of each indicator and area into one
-- contract row.
-- Grain: one row per source row and registry indicator it maps to (2B1 feeds the Kent and the Medway rows); a row
--   that maps to none appears once, with indicator_id NULL.
-- Reads: the table `source` (registered by logframe.importers, with a 1-based source_row).
-- Column names are those of the 2020/21 file (logframe.importers.ascof renames other years' spellings and adds a
--   Measure Group from the measure codes where a year's file has none).
-- Parameters: $mapping: list of {code, indicator_id, definition} (the year's ASCOF measure group -> registry id, and
--   what the measure is where it is not the plan's definition); $area_codes; $markers: the cells ASCOF writes in
--   place of a value ('[x]', '[c]', '[z]', '[u]', 'c', ':'): used, as a value not given, with the marker's meaning.
--   A number followed by ' [u]' (low reliability) is kept, with its marker.
-- fate is NULL for a row that is used; otherwise why it is left out: 'unmapped_measure', 'outside_registry',
--   'other_measure_type' (Base), 'not_a_number' (a fault: reported as a problem).
-- disaggregation: 'Total' for the whole population, otherwise the group ('Female', '65-74') of a breakdown row,
--   which is used too (logframe.importers.ascof gives it its breakdown_type).
WITH rows AS (
    SELECT
        source_row,
        nullif(trim("ONS Code"::VARCHAR), '') AS area_code,
        trim("Geographical Description"::VARCHAR) AS area_name,
        trim("Measure Group"::VARCHAR) AS measure,
        trim("Disaggregation Level"::VARCHAR) AS disaggregation,
        trim("Measure Type"::VARCHAR) AS measure_type,
        nullif(trim("Measure Value"::VARCHAR), '') AS cell
    FROM source
),
cells AS (
    SELECT * EXCLUDE (cell),
           CASE WHEN cell IN (SELECT unnest($markers)) THEN NULL
                ELSE nullif(trim(regexp_replace(cell, '\s*\[u\]$', '')), '') END AS value_text,
           CASE WHEN cell IN (SELECT unnest($markers)) THEN cell
                WHEN cell LIKE '%[u]' THEN '[u]' END AS marker
    FROM rows
),
m AS (SELECT unnest($mapping, recursive := true))
SELECT
    r.source_row,
    CASE WHEN m.indicator_id IS NULL THEN 'unmapped_measure'
         WHEN r.area_code IS NULL OR r.area_code NOT IN (SELECT unnest($area_codes)) THEN 'outside_registry'
         WHEN r.measure_type NOT IN ('Outcome', 'Numerator', 'Denominator', 'Margin Of Error') THEN 'other_measure_type'
         WHEN r.value_text IS NOT NULL AND TRY_CAST(r.value_text AS DOUBLE) IS NULL
              THEN 'not_a_number'
    END AS fate,
    CASE WHEN m.indicator_id IS NULL THEN r.measure
         WHEN r.area_code IS NULL OR r.area_code NOT IN (SELECT unnest($area_codes))
              THEN coalesce(r.area_code, r.area_name)
         WHEN r.measure_type NOT IN ('Outcome', 'Numerator', 'Denominator', 'Margin Of Error') THEN r.measure_type
         ELSE r.value_text
    END AS detail,
    m.indicator_id, m.definition, r.area_code, r.measure, r.measure_type, r.value_text, r.marker, r.disaggregation,
    TRY_CAST(r.value_text AS DOUBLE) AS value
FROM cells r
LEFT JOIN m ON m.code = r.measure
ORDER BY r.source_row, m.indicator_id;
