-- Keys that two or more valid extracts hold with different values; the most recently modified file wins.
-- Whole-population rows only (breakdown rows are a group's figure, read by queries/breakdowns.sql).
-- Grain: one row per indicator x area x period in conflict.
-- Parameters: $files, $extracts, $periods, $min_count (the extract snapshot, see stg_observations.sql).
-- Each file's value is shown as the dashboard would show it: a value from a count below $min_count is
-- 'suppressed', an empty value is its note, so the report shows nothing the pages would not. Only files that may
-- share a key with another (may_overlap, from each file's coverage) take part, and only the keys of files that may
-- win over another (may_win: a small revision file's keys, not every key of the large extract under it), so the
-- cost follows the winning files' size. Never run on the consolidated store: it is about the files themselves.
WITH f AS (SELECT unnest($extracts, recursive := true)),
contested AS (
    SELECT DISTINCT indicator_id::VARCHAR AS indicator_id, area_code::VARCHAR AS area_code, period::VARCHAR AS period
    FROM read_parquet($files, filename = true, union_by_name = true)
    WHERE filename IN (SELECT path FROM f WHERE may_win)
),
rows AS (
    SELECT r.indicator_id, r.area_code, r.period, r.source_file, r.rank,
           CASE WHEN r.suppressed THEN 'suppressed'
                WHEN r.value IS NULL THEN coalesce(r.value_note, 'no value')
                ELSE r.value::VARCHAR END AS shown
    FROM stg_extract_rows($files, $extracts, $periods, $min_count) AS r
    SEMI JOIN contested USING (indicator_id, area_code, period)
    WHERE r.may_overlap AND r.breakdown_type IS NULL
)
SELECT indicator_id, area_code, period,
       count(*) AS n_files,
       list(source_file ORDER BY rank DESC)[1] AS winning_file,
       list(shown ORDER BY rank DESC)[1] AS winning_value,
       list(source_file ORDER BY rank DESC) AS files,
       list(shown ORDER BY rank DESC) AS file_values
FROM rows
GROUP BY indicator_id, area_code, period
HAVING count(DISTINCT source_file) > 1 AND count(DISTINCT shown) > 1
ORDER BY indicator_id, area_code, period;
