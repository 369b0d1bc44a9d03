-- An extract in the contract's own columns saved as CSV (analysts work in spreadsheets): every cell read as text,
-- then cast to the contract's types. Empty cells are NULL.
-- Grain: one row per source row.
-- Reads: the table `source` (registered by logframe.importers: the file's cells as text, a 1-based source_row,
--   and every optional contract column, NULL where the file lacks it).
-- Parameters: none.
-- bad_<column> holds the cell's text where a number column holds something that is not a number ('6.6%',
--   '1,234'): a fault in the file, reported with its rows.
WITH rows AS (
    SELECT
        source_row,
        nullif(trim(indicator_id), '') AS indicator_id,
        nullif(trim(area_code), '') AS area_code,
        nullif(trim(period), '') AS period,
        nullif(trim(value), '') AS value_text,
        nullif(trim(lower_ci), '') AS lower_text,
        nullif(trim(upper_ci), '') AS upper_text,
        nullif(trim(numerator), '') AS numerator_text,
        nullif(trim(denominator), '') AS denominator_text,
        nullif(trim(value_note), '') AS value_note,
        nullif(trim(breakdown_type), '') AS breakdown_type,
        nullif(trim(breakdown), '') AS breakdown
    FROM source
)
SELECT
    source_row, indicator_id, area_code, period,
    TRY_CAST(value_text AS DOUBLE) AS value,
    TRY_CAST(lower_text AS DOUBLE) AS lower_ci,
    TRY_CAST(upper_text AS DOUBLE) AS upper_ci,
    TRY_CAST(numerator_text AS DOUBLE) AS numerator,
    TRY_CAST(denominator_text AS DOUBLE) AS denominator,
    value_note, breakdown_type, breakdown,
    CASE WHEN TRY_CAST(value_text AS DOUBLE) IS NULL THEN value_text END AS bad_value,
    CASE WHEN TRY_CAST(lower_text AS DOUBLE) IS NULL THEN lower_text END AS bad_lower_ci,
    CASE WHEN TRY_CAST(upper_text AS DOUBLE) IS NULL THEN upper_text END AS bad_upper_ci,
    CASE WHEN TRY_CAST(numerator_text AS DOUBLE) IS NULL THEN numerator_text END AS bad_numerator,
    CASE WHEN TRY_CAST(denominator_text AS DOUBLE) IS NULL THEN denominator_text END AS bad_denominator
FROM rows
ORDER BY source_row;
