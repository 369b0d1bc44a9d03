-- Staging: one row per indicator x area x period, renamed and cast to the extract contract.
-- A table macro, created once per connection and called by every page query as
--   stg_observations($files, $extracts, $periods, $min_count)
-- (min_count has no default: a query that forgets the small-number rule fails to bind instead of leaking counts)
-- files:    list of validated Parquet paths (bad files never reach here)
-- extracts: list of {path, origin, mtime, illustrative, may_overlap, superseded, rank, may_win}, one per file in
--           the same order as files (origin: the analyst's file, which differs from path when an official download
--           was converted; may_overlap: whether the file can share a key with another file, worked out in Python
--           from each file's coverage; superseded: the indicators of an illustrative file that real extracts also
--           hold, whose illustrative rows are left out so real and made-up figures never mix; rank: the file's
--           place in newest-wins order, higher wins; may_win: whether it may hold a key of a lower-ranked file).
--           Rows find their file's entry by position (file_index), not by comparing paths.
-- periods:  list of {label, kind, start_year, end_year, position}, parsed in Python (logframe.periods)
-- min_count: small-number rule; a value whose numerator (count) is below it is suppressed: value, CIs
--           and count become NULL and value_note says why, so no page or download can show it.
-- Optional contract columns missing from every file come through as NULL (the empty UNION branch); columns outside
-- the contract are never read.
-- Breakdown rows (breakdown_type given: one group's figure) come through stg_extract_rows with their breakdown_type
-- and breakdown; stg_latest_rows, and so stg_observations and every page query on it, keep the whole population
-- only (breakdown_type NULL), so no status, chart or pack ever reads a group's figure as the area's
-- (queries/breakdowns.sql reads the groups).
-- Where two files hold the same key, the most recently modified file wins (then the later path).
-- A file never repeats a key (the validator rejects it), so a row can only lose to a row of a file that may win
-- over its own: those few files are read a second time, the rest pass straight through.
-- files may instead be a snapshot's consolidated store (queries/store_main.sql and store_rest.sql, built by
-- logframe.extracts): the same rows already de-duplicated (superseded rows already left out), each carrying its
-- own file's name, modified time and illustrative flag (_logframe_source_file, _logframe_source_mtime,
-- _logframe_illustrative) and _logframe_file_index 0, read with extracts holding one entry that cannot win:
-- nothing is de-duplicated again, and binding that list costs the same however many files the extracts are.

-- Every row of every file, cast, with its file's and period's details (no de-duplication).
CREATE OR REPLACE MACRO stg_extract_rows(files, extracts, periods, min_count) AS TABLE
WITH raw AS (
    -- Only the contract's columns (and the store's own): a file's other columns are never read, so an extra column
    -- typed one way in one file and another way in the next cannot stop a query over every file.
    SELECT COLUMNS(c -> c IN ('indicator_id', 'area_code', 'period', 'value', 'lower_ci', 'upper_ci', 'numerator',
                              'denominator', 'value_note', 'breakdown_type', 'breakdown', 'definition',
                              '_logframe_file_index',
                              '_logframe_source_file', '_logframe_source_mtime', '_logframe_illustrative')),
           file_index::BIGINT AS read_index
    FROM read_parquet(files, union_by_name = true)
    UNION ALL BY NAME
    SELECT
        NULL::VARCHAR AS indicator_id, NULL::VARCHAR AS area_code, NULL::VARCHAR AS period,
        NULL::DOUBLE AS value, NULL::DOUBLE AS lower_ci, NULL::DOUBLE AS upper_ci,
        NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, NULL::VARCHAR AS value_note,
        NULL::VARCHAR AS breakdown_type, NULL::VARCHAR AS breakdown, NULL::VARCHAR AS definition,
        NULL::BIGINT AS _logframe_file_index, NULL::VARCHAR AS _logframe_source_file,
        NULL::DOUBLE AS _logframe_source_mtime, NULL::BOOLEAN AS _logframe_illustrative, NULL::BIGINT AS read_index
    WHERE false
),
f AS (SELECT unnest(extracts, recursive := true), (generate_subscripts(extracts, 1) - 1)::BIGINT AS file_index),
p AS (SELECT unnest(periods, recursive := true))
SELECT
    raw.indicator_id::VARCHAR AS indicator_id,
    raw.area_code::VARCHAR AS area_code,
    raw.period::VARCHAR AS period,
    p.kind AS period_kind,
    p.start_year,
    p.end_year,
    p.position,
    CASE WHEN small THEN NULL ELSE raw.value::DOUBLE END AS value,
    CASE WHEN small THEN NULL ELSE raw.lower_ci::DOUBLE END AS lower_ci,
    CASE WHEN small THEN NULL ELSE raw.upper_ci::DOUBLE END AS upper_ci,
    CASE WHEN small THEN NULL ELSE raw.numerator::DOUBLE END AS numerator,
    raw.denominator::DOUBLE AS denominator,
    CASE WHEN small THEN concat_ws('; ', nullif(raw.value_note::VARCHAR, ''), 'suppressed: count below ' || min_count)
         ELSE raw.value_note::VARCHAR END AS value_note,
    small AS suppressed,
    nullif(trim(raw.breakdown_type::VARCHAR), '') AS breakdown_type,
    nullif(trim(raw.breakdown::VARCHAR), '') AS breakdown,
    nullif(trim(raw.definition::VARCHAR), '') AS definition,
    coalesce(raw._logframe_source_file, f.origin) AS source_file,
    coalesce(raw._logframe_source_mtime, f.mtime) AS source_mtime,
    coalesce(raw._logframe_illustrative, f.illustrative) AS illustrative,
    f.may_overlap,
    f.path AS read_from,
    f.rank,
    f.file_index
FROM (SELECT *, coalesce(numerator::DOUBLE < min_count, false) AS small FROM raw) AS raw
JOIN f ON f.file_index = coalesce(raw._logframe_file_index, raw.read_index)
JOIN p ON p.label = raw.period
WHERE len(f.superseded) = 0 OR NOT list_contains(f.superseded, raw.indicator_id::VARCHAR);

-- The rows the dashboard uses: each key once, with the bookkeeping columns still on. A row is left out when a file
-- that wins over its own (more recently modified, then a later path: a higher rank) holds the same key. Only the
-- rows of files that may win over another (may_win, worked out in Python from each file's coverage) are read for
-- that, picked by file name so DuckDB skips every other file: a small revision file on top of large extracts
-- costs in proportion to its own size. Reading the consolidated store, no entry may win (its rows are already
-- de-duplicated): the last condition below is then false whatever the rows, DuckDB folds it while planning
-- and drops the anti-join, so nothing is read twice and a page's filters (even `= ANY($list)`, which an
-- anti-join would stop) reach the store's scan and skip its row groups. The same holds for extracts that
-- cannot share a key (split by indicator, area or period, or one national file). (An anti-join rather than a
-- UNION ALL of the two kinds of row: in DuckDB 1.5.5 that UNION, with a window in one branch, hangs on some
-- queries at 10 million rows.)
CREATE OR REPLACE MACRO stg_latest_rows(files, extracts, periods, min_count) AS TABLE
WITH f AS (SELECT unnest(extracts, recursive := true)),
winners AS (
    SELECT w.indicator_id::VARCHAR AS indicator_id, w.area_code::VARCHAR AS area_code, w.period::VARCHAR AS period,
           f.rank
    FROM (SELECT COLUMNS(c -> c IN ('indicator_id', 'area_code', 'period', 'breakdown_type', 'filename'))
          FROM read_parquet(files, filename = true, union_by_name = true)
          UNION ALL BY NAME SELECT NULL::VARCHAR AS breakdown_type, NULL::VARCHAR AS filename WHERE false) AS w
    JOIN f ON f.path = w.filename
    WHERE w.filename IN (SELECT path FROM f WHERE may_win)
      AND nullif(trim(w.breakdown_type::VARCHAR), '') IS NULL
      AND (len(f.superseded) = 0 OR NOT list_contains(f.superseded, w.indicator_id::VARCHAR))
      AND len(list_filter(extracts, lambda e: e.may_win)) > 0
)
SELECT r.* EXCLUDE (breakdown_type, breakdown)
FROM stg_extract_rows(files, extracts, periods, min_count) AS r
ANTI JOIN winners AS w
    ON w.indicator_id = r.indicator_id AND w.area_code = r.area_code AND w.period = r.period AND w.rank > r.rank
WHERE r.breakdown_type IS NULL;

CREATE OR REPLACE MACRO stg_observations(files, extracts, periods, min_count) AS TABLE
SELECT * EXCLUDE (may_overlap, read_from, rank, file_index)
FROM stg_latest_rows(files, extracts, periods, min_count);
