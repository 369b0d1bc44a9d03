"""A Fingertips data export, as downloaded (CSV) or saved as Parquet, is accepted: mapped by fingertips_id, whole
population rows of the indicator's sex, Fingertips periods; what it leaves out is counted and named."""
import csv

import pyarrow as pa
import pyarrow.parquet as pq

from logframe.extracts import take_snapshot
from logframe.validate import describe_report, validate_file


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


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([{k: ("" if v is None else v) for k, v in r.items()} for r in rows])


EXPORT = [
    ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 80.1, sex="Male"),
    ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 83.9, sex="Female"),
    ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 82.0, sex="Persons"),
    ft_row(90366, "Life expectancy at birth", "E10000016", "2018 - 20", 70.0, sex="Male", category_type="Deciles"),
    ft_row(12345, "Something we do not track", "E10000016", "2021/22", 50.0),
    ft_row(90366, "Life expectancy at birth", "E06000099", "2018 - 20", 79.0, sex="Male"),
]


def test_export_is_mapped_and_what_is_left_out_is_named(extracts, registry):
    path = extracts / "fingertips_export.parquet"
    write(path, EXPORT)
    report = validate_file(path, registry)
    assert report.ok and report.kind == "fingertips", [p.message for p in report.problems]
    text = describe_report(report)
    assert "1 row(s) left out, indicators the registry does not map" in text and "12345 Something we do not track" in text
    assert "areas outside the registry" in text and "E06000099" in text
    assert "breakdown rows" in text and "Deciles" in text
    assert "rows for a sex other than" in text and "Persons" in text  # 90366 Persons: the registry uses Male and Female
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    got = {(r.indicator_id, r.period): (r.value, r.source_file) for r in obs.itertuples()}
    # stored in the canonical form of a multi-year period
    assert got == {("le_birth_male", "2018-20"): (80.1, str(path)), ("le_birth_female", "2018-20"): (83.9, str(path))}


def test_an_indicator_published_for_one_sex_only_maps_without_a_sex_flag(tmp_path, registry):
    # Smoking at time of delivery (93085) is published for Sex = Female; the registry asks for no sex.
    path = tmp_path / "smoking_delivery.csv"
    write_csv(path, [ft_row(93085, "Smoking status at time of delivery", "E10000016", "2021/22", 9.8, sex="Female",
                            age="All ages"),
                     ft_row(93085, "Smoking status at time of delivery", "E06000035", "2021/22", 12.1, sex="Female")])
    report = validate_file(path, registry)
    assert report.ok and report.n_rows == 2 and report.indicators == ("smoking_at_time_of_delivery",), describe_report(report)
    assert not report.left_out


def test_one_band_is_used_where_there_is_no_all_ages_and_other_bands_are_counted(tmp_path, registry):
    path = tmp_path / "ages.parquet"
    write(path, [ft_row(90366, "LE", "E10000016", "2018 - 20", 80.1, sex="Male", age="All ages"),
                 ft_row(90366, "LE", "E10000016", "2018 - 20", 20.1, sex="Male", age="65"),
                 ft_row(90366, "LE", "E06000035", "2018 - 20", 78.1, sex="Male", age="<1 yr")])
    report = validate_file(path, registry)
    assert report.ok and report.n_rows == 2
    assert any(x.reason.startswith("age bands other than") and x.n_rows == 1 and x.examples == ("65",)
               for x in report.left_out)


def test_export_with_value_as_text_is_rejected_naming_rows(tmp_path, registry):
    row = ft_row(93085, "Smoking", "E10000016", "2021/22", 9.8)
    row["Value"] = "9.8%"
    write(tmp_path / "f.parquet", [row])
    report = validate_file(tmp_path / "f.parquet", registry)
    assert [p.rule for p in report.problems] == ["not_a_number"]
    assert "column 'Value'" in report.problems[0].message and "rows 1" in report.problems[0].message


def test_export_with_a_number_column_of_another_type_is_rejected(tmp_path, registry):
    rows = [{**ft_row(93085, "Smoking", "E10000016", "2021/22", 9.8), "Value": True}]
    write(tmp_path / "f.parquet", rows)
    report = validate_file(tmp_path / "f.parquet", registry)
    assert [p.rule for p in report.problems] == ["wrong_type"] and "'Value'" in report.problems[0].message
