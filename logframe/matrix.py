"""The log-frame matrix: for each shared outcome its indicators (with status), directorate actions and I statements.

Pure, no Streamlit. Status comes from the assessments (logframe.assessments) and nowhere else; words from present.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from markupsafe import Markup

from logframe import present, templating, trajectory
from logframe.assessments import Assessment, listed
from logframe.overview import macros
from logframe.present import STATUS_LABEL, format_value, period_text
from logframe.registry import Action, Indicator, IStatement, Registry

CSV_COLUMNS = ["outcome", "type", "text", "directorate", "lead", "timescale", "measure/status", "basis"]
TYPES = ("Indicator", "Action", "I statement")


@dataclass(frozen=True)
class OutcomeBlock:
    code: str
    name: str
    ambition: str
    indicators: tuple[Indicator, ...]
    actions: tuple[Action, ...]
    i_statements: tuple[IStatement, ...]


def blocks(registry: Registry, area: str, outcome: str | None = None, directorate: str | None = None
           ) -> list[OutcomeBlock]:
    """One block per shared outcome (or the one chosen): the indicators listed for the area (the judging rule) and
    the actions, narrowed to the directorate. I statements belong to the outcome, so every block keeps all of its own.
    """
    out = []
    for code, o in registry.outcomes.items():
        if outcome is not None and code != outcome:
            continue
        out.append(OutcomeBlock(
            code=code, name=o.name, ambition=o.ambition,
            indicators=tuple(listed(registry, area, outcome=code, directorate=directorate)),
            actions=tuple(a for a in registry.actions
                          if code in a.shared_outcomes and (directorate is None or a.directorate == directorate)),
            i_statements=tuple(s for s in registry.i_statements if s.shared_outcome == code),
        ))
    return out


def status_words(ind: Indicator, a: Assessment, registry: Registry, icon: bool = True) -> str:
    """'✔ On track (Kent and Medway, 2024/25: 6.8%)': status, where it is judged, and the latest value."""
    if ind.supporting:
        head = present.SUPPORTING_LABEL
    else:
        head = present.status_words(a.status) if icon else STATUS_LABEL[a.status]
    where = registry.area_name(a.area_code)
    if a.value is None:
        return f"{head} ({where})"
    return f"{head} ({where}, {period_text(a.period)}: {format_value(ind.unit, a.value)})"


def indicator_table(block: OutcomeBlock, status: dict[str, Assessment], registry: Registry, area: str) -> pd.DataFrame:
    """The block's indicators: title, status (icon and word), where judged, latest, target, directorates; each title
    links to its Indicator page for the area chosen."""
    rows = []
    for ind in block.indicators:
        a = status[ind.id]
        judged = registry.area_name(a.area_code)
        if a.judged_elsewhere:
            judged += f" (against the {registry.area_name(a.own_geography)} trajectory)"
        rows.append({
            "Indicator": ind.title,
            "Status": present.SUPPORTING_LABEL if ind.supporting else present.status_words(a.status),
            "Judged at": judged,
            "Latest": (f"{format_value(ind.unit, a.value)} ({period_text(a.period)})" if a.value is not None
                       else "no data"),
            "Basis": a.basis.value if a.value is not None else "",  # type: ignore[union-attr]  # the basis of the figure shown, if any
            "Target": ind.target_as_printed,
            "Directorates": ", ".join(ind.directorates) or "not assigned",
            "link": indicator_link(ind.id, area),
            "status": a.status, "id": ind.id,
        })
    return pd.DataFrame(rows, columns=["Indicator", "Status", "Judged at", "Latest", "Basis", "Target",
                                       "Directorates", "link", "status", "id"])


def indicator_table_html(code: str, table: pd.DataFrame) -> str:
    """indicator_table as one HTML table (logframe/templates/overview.html): each title a link to its page, status as
    icon and word, the latest figure with its basis; on a narrow screen each row stacks with its labels."""
    rows = [{"id": r["id"], "title": r["Indicator"], "href": r["link"],
             "pill": Markup(present.status_pill(r["status"]) if r["Status"] != present.SUPPORTING_LABEL else
                            present.supporting_tag()),
             "judged": r["Judged at"], "latest": r["Latest"], "basis": r["Basis"], "target": r["Target"],
             "directorates": r["Directorates"]} for r in table.to_dict("records")]
    return templating.one_block(str(macros().indicator_list(code=code, rows=rows)))


def indicator_link(indicator_id: str, area: str) -> str:
    """The Indicator page's address for an indicator and area, relative to the app (works under a base path)."""
    return "indicator?" + urlencode({"indicator": indicator_id, "area": area})


def action_table(block: OutcomeBlock) -> pd.DataFrame:
    """The block's directorate actions: what, directorate, lead, timescale, measure."""
    return pd.DataFrame(
        [{"What": a.committed_to, "Directorate": a.directorate, "Lead": a.led_by, "Timescale": a.timescale,
          "Measure": a.measure} for a in block.actions],
        columns=["What", "Directorate", "Lead", "Timescale", "Measure"])


def status_counts(indicators: Any, status: dict[str, Assessment]) -> dict[str, int]:
    """How many of the log-frame indicators have each status, in trajectory.STATUSES order (zeros left out);
    supporting measures have no target, so no status, and are counted apart (supporting_count), as on the Overview."""
    counts = {s: 0 for s in trajectory.STATUSES}
    for ind in indicators:
        if not ind.supporting:
            counts[status[ind.id].status] += 1
    return {s: n for s, n in counts.items() if n}


def supporting_count(indicators: Any) -> int:
    """How many of the indicators are supporting measures (no target, no status)."""
    return sum(ind.supporting for ind in indicators)


def flat_table(blocks_: list[OutcomeBlock], status: dict[str, Assessment], registry: Registry) -> pd.DataFrame:
    """The whole matrix as one table for CSV: one row per indicator, action and I statement under each outcome; an
    indicator's row says what its figure rests on (basis: real, derived or illustrative; empty with no figure)."""
    rows = []
    for b in blocks_:
        outcome = f"{b.code}: {b.name}"
        for ind in b.indicators:
            a = status[ind.id]
            rows.append([outcome, "Indicator", ind.title, "; ".join(ind.directorates), "",
                         ind.target_period or "", status_words(ind, a, registry, icon=False),
                         a.basis.value if a.value is not None else ""])  # type: ignore[union-attr]
        for act in b.actions:
            rows.append([outcome, "Action", act.committed_to, act.directorate, act.led_by, act.timescale, act.measure,
                         ""])
        for s in b.i_statements:
            rows.append([outcome, "I statement", s.statement, "", "", "", "", ""])
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes with a byte-order mark, so spreadsheet software reads the UTF-8 (★, ✔, ©) correctly."""
    return table.to_csv(index=False).encode("utf-8-sig")
