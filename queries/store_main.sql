-- Writes the first part of a snapshot's consolidated store: the rows of the dashboard's own areas, sorted by area
-- so that a query for one area reads a row group or two. Read back through stg_observations in place of the
-- extract files (see logframe.extracts.build_store): the same rows, each key once, not yet suppressed (the
-- small-number rule applies when the store is read), each row carrying its own file's name, modified time and
-- illustrative flag (read through a one-entry $extracts: see stg_observations.sql).
-- Grain: one row per indicator x area x period.
-- Parameters: $files, $extracts, $periods (the extract snapshot, see stg_observations.sql); $main_areas (list of
--   area codes); $out (the Parquet file to write).
COPY (
    SELECT indicator_id, area_code, period, value, lower_ci, upper_ci, numerator, denominator, value_note, definition,
           0::BIGINT AS _logframe_file_index, source_file AS _logframe_source_file,
           source_mtime AS _logframe_source_mtime, illustrative AS _logframe_illustrative
    FROM stg_latest_rows($files, $extracts, $periods, '-Infinity'::DOUBLE)
    WHERE list_contains($main_areas, area_code)
    ORDER BY area_code, indicator_id, period
) TO $out (FORMAT parquet);
