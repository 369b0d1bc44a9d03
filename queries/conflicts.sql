-- Keys that two or more valid extracts hold with different values; the most recently modified file wins.
-- Grain: one row per indicator x area x period in conflict.
-- Parameters: $files, $extracts (the snapshot's valid files, their modified times and may_overlap flags).
-- Only files that may share a key with another (may_overlap, from each file's coverage) are read.
WITH f AS (SELECT unnest($extracts, recursive := true)),
raw AS (
    SELECT indicator_id::VARCHAR AS indicator_id, area_code::VARCHAR AS area_code, period::VARCHAR AS period,
           value::DOUBLE AS value, filename
    FROM read_parquet($files, filename = true, union_by_name = true)
    WHERE filename IN (SELECT path FROM f WHERE may_overlap)
)
SELECT indicator_id, area_code, period,
       count(*) AS n_files,
       arg_max(f.origin, f.mtime) AS winning_file,
       arg_max(raw.value, f.mtime) AS winning_value,
       list(f.origin ORDER BY f.mtime DESC) AS files,
       list(raw.value ORDER BY f.mtime DESC) AS file_values
FROM raw JOIN f ON f.path = raw.filename
GROUP BY indicator_id, area_code, period
HAVING count(DISTINCT raw.filename) > 1
   AND (count(DISTINCT raw.value) > 1 OR count(raw.value) <> count(*))
ORDER BY indicator_id, area_code, period;
