-- A copy of one extract with its periods in their stored form ('2025-26' -> '2025/26' for a financial-year
-- indicator), rows in the file's order, only the contract's columns.
-- Grain: one row per row of the file.
-- Parameters: $file (one Parquet path, already checked); $period_changes: list of {indicator_id, period, stored}
--   (logframe.periods.canonical); $out (the Parquet file to write).
COPY (
    WITH raw AS (
        SELECT COLUMNS(c -> c IN ('indicator_id', 'area_code', 'period', 'value', 'lower_ci', 'upper_ci',
                                  'numerator', 'denominator', 'value_note')), file_row_number
        FROM read_parquet($file, file_row_number = true)
        UNION ALL BY NAME
        SELECT NULL::VARCHAR AS indicator_id, NULL::VARCHAR AS area_code, NULL::VARCHAR AS period,
               NULL::DOUBLE AS value, NULL::DOUBLE AS lower_ci, NULL::DOUBLE AS upper_ci, NULL::DOUBLE AS numerator,
               NULL::DOUBLE AS denominator, NULL::VARCHAR AS value_note, NULL::BIGINT AS file_row_number
        WHERE false
    ),
    pc AS (SELECT unnest($period_changes, recursive := true))
    SELECT r.indicator_id::VARCHAR AS indicator_id, r.area_code::VARCHAR AS area_code,
           coalesce(pc.stored, r.period::VARCHAR) AS period, r.value::DOUBLE AS value,
           r.lower_ci::DOUBLE AS lower_ci, r.upper_ci::DOUBLE AS upper_ci, r.numerator::DOUBLE AS numerator,
           r.denominator::DOUBLE AS denominator, r.value_note::VARCHAR AS value_note
    FROM raw r LEFT JOIN pc ON pc.indicator_id = r.indicator_id::VARCHAR AND pc.period = r.period::VARCHAR
    ORDER BY r.file_row_number
) TO $out (FORMAT parquet);
