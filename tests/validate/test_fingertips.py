"""A Fingertips data export, as downloaded (CSV) or saved as Parquet, is accepted: mapped by fingertips_id, whole
population rows of the indicator's sex, Fingertips periods; what it leaves out is counted and named."""
import csv

import pandas as pd
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
    assert "breakdown rows that name no group" in text and "Deciles" in text  # a Category Type without a Category
    assert "rows for a sex other than" in text and "Persons" in text  # 90366 Persons: the registry uses Male and Female
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    got = {(r.indicator_id, r.period): (r.value, r.source_file) for r in obs.itertuples()}
    # stored in the canonical form of a multi-year period
    assert got == {("le_birth_male", "2018-20"): (80.1, str(path)), ("le_birth_female", "2018-20"): (83.9, str(path))}


def test_an_indicator_published_for_one_sex_only_maps_without_a_sex_flag(tmp_path, registry):
    # Smoking at time of delivery (93085) is published for Sex = Female (the registry names it).
    path = tmp_path / "smoking_delivery.csv"
    write_csv(path, [ft_row(93085, "Smoking status at time of delivery", "E10000016", "2021/22", 9.8, sex="Female",
                            age="All ages"),
                     ft_row(93085, "Smoking status at time of delivery", "E06000035", "2021/22", 12.1, sex="Female")])
    report = validate_file(path, registry)
    assert report.ok and report.n_rows == 2 and report.indicators == ("smoking_at_time_of_delivery",), describe_report(report)
    assert not report.left_out


def test_one_band_is_used_where_there_is_no_all_ages_and_other_bands_are_kept_or_counted(tmp_path, registry):
    path = tmp_path / "ages.parquet"
    write(path, [ft_row(90366, "LE", "E10000016", "2018 - 20", 80.1, sex="Male", age="All ages"),
                 ft_row(90366, "LE", "E10000016", "2018 - 20", 20.1, sex="Male", age="65"),
                 ft_row(90366, "LE", "E06000035", "2018 - 20", 78.1, sex="Male", age="<1 yr"),
                 ft_row(90366, "LE", "E92000001", "2018 - 20", 79.0, sex="Male", age="<1 yr"),
                 ft_row(90366, "LE", "E92000001", "2018 - 20", 18.0, sex="Male", age="65")])
    report = validate_file(path, registry)
    assert report.ok and report.n_rows == 3 and report.breakdown_rows == 1, describe_report(report)
    got = pd.read_parquet(report.data_path).set_index("area_code")
    # Kent: 'All ages' is the whole population and the 65 band is a group of it; Medway's one band is its figure.
    assert got.loc["E10000016"].set_index("breakdown_type", drop=False).fillna("").loc["age", "breakdown"] == "65"
    assert got.loc["E06000035", "value"] == 78.1 and pd.isna(got.loc["E06000035", "breakdown_type"])
    # England: two bands and no 'All ages', so neither is the whole population: both counted as left out.
    assert any(x.reason.startswith("age bands where the file gives no 'All ages'") and x.n_rows == 2
               for x in report.left_out)


def test_breakdowns_by_sex_age_and_deprivation_are_kept_as_groups(tmp_path, registry):
    """A Persons indicator (adults in routine and manual occupations who smoke, 92445): its Male and Female rows at
    the whole population's age, its deprivation deciles at the whole population's sex and age, kept as groups; deciles
    of one sex only (two breakdowns at once) are counted as left out."""
    name = "Smoking prevalence in routine and manual occupations"
    deciles = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
    rows = [ft_row(92445, name, "E10000016", "2022", 22.5, age="18-64 yrs"),
            ft_row(92445, name, "E10000016", "2022", 24.0, sex="Male", age="18-64 yrs"),
            ft_row(92445, name, "E10000016", "2022", 21.0, sex="Female", age="18-64 yrs")]
    for k, label in enumerate(["Most deprived decile (IMD2019)", "Least deprived decile (IMD2019)"]):
        rows.append({**ft_row(92445, name, "E10000016", "2022", 30.0 - 10 * k, age="18-64 yrs", category_type=deciles),
                     "Category": label})
    rows.append({**ft_row(92445, name, "E10000016", "2022", 33.0, sex="Male", age="18-64 yrs",
                          category_type=deciles), "Category": "Most deprived decile (IMD2019)"})
    path = tmp_path / "groups.csv"
    write_csv(path, rows)
    report = validate_file(path, registry)
    assert report.ok, describe_report(report)
    got = pd.read_parquet(report.data_path)
    kent = got[got["indicator_id"] == "smoking_routine_manual_kent"].fillna({"breakdown_type": "", "breakdown": ""})
    assert sorted(zip(kent["breakdown_type"], kent["breakdown"], kent["value"])) == [
        ("", "", 22.5), ("deprivation_decile", "Least deprived decile (IMD2019)", 20.0),
        ("deprivation_decile", "Most deprived decile (IMD2019)", 30.0), ("sex", "Female", 21.0),
        ("sex", "Male", 24.0)]
    assert [x.n_rows for x in report.left_out if x.reason.startswith("rows broken down two ways")] == [1]
    # The whole population is unchanged by the groups beside it: one figure per key on every page.
    obs = take_snapshot(tmp_path, registry).run("observations", indicator_ids=["smoking_routine_manual_kent"],
                                                area_codes=None)
    assert obs["value"].tolist() == [22.5]


def test_export_with_value_as_text_is_rejected_naming_rows(tmp_path, registry):
    row = ft_row(93085, "Smoking", "E10000016", "2021/22", 9.8, sex="Female")
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
