"""Small, fast, accessible charts as inline SVG.

Widgets redraw on every control change, so charts are drawn as SVG text (well under a
millisecond) rather than rendered through matplotlib. Every chart:

- carries alt text (``role="img"``, ``aria-label``, ``<title>`` and ``<desc>``), shown beside
  it for sighted readers too;
- uses the Okabe-Ito palette, which stays distinguishable with the common forms of
  colour-blindness, and never relies on colour alone: each series also has its own dash pattern
  and marker, and a legend in words.

Example:
    >>> svg = line_chart({"compliance": [0.3, 0.28], "co-ownership": [0.15, 0.12]},
    ...                  title="Missed visits", alt="Missed share by week for two designs.")
    >>> svg.startswith("<svg") and 'role="img"' in svg and "Missed share by week" in svg
    True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

__all__ = ["PALETTE", "DASHES", "line_chart", "bar_chart", "figure_html"]

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe-Ito colours (blue, vermillion, green, purple, orange, sky blue, black)."""
DASHES = ("", "6 4", "2 3", "8 3 2 3")
"""Dash patterns, so series differ by more than colour."""
MARKERS = ("circle", "square", "triangle", "diamond")

_W, _H = 300, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 28, 36


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 2.4:.1f}" y="{y - 2.4:.1f}" width="4.8" height="4.8" fill="{colour}"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f},{y - 3:.1f} L{x + 3:.1f},{y + 2.5:.1f} L{x - 3:.1f},{y + 2.5:.1f} Z" fill="{colour}"/>'
        )
    return f'<path d="M{x:.1f},{y - 3:.1f} L{x + 3:.1f},{y:.1f} L{x:.1f},{y + 3:.1f} L{x - 3:.1f},{y:.1f} Z" fill="{colour}"/>'


def _nice_max(value: float) -> float:
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 6, 8, 10):  # five ticks at round numbers
        if value <= step * exp:
            return step * exp
    return 10 * exp  # pragma: no cover


def line_chart(
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    alt: str,
    y_max: float | None = None,
    percent: bool = True,
    x_label: str = "week",
) -> str:
    """An SVG line chart of one or more series over weeks (index 0, 1, 2, ...).

    Args:
        series: name -> values (``nan`` leaves a gap).
        title: shown above the chart.
        alt: what the chart shows, in words (alt text; required).
        y_max: top of the y axis (default: a round number above the data).
        percent: label the y axis in percent.

    Example:
        >>> "<title>T</title>" in line_chart({"a": [1, 2]}, title="T", alt="A rising line.", percent=False)
        True
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must describe the chart in words (alt text is required)")
    if not series:
        raise ValueError("series must hold at least one named list of values")
    values = [v for vs in series.values() for v in vs if v is not None and math.isfinite(v)]
    top = y_max if y_max is not None else _nice_max(max(values, default=1.0))
    n = max(len(vs) for vs in series.values())
    pw, ph = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def sx(i: float) -> float:
        return _LEFT + (pw * i / max(n - 1, 1))

    def sy(v: float) -> float:
        return _TOP + ph * (1 - min(max(v / top, 0.0), 1.0))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" '
        f'role="img" aria-label="{_esc(alt)}" style="font-family:sans-serif;font-size:10px">',
        f"<title>{_esc(title)}</title><desc>{_esc(alt)}</desc>",
        f'<text x="{_LEFT}" y="14" font-size="12" font-weight="bold" fill="#1a1a1a">{_esc(title)}</text>',
    ]
    for k in range(5):
        v = top * k / 4
        y = sy(v)
        label = f"{v:.0%}" if percent else (f"{v:.2f}" if top < 5 else f"{v:.0f}")
        parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dddddd"/>')
        parts.append(f'<text x="{_LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" fill="#333333">{label}</text>')
    for k in range(0, n, max(1, n // 6) if n > 1 else 1):
        parts.append(f'<text x="{sx(k):.1f}" y="{_H - _BOTTOM + 12}" text-anchor="middle" fill="#333333">{k}</text>')
    parts.append(
        f'<text x="{_LEFT + pw / 2:.1f}" y="{_H - _BOTTOM + 24}" text-anchor="middle" fill="#333333">{_esc(x_label)}</text>'
    )
    legend_x = _LEFT
    for i, (name, vs) in enumerate(series.items()):
        colour, dash, marker = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        points = [(sx(j), sy(v)) for j, v in enumerate(vs) if v is not None and math.isfinite(v)]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
            step = max(1, len(points) // 6)
            parts += [_marker(marker, x, y, colour) for x, y in points[::step]]
        ly = _H - 6
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{ly - 3}" y2="{ly - 3}" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        parts.append(_marker(marker, legend_x + 9, ly - 3, colour))
        parts.append(f'<text x="{legend_x + 22}" y="{ly}" fill="#1a1a1a">{_esc(name)}</text>')
        legend_x += 28 + 6 * len(str(name))
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(values: Mapping[str, float], *, title: str, alt: str, maximum: float, unit: str = "") -> str:
    """A horizontal SVG bar chart (one bar per label), with each value written beside its bar.

    Example:
        >>> "Agency" in bar_chart({"Agency": 2.5}, title="Profile", alt="One bar.", maximum=4)
        True
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must describe the chart in words (alt text is required)")
    if not values:
        raise ValueError("values must hold at least one label")
    row, left, width = 26, 110, 300
    height = 28 + row * len(values)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{_esc(alt)}" style="font-family:sans-serif;font-size:11px">',
        f"<title>{_esc(title)}</title><desc>{_esc(alt)}</desc>",
        f'<text x="4" y="14" font-size="12" font-weight="bold" fill="#1a1a1a">{_esc(title)}</text>',
    ]
    span = width - left - 50
    for i, (label, value) in enumerate(values.items()):
        y = 24 + i * row
        w = span * min(max(value / maximum, 0.0), 1.0) if maximum else 0
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="#1a1a1a">{_esc(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{span}" height="16" fill="#eeeeee"/>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="16" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(f'<text x="{left + span + 4}" y="{y + 15}" fill="#1a1a1a">{value:.1f}{_esc(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def figure_html(svg: str, alt: str, caption: str = "") -> str:
    """Wrap a chart with its alt text written out beneath it (for everyone, not only screen readers).

    Example:
        >>> "<figcaption" in figure_html("<svg></svg>", "Nothing much.")
        True
    """
    cap = f"<strong>{_esc(caption)}</strong> " if caption else ""
    return (
        f'<figure style="margin:0.2em">{svg}<figcaption style="font-size:0.85em;color:#333;max-width:300px">'
        f"{cap}{_esc(alt)}</figcaption></figure>"
    )
