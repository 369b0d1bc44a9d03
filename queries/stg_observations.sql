-- Staging: one row per indicator x area x period, renamed and cast to the extract contract.
-- A table macro, created once per connection and called by every page query as
--   stg_observations($files, $extracts, $periods, min_count := $min_count)
-- files:    list of validated Parquet paths (bad files never reach here)
-- extracts: list of {path, origin, mtime, illustrative} for those files (origin: the analyst's file,
--           which differs from path when a Fingertips export was converted)
-- periods:  list of {label, kind, start_year, end_year, position}, parsed in Python (logframe.periods)
-- min_count: small-number rule; a value whose numerator (count) is below it is suppressed: value, CIs
--           and count become NULL and value_note says why, so no page or download can show it.
-- Optional contract columns missing from every file come through as NULL (the empty UNION branch).
-- Where two files hold the same key, the most recently modified file wins (then the later path).
CREATE OR REPLACE MACRO stg_observations(files, extracts, periods, min_count := 5) AS TABLE
WITH raw AS (
    SELECT * FROM read_parquet(files, filename = true, union_by_name = true)
    UNION ALL BY NAME
    SELECT
        NULL::VARCHAR AS indicator_id, NULL::VARCHAR AS area_code, NULL::VARCHAR AS period,
        NULL::DOUBLE AS value, NULL::DOUBLE AS lower_ci, NULL::DOUBLE AS upper_ci,
        NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, NULL::VARCHAR AS value_note,
        NULL::VARCHAR AS filename
    WHERE false
),
f AS (SELECT unnest(extracts, recursive := true)),
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
    f.origin AS source_file,
    f.mtime AS source_mtime,
    f.illustrative
FROM (SELECT *, coalesce(numerator::DOUBLE < min_count, false) AS small FROM raw) AS raw
JOIN f ON f.path = raw.filename
JOIN p ON p.label = raw.period
QUALIFY row_number() OVER (
    PARTITION BY raw.indicator_id, raw.area_code, raw.period
    ORDER BY f.mtime DESC, raw.filename DESC
) = 1;
