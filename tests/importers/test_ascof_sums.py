"""The publisher's own rule behind a derived Kent and Medway figure: ASCOF's South East figure is exactly the sum of
its councils' numerators over the sum of their denominators (the shipped 2020/21 file as published; each council's
region from the Oflog file, data/reference). So summing Kent's and Medway's counts gives the figure ASCOF would
publish for Kent and Medway (logframe.derived)."""
from __future__ import annotations

import duckdb
import pytest

from logframe.stats import wilson_ci
from tests.conftest import ROOT

ASCOF = ROOT / "data" / "reference" / "ascof" / "meas-from-asc-of-eng-2021-open-data.csv"
OFLOG = ROOT / "data" / "reference" / "oflog_asc_measures_all_councils.csv"
SALT_MEASURES = ("1E", "1G", "2B1", "2B2", "2A1", "2A2", "2D")  # measures published with whole counts


def _sums():
    return duckdb.execute("""
        WITH a AS (SELECT * FROM read_csv($ascof, all_varchar = true)
                   WHERE "Disaggregation Level" = 'Total' AND "Measure Type" IN ('Numerator', 'Denominator')),
             region AS (SELECT DISTINCT "Local authority code" AS code, "Region" AS region
                        FROM read_csv($oflog, all_varchar = true))
        SELECT a."Measure Group" AS measure, a."Measure Type" AS kind,
               sum(TRY_CAST(a."Measure Value" AS DOUBLE)) FILTER (WHERE a."Geographical Level" = 'Council'
                                                                  AND r.region = 'South East') AS councils,
               count(*) FILTER (WHERE a."Geographical Level" = 'Council' AND r.region = 'South East') AS n,
               max(TRY_CAST(a."Measure Value" AS DOUBLE)) FILTER (WHERE a."Geographical Description" = 'South East')
                   AS published
        FROM a LEFT JOIN region r ON r.code = a."ONS Code"
        GROUP BY ALL ORDER BY ALL""", {"ascof": str(ASCOF), "oflog": str(OFLOG)}).df()


@pytest.mark.parametrize("measure", SALT_MEASURES)
def test_the_south_east_is_the_sum_of_its_councils_counts(measure):
    sums = _sums()
    rows = sums[sums["measure"] == measure]
    assert len(rows) == 2 and (rows["n"] == 19).all()  # the 19 South East councils with adult social care duties
    assert rows["councils"].tolist() == rows["published"].tolist()


def test_kent_and_medway_summed_is_learning_disability_employment_as_the_issue_states():
    """Adults with a learning disability in paid employment, 2020/21: Kent's and Medway's published counts make 161
    of 4,576 (3.5%), with the Wilson interval every proportion on the dashboard has."""
    counts = duckdb.execute("""
        SELECT "Measure Type" AS kind, sum(TRY_CAST("Measure Value" AS DOUBLE)) AS total
        FROM read_csv($ascof, all_varchar = true)
        WHERE "Measure Group" = '1E' AND "Disaggregation Level" = 'Total' AND "ONS Code" IN ($kent, $medway)
          AND "Measure Type" IN ('Numerator', 'Denominator')
        GROUP BY ALL""", {"ascof": str(ASCOF), "kent": "E10000016", "medway": "E06000035"}).df().set_index("kind")["total"]
    assert (counts["Numerator"], counts["Denominator"]) == (161, 4576)
    assert round(counts["Numerator"] / counts["Denominator"] * 100, 1) == 3.5
    assert wilson_ci(161, 4576) == pytest.approx((3.022, 4.092), abs=0.001)
