-- A Fingertips data export turned into contract rows.
-- Grain: one row per Fingertips row that is a whole-population row (no Category breakdown) of the
--   indicator's sex (Persons unless the registry says Male/Female); Age 'All ages' is kept where an
--   indicator x area x period has several age bands, otherwise its one band is used.
-- Parameters: $file (one Parquet path); $mapping: list of {fingertips_id, sex, indicator_id} from the registry.
-- indicator_id is NULL where the Fingertips indicator is not mapped; the caller reports those rows.
WITH raw AS (
    SELECT * FROM read_parquet($file, file_row_number = true)
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS "Sex", NULL::VARCHAR AS "Age", NULL::VARCHAR AS "Category Type",
           NULL::DOUBLE AS "Lower CI 95.0 limit", NULL::DOUBLE AS "Upper CI 95.0 limit",
           NULL::DOUBLE AS "Count", NULL::DOUBLE AS "Denominator", NULL::VARCHAR AS "Value note",
           NULL::VARCHAR AS "Indicator Name", NULL::BIGINT AS file_row_number
    WHERE false
),
m AS (SELECT unnest($mapping, recursive := true)),
rows AS (
    SELECT
        m.indicator_id,
        TRY_CAST(raw."Indicator ID" AS BIGINT) AS fingertips_id,
        raw."Indicator Name"::VARCHAR AS fingertips_name,
        trim(raw."Area Code"::VARCHAR) AS area_code,
        trim(raw."Time period"::VARCHAR) AS period,
        raw."Value"::DOUBLE AS value,
        raw."Lower CI 95.0 limit"::DOUBLE AS lower_ci,
        raw."Upper CI 95.0 limit"::DOUBLE AS upper_ci,
        raw."Count"::DOUBLE AS numerator,
        raw."Denominator"::DOUBLE AS denominator,
        nullif(trim(raw."Value note"::VARCHAR), '') AS value_note,
        raw."Age"::VARCHAR AS age,
        raw.file_row_number + 1 AS source_row
    FROM raw
    LEFT JOIN m ON m.fingertips_id = TRY_CAST(raw."Indicator ID" AS BIGINT)
               AND m.sex = coalesce(nullif(trim(raw."Sex"::VARCHAR), ''), 'Persons')
    WHERE coalesce(trim(raw."Category Type"::VARCHAR), '') = ''
      AND (m.indicator_id IS NOT NULL OR coalesce(trim(raw."Sex"::VARCHAR), 'Persons') = 'Persons')
)
SELECT * EXCLUDE (age)
FROM rows
QUALIFY count(*) OVER (PARTITION BY indicator_id, area_code, period) = 1 OR age = 'All ages'
ORDER BY source_row;
