"""Another partnership's log-frame: with LOGFRAME_REGISTRY_DIR on tests/fixtures/other_registry (Lancashire and South
Cumbria, invented indicators) and illustrative extracts generated from it, every page runs and names that
partnership's areas, never Kent's."""
import pytest

from logframe import districts
from logframe.registry import load_registry
from tests.app.conftest import open_page
from tests.conftest import OTHER_REGISTRY as OTHER

PAGES = [None, "pages/indicator.py", "pages/districts.py", "pages/logframe.py", "pages/data.py", "pages/judging.py"]



@pytest.fixture(autouse=True)
def other_partnership(other_extracts, monkeypatch):
    monkeypatch.setenv("LOGFRAME_REGISTRY_DIR", str(OTHER))
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(other_extracts))


def everything(at) -> str:
    """Every string the page's elements hold (main column and sidebar): text, labels, options, chart specs, tables
    (each element's message, in protobuf text form)."""
    parts: list[str] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
def test_every_page_runs_on_the_other_registry_and_never_says_kent(page, other):
    at = open_page(page)
    shown = everything(at)
    assert "Kent" not in shown and "Medway" not in shown
    assert other.area_name(other.partnership) in shown  # the area chooser (and the page) name the partnership
    area = at.sidebar.selectbox[0]
    assert area.value == other.partnership  # the default area is the registry's ICB
    assert area.options == [other.area_name(c) for c in
                            [other.partnership, *other.councils(), *(a.code for a in other.districts())]]


def test_the_overview_lists_the_other_registrys_indicators(other):
    shown = everything(open_page())
    assert all(ind.title in shown for ind in other.indicators.values())


def test_the_districts_page_compares_the_districts_with_their_county_on_the_registrys_map(other):
    at = open_page("pages/districts.py")
    shown = everything(at)
    assert at.title[0].value == "Districts compared with Lancashire"
    for code in districts.mapped_areas(other):  # Burnley, Lancaster, Preston and the unitary Blackpool
        assert other.area_name(code) in shown
    assert "Made-up square boundaries for a test registry: not real boundaries." in [c.value for c in at.caption]
    assert '"featureidkey":"properties.code"' in shown.replace(" ", "").replace("\\", "")


def test_a_registry_without_an_icb_is_refused_by_name(tmp_path):
    import shutil

    from logframe.registry import RegistryError
    d = tmp_path / "reg"
    shutil.copytree(OTHER, d)
    areas = (d / "areas.csv").read_text(encoding="utf-8").replace(",icb,", ",county,")
    (d / "areas.csv").write_text(areas, encoding="utf-8")
    with pytest.raises(RegistryError, match="exactly one area of kind 'icb'"):
        _ = load_registry(d).partnership


def test_two_registries_in_one_process_do_not_mix(other, other_extracts, monkeypatch):
    """The caches are keyed by the registry folder: the shipped registry, straight after the other one in the same
    process, shows Kent and Medway again, and the other one after it shows its own partnership."""
    monkeypatch.delenv("LOGFRAME_REGISTRY_DIR")
    monkeypatch.delenv("LOGFRAME_EXTRACTS_DIR")
    at = open_page()
    assert at.title[0].value == "Kent and Medway Integrated Care Strategy: are we on track?"
    assert at.sidebar.selectbox[0].value == "E54000032"
    monkeypatch.setenv("LOGFRAME_REGISTRY_DIR", str(OTHER))
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(other_extracts))
    at = open_page()
    assert at.title[0].value == f"{other.area_name(other.partnership)} Integrated Care Strategy: are we on track?"
