"""A Fingertips data export saved as Parquet is accepted: mapped by fingertips_id, Persons rows, Fingertips periods."""
import pyarrow as pa
import pyarrow.parquet as pq

from logframe.extracts import take_snapshot
from logframe.validate import validate_file


def ft_row(ind_id, name, area, period, value, sex="Persons", age="All ages", category_type=None, count=120.0):
    return {"Indicator ID": ind_id, "Indicator Name": name, "Parent Code": "E12000008", "Parent Name": "South East",
            "Area Code": area, "Area Name": "x", "Area Type": "Counties & UAs", "Sex": sex, "Age": age,
            "Category Type": category_type, "Category": None, "Time period": period, "Value": value,
            "Lower CI 95.0 limit": value - 1, "Upper CI 95.0 limit": value + 1, "Lower CI 99.8 limit": None,
            "Upper CI 99.8 limit": None, "Count": count, "Denominator": 1500.0, "Value note": None,
            "Recent Trend": "Cannot be calculated", "Compared to England value or percentiles": "Similar",
            "Time period Sortable": 20210000, "New data": None, "Compared to goal": None}


def write(path, rows):
    pq.write_table(pa.Table.from_pylist(rows), path)


def test_export_is_mapped_and_unmapped_rows_are_reported_not_fatal(extracts, registry):
    path = extracts / "fingertips_export.parquet"
    write(path, [
        ft_row(93085, "Smoking status at time of delivery", "E10000016", "2021/22", 9.8),
        ft_row(93085, "Smoking status at time of delivery", "E10000016", "2021/22", 9.1, category_type="County & UA deprivation deciles"),
        ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 80.1, sex="Male"),
        ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 83.9, sex="Female"),
        ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 82.0, sex="Persons"),
        ft_row(12345, "Something we do not track", "E10000016", "2021/22", 50.0),
        ft_row(93085, "Smoking status at time of delivery", "E06000099", "2021/22", 9.0),
    ])
    report = validate_file(path, registry)
    assert report.ok and report.kind == "fingertips", [p.message for p in report.problems]
    assert any("12345 Something we do not track (1 rows)" in n for n in report.notes)
    assert any("E06000099" in n for n in report.notes)
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    got = {(r.indicator_id, r.period): (r.value, r.source_file) for r in obs.itertuples()}
    assert got == {
        ("smoking_at_time_of_delivery", "2021/22"): (9.8, str(path)),
        ("le_birth_male", "2018 - 20"): (80.1, str(path)),
        ("le_birth_female", "2018 - 20"): (83.9, str(path)),
    }


def test_export_with_value_as_text_is_rejected(tmp_path, registry):
    row = ft_row(93085, "Smoking", "E10000016", "2021/22", 9.8)
    row["Value"] = "9.8%"
    write(tmp_path / "f.parquet", [row])
    report = validate_file(tmp_path / "f.parquet", registry)
    assert [p.rule for p in report.problems] == ["wrong_type"] and "'Value'" in report.problems[0].message
