"""The shared filters (area, shared outcome, directorate, indicator) and their URL form; pure, no Streamlit."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from logframe.registry import Registry

KEYS = ("area", "outcome", "directorate", "indicator")


@dataclass(frozen=True)
class Filters:
    area: str  # the default is the registry's partnership (Registry.partnership)
    outcome: str | None = None
    directorate: str | None = None
    indicator: str | None = None


def area_options(registry: Registry) -> list[str]:
    """Areas an officer can choose: the partnership, its councils, then the districts by name (areas.csv)."""
    return [registry.partnership] + registry.councils() + [a.code for a in registry.districts()]


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
        area=pick("area", area_options(registry), registry.partnership) or registry.partnership,
        outcome=pick("outcome", list(registry.outcomes), None),
        directorate=pick("directorate", registry.directorates(), None),
        indicator=pick("indicator", list(registry.indicators), None),
    ), notes


def to_params(f: Filters, default_area: str | None = None) -> dict[str, str]:
    """The filters as URL query parameters (the default area, Registry.partnership, left out so links stay short)."""
    out = {"area": f.area} if f.area != default_area else {}
    out.update({k: getattr(f, k) for k in ("outcome", "directorate", "indicator") if getattr(f, k)})
    return out
