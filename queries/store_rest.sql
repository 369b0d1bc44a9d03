-- Writes the second part of a snapshot's consolidated store: every row outside the dashboard's own areas (e.g.
-- neighbourhoods), which only whole-folder summaries read, so unsorted (sorting 10 million rows costs gigabytes).
-- Grain: one row per indicator x area x period.
-- Parameters: as store_main.sql.
COPY (
    SELECT indicator_id, area_code, period, value, lower_ci, upper_ci, numerator, denominator, value_note, definition,
           0::BIGINT AS _logframe_file_index, source_file AS _logframe_source_file,
           source_mtime AS _logframe_source_mtime, illustrative AS _logframe_illustrative
    FROM stg_latest_rows($files, $extracts, $periods, '-Infinity'::DOUBLE)
    WHERE NOT list_contains($main_areas, area_code)
) TO $out (FORMAT parquet);
