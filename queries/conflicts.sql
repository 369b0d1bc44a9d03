-- Keys that two or more valid extracts hold with different values; the most recently modified file wins.
-- Grain: one row per indicator x area x period in conflict.
-- Parameters: $files, $extracts (the snapshot's valid files, their modified times and may_overlap and may_win flags).
-- Only files that may share a key with another (may_overlap, from each file's coverage) are read. A key two files
-- share is held by the one that wins over the other, which may_win says, so the keys in play are those of the
-- winning files alone (a small revision file's, not a large extract's): only rows with those keys are grouped.
WITH f AS (SELECT unnest($extracts, recursive := true)),
contested AS (
    SELECT DISTINCT indicator_id::VARCHAR AS indicator_id, area_code::VARCHAR AS area_code, period::VARCHAR AS period
    FROM read_parquet($files, filename = true, union_by_name = true)
    WHERE filename IN (SELECT path FROM f WHERE may_win)
),
raw AS (
    SELECT indicator_id::VARCHAR AS indicator_id, area_code::VARCHAR AS area_code, period::VARCHAR AS period,
           value::DOUBLE AS value, filename
    FROM read_parquet($files, filename = true, union_by_name = true)
    WHERE filename IN (SELECT path FROM f WHERE may_overlap)
),
held AS (
    SELECT raw.* FROM raw SEMI JOIN contested USING (indicator_id, area_code, period)
)
SELECT indicator_id, area_code, period,
       count(*) AS n_files,
       arg_max(f.origin, f.mtime) AS winning_file,
       arg_max(held.value, f.mtime) AS winning_value,
       list(f.origin ORDER BY f.mtime DESC) AS files,
       list(held.value ORDER BY f.mtime DESC) AS file_values
FROM held JOIN f ON f.path = held.filename
GROUP BY indicator_id, area_code, period
HAVING count(DISTINCT held.filename) > 1
   AND (count(DISTINCT held.value) > 1 OR count(held.value) <> count(*))
ORDER BY indicator_id, area_code, period;
