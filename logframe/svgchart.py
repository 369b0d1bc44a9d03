"""A plotly line chart drawn as static SVG at build time, for the board pack: no JavaScript and no plotly.js (4.8 MB),
so a pack is small, opens anywhere and looks the same on screen, in print and in an email. Pure: no Streamlit.

It draws the subset of plotly the indicator chart uses (charts.indicator_chart): scatter traces as lines and markers,
a band filled to the trace before it, error bars, the status annotation, and the layout's period ticks and y-axis
suffix. The chart is the page's figure, so the pack says exactly what the page draws; its key is charts.key_items.
"""
from __future__ import annotations

import html
import math
from typing import Any

import plotly.graph_objects as go

from logframe.charts import _DASH, _marker_svg

FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'
AXIS = "#555555"
GRID = "#dddddd"


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _seq(v: Any) -> list[Any]:
    """A trace's x, y or error array as a list (plotly may hold a tuple or a numpy array)."""
    return [] if v is None else list(v)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _label(v: float, step: float, suffix: str) -> str:
    digits = max(0, -int(math.floor(math.log10(step)))) if step < 1 else 0
    return f"{v:,.{digits}f}{suffix}"


def render(fig: go.Figure, width: int = 680, height: int = 230, label: str = "", key: str = "chart") -> str:
    """The figure as one SVG element, `width` x `height` CSS px; `label` is its accessible name, `key` makes its ids
    unique in the document."""
    left, right, top, bottom = 58, 14, 12, 26
    pw, ph = width - left - right, height - top - bottom
    xs, ys = [], []
    for t in fig.data:
        for x, y in zip(_seq(t.x), _seq(t.y)):
            if _num(x) is not None and _num(y) is not None:
                xs.append(float(x))
                ys.append(float(y))
        ey = t.error_y
        if ey is not None and ey.visible and ey.array is not None:
            for y, up, down in zip(_seq(t.y), _seq(ey.array), _seq(ey.arrayminus) or _seq(ey.array)):
                if _num(y) is not None:
                    ys += [float(y) + (_num(up) or 0), float(y) - (_num(down) or 0)]
    if not xs:
        return ""
    xr = fig.layout.xaxis.range
    x0, x1 = (float(xr[0]), float(xr[1])) if xr else (min(xs) - 0.4, max(xs) + 0.4)
    y_lo, y_hi = min(ys), max(ys)
    if y_hi - y_lo < 1e-9:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    step = _nice_step(y_hi - y_lo)
    y0, y1 = math.floor(y_lo / step) * step, math.ceil(y_hi / step) * step
    if y1 - y0 < 1e-9:
        y1 = y0 + step

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (y - y0) / (y1 - y0) * ph

    out = [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#ffffff"/>']
    suffix = fig.layout.yaxis.ticksuffix or ""
    n = int(round((y1 - y0) / step))
    for k in range(n + 1):
        v = y0 + k * step
        y = sy(v)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 5}" y="{y + 3:.1f}" text-anchor="end" font-size="9" fill="{AXIS}" {FONT}>'
                   f'{html.escape(_label(v, step, suffix))}</text>')
    title = fig.layout.yaxis.title.text if fig.layout.yaxis.title else ""
    if title:
        out.append(f'<text transform="translate(11 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" '
                   f'font-size="9" fill="{AXIS}" {FONT}>{html.escape(title)}</text>')
    for x, text in zip(fig.layout.xaxis.tickvals or (), fig.layout.xaxis.ticktext or ()):
        px = sx(float(x))
        if left - 1 <= px <= left + pw + 1:
            out.append(f'<line x1="{px:.1f}" y1="{top + ph}" x2="{px:.1f}" y2="{top + ph + 4}" stroke="{AXIS}"/>')
            out.append(f'<text x="{px:.1f}" y="{top + ph + 15}" text-anchor="middle" font-size="9" fill="{AXIS}" '
                       f'{FONT}>{html.escape(str(text))}</text>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="{AXIS}"/>')

    plot = []
    previous = None
    for t in fig.data:
        pts = [(sx(float(x)), sy(float(y))) for x, y in zip(_seq(t.x), _seq(t.y))
               if _num(x) is not None and _num(y) is not None]
        if not pts:
            previous = pts
            continue
        line, marker = t.line, t.marker
        colour = (line.color if line is not None and line.color else None) or \
            (marker.color if marker is not None and isinstance(marker.color, str) else None) or "#333333"
        if getattr(t, "fill", None) == "tonexty" and previous:
            ring = previous + list(reversed(pts))
            plot.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in ring)}" '
                        f'fill="{t.fillcolor or colour}" stroke="none"/>')
        ey = t.error_y
        if ey is not None and ey.visible and ey.array is not None:
            for x, y, up, down in zip(_seq(t.x), _seq(t.y), _seq(ey.array), _seq(ey.arrayminus) or _seq(ey.array)):
                if _num(y) is None:
                    continue
                px, hi, lo = sx(float(x)), sy(float(y) + (_num(up) or 0)), sy(float(y) - (_num(down) or 0))
                plot.append(f'<path d="M{px:.1f} {hi:.1f}V{lo:.1f}M{px - 2:.1f} {hi:.1f}h4M{px - 2:.1f} {lo:.1f}h4" '
                            f'stroke="{colour}" stroke-width="1" fill="none"/>')
        mode = t.mode or "lines"
        if "lines" in mode and (line.width is None or line.width > 0):
            dash = _DASH.get(line.dash or "solid", "3 3" if "px" in str(line.dash) else "")
            plot.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="none" '
                        f'stroke="{colour}" stroke-width="{line.width or 2}" stroke-linejoin="round"'
                        + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        if "markers" in mode:
            sizes = _seq(marker.size) if not isinstance(marker.size, (int, float)) and marker.size is not None \
                else [marker.size or 6] * len(pts)
            small = len(pts) > 16
            for (x, y), size in zip(pts, sizes):
                if size == 0:
                    continue
                mark = _marker_svg(str(marker.symbol or "circle"), colour, x, y)
                if small:
                    mark = f'<g transform="translate({x:.1f} {y:.1f}) scale(0.6) translate({-x:.1f} {-y:.1f})">' \
                           f"{mark}</g>"
                plot.append(mark)
        previous = pts
    out.append(f'<clipPath id="plot-{key}"><rect x="{left}" y="{top}" width="{pw}" height="{ph}"/></clipPath>')
    out.append(f'<g clip-path="url(#plot-{key})">{"".join(plot)}</g>')

    for a in fig.layout.annotations or ():
        ax, ay = _num(a.x), _num(a.y)
        if ax is None or ay is None or a.xref not in (None, "x") or a.yref not in (None, "y"):
            continue
        px, py = sx(ax), sy(ay)
        lx, ly = px + (a.ax or 0), py + (a.ay or 0)
        text = html.escape(str(a.text))
        w = 7 * len(str(a.text)) + 10
        lx = min(lx, left + pw - w / 2)
        out.append(f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{lx:.1f}" y2="{ly + 8:.1f}" '
                   f'stroke="{a.bordercolor or AXIS}" stroke-width="1.5"/>')
        out.append(f'<rect x="{lx - w / 2:.1f}" y="{ly - 8:.1f}" width="{w}" height="16" fill="#ffffff" '
                   f'stroke="{a.bordercolor or AXIS}" stroke-width="1.5" rx="2"/>')
        out.append(f'<text x="{lx:.1f}" y="{ly + 3.5:.1f}" text-anchor="middle" font-size="10" font-weight="600" '
                   f'fill="#1b1b1b" {FONT}>{text}</text>')
    name = html.escape(label, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} '
            f'{height}" role="img" aria-label="{name}"><title>{name}</title>{"".join(out)}</svg>')
