"""The log-frame matrix: for each shared outcome its indicators (with status), directorate actions and I statements.

Pure, no Streamlit. Status comes from the assessments (logframe.assessments) and nowhere else; words from present.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from logframe import present, trajectory
from logframe.assessments import Assessment, listed
from logframe.present import STATUS_LABEL, format_value, period_text, text
from logframe.registry import Action, Indicator, IStatement, Registry
CSV_COLUMNS = ["outcome", "type", "text", "directorate", "lead", "timescale", "measure/status"]
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
            "Indicator": ind.title + (" (supporting measure)" if ind.supporting else ""),
            "Status": present.status_words(a.status),
            "Judged at": judged,
            "Latest": (f"{format_value(ind.unit, a.value)} ({period_text(a.period)})" if a.value is not None
                       else "no data"),
            "Target": ind.target_as_printed,
            "Directorates": ", ".join(ind.directorates) or "not assigned",
            "link": indicator_link(ind.id, area),
        })
    return pd.DataFrame(rows, columns=["Indicator", "Status", "Judged at", "Latest", "Target", "Directorates",
                                       "link"])


def indicator_link(indicator_id: str, area: str) -> str:
    """The Indicator page's address for an indicator and area, relative to the app (works under a base path)."""
    return "indicator?" + urlencode({"indicator": indicator_id, "area": area})


def linked_table(table: pd.DataFrame) -> pd.DataFrame:
    """indicator_table for st.table: every cell Markdown-escaped, the indicator title a link to its page."""
    out = table.drop(columns=["link"]).map(text)
    out["Indicator"] = [f"[{t}]({u})" for t, u in zip(out["Indicator"], table["link"])]
    return out


def action_table(block: OutcomeBlock) -> pd.DataFrame:
    """The block's directorate actions: what, directorate, lead, timescale, measure."""
    return pd.DataFrame(
        [{"What": a.committed_to, "Directorate": a.directorate, "Lead": a.led_by, "Timescale": a.timescale,
          "Measure": a.measure} for a in block.actions],
        columns=["What", "Directorate", "Lead", "Timescale", "Measure"])


def status_counts(indicators, status: dict[str, Assessment]) -> dict[str, int]:
    """How many of the indicators have each status, in trajectory.STATUSES order (zeros left out)."""
    counts = {s: 0 for s in trajectory.STATUSES}
    for ind in indicators:
        counts[status[ind.id].status] += 1
    return {s: n for s, n in counts.items() if n}


def flat_table(blocks_: list[OutcomeBlock], status: dict[str, Assessment], registry: Registry) -> pd.DataFrame:
    """The whole matrix as one table for CSV: one row per indicator, action and I statement under each outcome."""
    rows = []
    for b in blocks_:
        outcome = f"{b.code}: {b.name}"
        for ind in b.indicators:
            rows.append([outcome, "Indicator", ind.title, "; ".join(ind.directorates), "",
                         ind.target_period or "", status_words(ind, status[ind.id], registry, icon=False)])
        for a in b.actions:
            rows.append([outcome, "Action", a.committed_to, a.directorate, a.led_by, a.timescale, a.measure])
        for s in b.i_statements:
            rows.append([outcome, "I statement", s.statement, "", "", "", ""])
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes with a byte-order mark, so spreadsheet software reads the UTF-8 (★, ✔, ©) correctly."""
    return table.to_csv(index=False).encode("utf-8-sig")
