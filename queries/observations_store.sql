-- A snapshot's consolidated store, written by logframe.extracts in the background and read back through
-- stg_observations in place of the extract files: the same rows, each key once, not yet suppressed (the
-- small-number rule is applied when the store is read), with each row's file as its position in $extracts.
-- It is written in two parts: $main true gives the rows of the dashboard's own areas ($main_areas), which the
-- writer sorts by area so that a query for an area reads a row group or two; $main false gives every other row
-- (e.g. neighbourhoods), which only whole-folder summaries read.
-- Grain: one row per indicator x area x period.
-- Parameters: $files, $extracts, $periods (the extract snapshot, see stg_observations.sql); $main_areas (list
--   of area codes); $main (boolean).
SELECT indicator_id, area_code, period, value, lower_ci, upper_ci, numerator, denominator, value_note,
       file_index AS _logframe_file_index
FROM stg_latest_rows($files, $extracts, $periods, '-Infinity'::DOUBLE)
WHERE list_contains($main_areas, area_code) = $main;
