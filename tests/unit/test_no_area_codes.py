"""No area code is written in the product's code: areas, the default area, which areas are districts of which, the
national comparator and the map all come from the registry folder (issue 19: "No Kent or Medway area code is
written in logframe/, pages/ or dashboard.py")."""
import re

from tests.conftest import ROOT

# An ONS/GSS code: a country letter and eight digits (E10000016, E07000114, E54000032, E92000001, W06000001 ...).
GSS = re.compile(r"\b[EWSNK][0-9]{8}\b")
SOURCES = ([ROOT / "dashboard.py"] + sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "logframe").rglob("*.py"))
           + sorted((ROOT / "logframe" / "templates").glob("*")) + sorted((ROOT / "queries").glob("*.sql")))


def test_the_sources_are_found():
    names = {p.name for p in SOURCES}
    assert {"dashboard.py", "districts.py", "filters.py", "demo.py", "registry.py", "boardpack.html"} <= names


def test_no_area_code_is_written_in_the_code():
    found = [f"{p.relative_to(ROOT)}:{n}: {m.group(0)}" for p in SOURCES if p.is_file()
             for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
             for m in GSS.finditer(line)]
    assert found == [], "area codes belong in the registry (data/registry/areas.csv), not in code:\n" + "\n".join(found)


def test_the_rule_catches_a_code():
    assert GSS.findall('KM = "E54000032"  # and E07000114') == ["E54000032", "E07000114"]
    assert GSS.findall("N00000001 E1000001 loneliness_2024") == ["N00000001"]
