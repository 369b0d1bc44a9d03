-- Keys that two or more valid extracts hold with different values; the most recently modified file wins.
-- Grain: one row per indicator x area x period in conflict.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql).
-- Each file's value is shown as the dashboard would show it: a value from a count below $min_count is
-- 'suppressed', an empty value is its note, so the report shows nothing the pages would not. Only files that may
-- share a key with another (may_overlap, from each file's coverage) take part. Never run on the consolidated
-- store: it is about the files themselves.
WITH rows AS (
    SELECT indicator_id, area_code, period, source_file, source_mtime, read_from,
           CASE WHEN suppressed THEN 'suppressed'
                WHEN value IS NULL THEN coalesce(value_note, 'no value')
                ELSE value::VARCHAR END AS shown
    FROM stg_extract_rows($files, $extracts, $periods, $min_count)
    WHERE may_overlap
)
SELECT indicator_id, area_code, period,
       count(*) AS n_files,
       list(source_file ORDER BY source_mtime DESC, read_from DESC)[1] AS winning_file,
       list(shown ORDER BY source_mtime DESC, read_from DESC)[1] AS winning_value,
       list(source_file ORDER BY source_mtime DESC, read_from DESC) AS files,
       list(shown ORDER BY source_mtime DESC, read_from DESC) AS file_values
FROM rows
GROUP BY indicator_id, area_code, period
HAVING count(DISTINCT source_file) > 1 AND count(DISTINCT shown) > 1
ORDER BY indicator_id, area_code, period;
