-- A Fingertips data export (OHID), as downloaded (CSV) or saved as Parquet, classified row by row and mapped to the
-- registry through its fingertips_id (and fingertips_sex) columns.
-- Grain: one row per source row and registry indicator of its Fingertips id (a source row may feed two indicators,
--   e.g. the Kent and the Medway rows of one measure, and is left out for the others: logframe.importers.summarise
--   counts a row as left out only when no indicator uses it); a row that maps to none appears once, with
--   indicator_id NULL.
-- Reads: the table `source` (the file's rows, registered by logframe.importers, with a 1-based source_row).
-- Parameters: $mapping: list of {fingertips_id, sex, age, indicator_id, definition} ('Persons' unless the registry
--   names a sex; age '' unless it names the band to read; definition '' where the Fingertips indicator is the plan's,
--   else what it is: its rows are used, shown and never judged);
--   $area_codes: the registry's area codes.
-- fate is NULL where the row becomes a contract row; otherwise why it is left out: 'unmapped_indicator',
--   'other_sex', 'outside_registry', 'other_age', 'breakdown' (broken down two ways at once, e.g. deciles of one
--   sex only), 'unnamed_group' (a Category Type with no Category), 'not_a_number' (a value that is not a number: a
--   fault in the file, reported as a problem).
-- Each used row is the whole population (breakdown_of NULL) or one group of one breakdown at the whole population's
--   sex and age: breakdown_of 'sex' (Male, Female where the registry asks for Persons), 'age' (a band where the
--   whole population is 'All ages'), or 'category' (a Category Type such as deprivation deciles: its Category);
--   logframe.importers.fingertips gives each its contract breakdown_type.
-- An indicator published for one sex only (smoking at time of delivery: Female) uses that sex when the registry
-- asks for Persons; an indicator with several age bands uses 'All ages', one with a single band uses it.
WITH raw AS (
    SELECT * FROM source
    UNION ALL BY NAME
    SELECT NULL::VARCHAR AS "Indicator Name", NULL::VARCHAR AS "Sex", NULL::VARCHAR AS "Age",
           NULL::VARCHAR AS "Category Type", NULL::VARCHAR AS "Category", NULL::VARCHAR AS "Lower CI 95.0 limit",
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
        nullif(trim("Category"::VARCHAR), '') AS category,
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
    SELECT m.indicator_id, m.fingertips_id, m.sex AS asked_sex, nullif(m.age, '') AS asked_age,
           nullif(m.definition, '') AS definition,
           CASE WHEN m.sex = 'Persons' AND NOT list_contains(p.sexes, 'Persons') AND len(p.sexes) = 1
                THEN p.sexes[1] ELSE m.sex END AS sex
    FROM m LEFT JOIN present p USING (fingertips_id)
),
matched AS (
    SELECT r.*, w.indicator_id, w.asked_sex, w.asked_age, w.definition, r.sex = w.sex AS own_sex,
           r.fingertips_id IN (SELECT fingertips_id FROM m) AS known,
           (r.value_text IS NOT NULL AND TRY_CAST(r.value_text AS DOUBLE) IS NULL)
            OR (r.lower_text IS NOT NULL AND TRY_CAST(r.lower_text AS DOUBLE) IS NULL)
            OR (r.upper_text IS NOT NULL AND TRY_CAST(r.upper_text AS DOUBLE) IS NULL)
            OR (r.count_text IS NOT NULL AND TRY_CAST(r.count_text AS DOUBLE) IS NULL)
            OR (r.denominator_text IS NOT NULL AND TRY_CAST(r.denominator_text AS DOUBLE) IS NULL) AS bad_number
    FROM rows r
    LEFT JOIN wanted w ON w.fingertips_id = r.fingertips_id
),
-- The whole population's age for each indicator, area and period: the band the registry names, else the one band
-- there is, else 'All ages'.
ages AS (
    SELECT indicator_id, area_code, period,
           CASE WHEN max(asked_age) IS NOT NULL THEN max(asked_age)
                WHEN count(DISTINCT coalesce(age, '')) = 1 THEN min(coalesce(age, ''))
                WHEN bool_or(age = 'All ages') THEN 'All ages' END AS main_age
    FROM matched WHERE own_sex AND category_type IS NULL
    GROUP BY ALL
),
classified AS (
    SELECT mt.*, a.main_age,
        coalesce(mt.age, '') IS NOT DISTINCT FROM a.main_age AS main_age_row,
        CASE WHEN NOT coalesce(mt.known, false) THEN 'unmapped_indicator'
             WHEN mt.area_code IS NULL OR mt.area_code NOT IN (SELECT unnest($area_codes)) THEN 'outside_registry'
             WHEN mt.category_type IS NULL AND NOT mt.own_sex
                  AND NOT (mt.asked_sex = 'Persons' AND mt.sex IN ('Male', 'Female')) THEN 'other_sex'
        END AS early_fate
    FROM matched mt
    LEFT JOIN ages a USING (indicator_id, area_code, period)
),
decided AS (
    SELECT *,
        CASE WHEN early_fate IS NOT NULL THEN NULL
             WHEN category_type IS NULL AND own_sex AND main_age_row THEN 'whole'
             WHEN category_type IS NULL AND own_sex AND main_age = 'All ages' THEN 'age'
             WHEN category_type IS NULL AND own_sex THEN 'other_age'
             WHEN category_type IS NULL AND main_age_row THEN 'sex'
             WHEN category_type IS NULL THEN 'two_way'
             WHEN own_sex AND main_age_row AND category IS NULL THEN 'unnamed'
             WHEN own_sex AND main_age_row THEN 'category'
             ELSE 'two_way'
        END AS kind
    FROM classified
)
SELECT
    source_row,
    CASE WHEN early_fate IS NOT NULL THEN early_fate
         WHEN kind = 'other_age' THEN 'other_age'
         WHEN kind = 'two_way' THEN 'breakdown'
         WHEN kind = 'unnamed' THEN 'unnamed_group'
         WHEN bad_number THEN 'not_a_number'
    END AS fate,
    CASE WHEN early_fate = 'unmapped_indicator'
              THEN concat_ws(' ', coalesce(fingertips_id::VARCHAR, '?'), fingertips_name)
         WHEN early_fate = 'outside_registry' THEN area_code
         WHEN early_fate = 'other_sex' THEN sex
         WHEN kind = 'other_age' THEN age
         WHEN kind IN ('two_way', 'unnamed') THEN concat_ws(' ', category_type, sex, age)
         WHEN bad_number THEN coalesce(CASE WHEN TRY_CAST(value_text AS DOUBLE) IS NULL THEN value_text END,
                                       lower_text, upper_text, count_text, denominator_text)
    END AS detail,
    indicator_id, area_code, period,
    TRY_CAST(value_text AS DOUBLE) AS value,
    TRY_CAST(lower_text AS DOUBLE) AS lower_ci,
    TRY_CAST(upper_text AS DOUBLE) AS upper_ci,
    TRY_CAST(count_text AS DOUBLE) AS numerator,
    TRY_CAST(denominator_text AS DOUBLE) AS denominator,
    value_note, definition,
    CASE kind WHEN 'sex' THEN 'sex' WHEN 'age' THEN 'age' WHEN 'category' THEN 'category' END AS breakdown_of,
    CASE kind WHEN 'sex' THEN sex WHEN 'age' THEN age WHEN 'category' THEN category END AS breakdown,
    category_type
FROM decided
ORDER BY source_row, own_sex DESC NULLS LAST, indicator_id;  -- a row left out for every indicator: its own sex's reason
