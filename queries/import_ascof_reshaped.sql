-- ASCOF open data as reshaped by a third party (one row per council x measure x breakdown, outcome values only,
-- a Year column, measures named by their description rather than their code), classified row by row and mapped
-- to the registry through its ascof_measure column.
-- Grain: one row per source row and registry indicator it maps to; a row that maps to none appears once, with
--   indicator_id NULL.
-- Reads: the table `source` (registered by logframe.importers, with a 1-based source_row).
-- Parameters: $mapping: list of {code, indicator_id, definition} (definition: see import_ascof.sql); $descriptions: list of {description, code} (each measure
--   description in the file and its ASCOF code, matched in Python; code NULL when not recognised); $years: list of
--   {year, period} (each Year in the file and its financial year: 2019 -> '2018/19'); $area_codes.
-- fate is NULL for a row that is used; otherwise 'unknown_measure', 'unmapped_measure', 'outside_registry',
--   'bad_year', 'not_a_number'. A breakdown row (disaggregation other than 'Total': 'Female', '65 and over') is used,
--   as that group's figure.
WITH rows AS (
    SELECT
        source_row,
        nullif(trim("ONS Code"::VARCHAR), '') AS area_code,
        trim("Geographical Description"::VARCHAR) AS area_name,
        "Measure Group Description"::VARCHAR AS description,
        trim("Disaggregation Level"::VARCHAR) AS disaggregation,
        trim("Year"::VARCHAR) AS year,
        nullif(trim("Measure Value"::VARCHAR), '') AS value_text
    FROM source
),
d AS (SELECT unnest($descriptions, recursive := true)),
y AS (SELECT unnest($years, recursive := true)),
m AS (SELECT unnest($mapping, recursive := true))
SELECT
    r.source_row,
    CASE WHEN d.code IS NULL THEN 'unknown_measure'
         WHEN m.indicator_id IS NULL THEN 'unmapped_measure'
         WHEN r.area_code IS NULL OR r.area_code NOT IN (SELECT unnest($area_codes)) THEN 'outside_registry'
         WHEN y.period IS NULL THEN 'bad_year'
         WHEN r.value_text IS NOT NULL AND r.value_text <> '[x]' AND TRY_CAST(r.value_text AS DOUBLE) IS NULL
              THEN 'not_a_number'
    END AS fate,
    CASE WHEN d.code IS NULL THEN r.description
         WHEN m.indicator_id IS NULL THEN d.code
         WHEN r.area_code IS NULL OR r.area_code NOT IN (SELECT unnest($area_codes))
              THEN coalesce(r.area_code, r.area_name)
         WHEN y.period IS NULL THEN r.year
         ELSE r.value_text
    END AS detail,
    m.indicator_id, m.definition, r.area_code, y.period, d.code AS measure, 'Outcome' AS measure_type,
    CASE WHEN r.value_text = '[x]' THEN NULL ELSE r.value_text END AS value_text,
    CASE WHEN r.value_text = '[x]' THEN '[x]' END AS marker, r.disaggregation,
    TRY_CAST(r.value_text AS DOUBLE) AS value
FROM rows r
LEFT JOIN d ON d.description = r.description
LEFT JOIN y ON y.year = r.year
LEFT JOIN m ON m.code = d.code
ORDER BY r.source_row, m.indicator_id;
