-- A Fingertips data export (OHID), as downloaded (CSV) or saved as Parquet, classified row by row and mapped to the
-- registry through its fingertips_id (and fingertips_sex) columns.
-- Grain: one row per source row and registry indicator it maps to (a source row may feed two indicators, e.g. the
--   Kent and the Medway rows of one measure); a row that maps to none appears once, with indicator_id NULL.
-- Reads: the table `source` (the file's rows, registered by logframe.importers, with a 1-based source_row).
-- Parameters: $mapping: list of {fingertips_id, sex, indicator_id} ('Persons' unless the registry names a sex);
--   $area_codes: the registry's area codes.
-- fate is NULL where the row becomes a contract row; otherwise why it is left out: 'unmapped_indicator',
--   'breakdown' (a Category Type such as deprivation deciles), 'other_sex', 'outside_registry', 'other_age',
--   'not_a_number' (a value that is not a number: a fault in the file, reported as a problem).
-- An indicator published for one sex only (smoking at time of delivery: Female) uses that sex when the registry
-- asks for Persons; an indicator with several age bands uses 'All ages', one with a single band uses it.
WITH raw AS (
    SELECT * FROM source
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS "Indicator Name", NULL::VARCHAR AS "Sex", NULL::VARCHAR AS "Age",
           NULL::VARCHAR AS "Category Type", NULL::VARCHAR AS "Lower CI 95.0 limit",
           NULL::VARCHAR AS "Upper CI 95.0 limit", NULL::VARCHAR AS "Count", NULL::VARCHAR AS "Denominator",
           NULL::VARCHAR AS "Value note", NULL::BIGINT AS source_row
    WHERE false
),
rows AS (
    SELECT
        source_row,
        TRY_CAST(TRY_CAST(trim("Indicator ID"::VARCHAR) AS DOUBLE) AS BIGINT) AS fingertips_id,
        nullif(trim("Indicator Name"::VARCHAR), '') AS fingertips_name,
        trim("Area Code"::VARCHAR) AS area_code,
        trim("Time period"::VARCHAR) AS period,
        coalesce(nullif(trim("Sex"::VARCHAR), ''), 'Persons') AS sex,
        nullif(trim("Age"::VARCHAR), '') AS age,
        nullif(trim("Category Type"::VARCHAR), '') AS category_type,
        nullif(trim("Value"::VARCHAR), '') AS value_text,
        nullif(trim("Lower CI 95.0 limit"::VARCHAR), '') AS lower_text,
        nullif(trim("Upper CI 95.0 limit"::VARCHAR), '') AS upper_text,
        nullif(trim("Count"::VARCHAR), '') AS count_text,
        nullif(trim("Denominator"::VARCHAR), '') AS denominator_text,
        nullif(trim("Value note"::VARCHAR), '') AS value_note
    FROM raw
),
m AS (SELECT unnest($mapping, recursive := true)),
present AS (
    SELECT fingertips_id, list(DISTINCT sex ORDER BY sex) AS sexes
    FROM rows WHERE category_type IS NULL GROUP BY fingertips_id
),
wanted AS (
    SELECT m.indicator_id, m.fingertips_id,
           CASE WHEN m.sex = 'Persons' AND NOT list_contains(p.sexes, 'Persons') AND len(p.sexes) = 1
                THEN p.sexes[1] ELSE m.sex END AS sex
    FROM m LEFT JOIN present p USING (fingertips_id)
),
matched AS (
    SELECT r.*, w.indicator_id,
           r.fingertips_id IN (SELECT fingertips_id FROM m) AS known,
           (r.value_text IS NOT NULL AND TRY_CAST(r.value_text AS DOUBLE) IS NULL)
            OR (r.lower_text IS NOT NULL AND TRY_CAST(r.lower_text AS DOUBLE) IS NULL)
            OR (r.upper_text IS NOT NULL AND TRY_CAST(r.upper_text AS DOUBLE) IS NULL)
            OR (r.count_text IS NOT NULL AND TRY_CAST(r.count_text AS DOUBLE) IS NULL)
            OR (r.denominator_text IS NOT NULL AND TRY_CAST(r.denominator_text AS DOUBLE) IS NULL) AS bad_number
    FROM rows r
    LEFT JOIN wanted w ON w.fingertips_id = r.fingertips_id AND w.sex = r.sex AND r.category_type IS NULL
),
classified AS (
    SELECT *,
        CASE WHEN NOT coalesce(known, false) THEN 'unmapped_indicator'
             WHEN category_type IS NOT NULL THEN 'breakdown'
             WHEN indicator_id IS NULL THEN 'other_sex'
             WHEN area_code IS NULL OR area_code NOT IN (SELECT unnest($area_codes)) THEN 'outside_registry'
             WHEN bad_number THEN 'not_a_number'
        END AS early_fate
    FROM matched
)
SELECT
    source_row,
    CASE WHEN early_fate IS NOT NULL THEN early_fate
         WHEN count(*) OVER (PARTITION BY indicator_id, area_code, period, early_fate) > 1
              AND coalesce(age, '') <> 'All ages' THEN 'other_age'
    END AS fate,
    CASE early_fate
        WHEN 'unmapped_indicator' THEN concat_ws(' ', coalesce(fingertips_id::VARCHAR, '?'), fingertips_name)
        WHEN 'breakdown' THEN category_type
        WHEN 'other_sex' THEN sex
        WHEN 'outside_registry' THEN area_code
        WHEN 'not_a_number' THEN coalesce(CASE WHEN TRY_CAST(value_text AS DOUBLE) IS NULL THEN value_text END,
                                          lower_text, upper_text, count_text, denominator_text)
        ELSE age
    END AS detail,
    indicator_id, area_code, period,
    TRY_CAST(value_text AS DOUBLE) AS value,
    TRY_CAST(lower_text AS DOUBLE) AS lower_ci,
    TRY_CAST(upper_text AS DOUBLE) AS upper_ci,
    TRY_CAST(count_text AS DOUBLE) AS numerator,
    TRY_CAST(denominator_text AS DOUBLE) AS denominator,
    value_note
FROM classified
ORDER BY source_row, indicator_id;
