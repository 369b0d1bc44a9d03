"""logframe.kinds: status, polarity, target comparator and reason are StrEnums from the registry loader to the JSON
output, with the same strings as before (data files and outputs unchanged)."""
import json

from logframe import assessments, present, trajectory
from logframe.extracts import take_snapshot
from logframe.kinds import Polarity, Reason, Status, TargetComparator
from logframe.registry import COMPARATORS, POLARITIES
from tests.conftest import ROOT

KM = "E54000032"


def test_the_registry_loads_typed_values(registry):
    for ind in registry.indicators.values():
        assert type(ind.polarity) is Polarity and type(ind.target_comparator) is TargetComparator
    # the allowed values the loader checks are the enums' own (one list each)
    assert set(POLARITIES) == {p.value for p in Polarity} and set(COMPARATORS) == {c.value for c in TargetComparator}


def test_a_verdict_is_typed_and_serialises_as_its_strings(registry):
    judged = assessments.assess(registry, take_snapshot(ROOT / "data" / "extracts", registry), KM)
    assert judged and all(type(a.status) is Status and type(a.reason_code) is Reason for a in judged)
    for a in judged[:10]:
        record = present.status_record(registry.indicators[a.indicator_id], registry, a, lambda p: p)
        back = json.loads(json.dumps(record))
        assert back["status"] == a.status.value and back["comparator"] == a.comparator.value
        assert back["reason_code"] == a.reason_code.value and back["reason"] == present.reason_text(
            registry.indicators[a.indicator_id], a)
        assert list(record).index("reason") + 1 == list(record).index("reason_code")  # the words where they were


def test_same_strings_as_the_data_files():
    assert Status.ON_TRACK == "on_track" and f"{Status.AT_RISK}" == "at_risk" and str(Polarity.MAINTAIN) == "maintain"
    assert trajectory.STATUSES == ("achieved", "on_track", "at_risk", "off_track", "no_data", "not_assessable")
