"""The shared filters (area, shared outcome, directorate, indicator) and their URL form; pure, no Streamlit."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from logframe.registry import Registry

KM = "E54000032"
KEYS = ("area", "outcome", "directorate", "indicator")


@dataclass(frozen=True)
class Filters:
    area: str = KM
    outcome: str | None = None
    directorate: str | None = None
    indicator: str | None = None


def area_options(registry: Registry) -> list[str]:
    """Areas an officer can choose: Kent and Medway, Kent, Medway, then the 12 districts by name."""
    return ["E54000032", "E10000016", "E06000035"] + [a.code for a in registry.districts()]


def from_params(params: Mapping[str, object], registry: Registry) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters; a bad value falls back to the default with a note saying so."""
    notes: list[str] = []

    def pick(key: str, allowed: list[str], default: str | None) -> str | None:
        raw = params.get(key)
        if isinstance(raw, list):
            raw = raw[-1] if raw else None
        if raw is None or raw == "":
            return default
        value = str(raw)
        if value in allowed:
            return value
        shown = value if len(value) <= 40 else value[:40] + "…"
        notes.append(f"The link's {key} {shown!r} is not one we know, so the default is shown instead.")
        return default

    return Filters(
        area=pick("area", area_options(registry), KM),  # type: ignore[arg-type]
        outcome=pick("outcome", list(registry.outcomes), None),
        directorate=pick("directorate", registry.directorates(), None),
        indicator=pick("indicator", list(registry.indicators), None),
    ), notes


def to_params(f: Filters) -> dict[str, str]:
    """The filters as URL query parameters (defaults left out, so links stay short)."""
    out = {"area": f.area} if f.area != KM else {}
    out.update({k: getattr(f, k) for k in ("outcome", "directorate", "indicator") if getattr(f, k)})
    return out
