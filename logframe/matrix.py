"""The log-frame matrix: for each shared outcome its indicators (with status), directorate actions and I statements.

Pure, no Streamlit. Status comes from trajectory (through assessments) and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass

import re
from urllib.parse import urlencode

import pandas as pd

from logframe import assessments, trajectory
from logframe.assessments import select_indicators
from logframe.registry import Action, Indicator, IStatement, Registry
from logframe.trajectory import STATUS_ICON, STATUS_LABEL, format_value

# Escaping '[' and ']' is enough to stop a link forming, so parentheses stay as typed; '$' would start LaTeX.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$])")
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


def blocks(registry: Registry, outcome: str | None = None, directorate: str | None = None) -> list[OutcomeBlock]:
    """One block per shared outcome (or the one chosen); indicators and actions narrowed to the directorate.

    I statements belong to the outcome, not to a directorate, so every block keeps all of its own.
    """
    out = []
    for code, o in registry.outcomes.items():
        if outcome is not None and code != outcome:
            continue
        out.append(OutcomeBlock(
            code=code, name=o.name, ambition=o.ambition,
            indicators=tuple(select_indicators(registry, outcome=code, directorate=directorate)),
            actions=tuple(a for a in registry.actions
                          if code in a.shared_outcomes and (directorate is None or a.directorate == directorate)),
            i_statements=tuple(s for s in registry.i_statements if s.shared_outcome == code),
        ))
    return out


def statuses(registry: Registry, rows: list[dict], indicators: list[Indicator] | tuple[Indicator, ...],
             area: str | None = None) -> dict[str, dict]:
    """Each indicator's assessment at the chosen area, or its own geography when none is chosen."""
    return assessments.where_judged(rows, indicators, area)


def status_words(ind: Indicator, row: dict, registry: Registry, icon: bool = True) -> str:
    """'✔ On track (Kent and Medway, 2024/25: 6.8%)': status, where it is judged, and the latest value."""
    head = f"{STATUS_ICON[row['status']]} {STATUS_LABEL[row['status']]}" if icon else STATUS_LABEL[row["status"]]
    where = registry.area_name(row["area_code"])
    if row.get("value") is None:
        return f"{head} ({where})"
    return f"{head} ({where}, {row['period']}: {format_value(ind.unit, row['value'])})"


def indicator_table(block: OutcomeBlock, status: dict[str, dict], registry: Registry) -> pd.DataFrame:
    """The block's indicators: title, status (icon and word), where judged, latest, target, directorates."""
    rows = []
    for ind in block.indicators:
        r = status[ind.id]
        latest = (f"{format_value(ind.unit, r['value'])} ({r['period']})" if r.get("value") is not None
                  else "no data")
        rows.append({
            "Indicator": ind.title + (" (supporting measure)" if ind.supporting else ""),
            "Status": f"{STATUS_ICON[r['status']]} {STATUS_LABEL[r['status']]}",
            "Judged at": registry.area_name(r["area_code"]),
            "Latest": latest,
            "Target": ind.target_as_printed,
            "Directorates": ", ".join(ind.directorates) or "not assigned",
            "link": indicator_link(ind.id, r["area_code"]),
        })
    return pd.DataFrame(rows, columns=["Indicator", "Status", "Judged at", "Latest", "Target", "Directorates",
                                       "link"])


def indicator_link(indicator_id: str, area: str) -> str:
    """The Indicator page's address for an indicator and area, relative to the app (works under a base path)."""
    return "indicator?" + urlencode({"indicator": indicator_id, "area": area})


def markdown_safe(text: str) -> str:
    """Text with Markdown's special characters escaped, for tables that render Markdown (st.table)."""
    return _MARKDOWN.sub(r"\\\1", text)


def linked_table(table: pd.DataFrame) -> pd.DataFrame:
    """indicator_table for st.table: every cell Markdown-escaped, the indicator title a link to its page."""
    out = table.drop(columns=["link"]).map(markdown_safe)
    out["Indicator"] = [f"[{t}]({u})" for t, u in zip(out["Indicator"], table["link"])]
    return out


def action_table(block: OutcomeBlock) -> pd.DataFrame:
    """The block's directorate actions: what, directorate, lead, timescale, measure."""
    return pd.DataFrame(
        [{"What": a.committed_to, "Directorate": a.directorate, "Lead": a.led_by, "Timescale": a.timescale,
          "Measure": a.measure} for a in block.actions],
        columns=["What", "Directorate", "Lead", "Timescale", "Measure"])


def status_counts(indicators, status: dict[str, dict]) -> dict[str, int]:
    """How many of the indicators have each status, in trajectory.STATUSES order (zeros left out)."""
    counts = {s: 0 for s in trajectory.STATUSES}
    for ind in indicators:
        counts[status[ind.id]["status"]] += 1
    return {s: n for s, n in counts.items() if n}


def flat_table(blocks_: list[OutcomeBlock], status: dict[str, dict], registry: Registry) -> pd.DataFrame:
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
