"""Small, fast, accessible charts as inline SVG.

Widgets redraw on every control change, so charts are drawn as SVG text (well under a
millisecond) rather than rendered through matplotlib. Every chart:

- carries alt text (``role="img"``, ``aria-label``, ``<title>`` and ``<desc>``), shown beside
  it for sighted readers too;
- uses the Okabe-Ito palette (:mod:`coownership.palette`), which stays distinguishable with the
  common forms of colour-blindness, and never relies on colour alone: each series also has its own
  dash pattern and marker, and a legend in words;
- keeps every word inside the image: titles, long labels and legend names wrap onto new lines
  (legend entries onto new rows under the plot), and the image grows taller to hold them. Text
  widths are estimated generously from the font size and the number of characters.

Example:
    >>> svg = line_chart({"compliance": [0.3, 0.28], "co-ownership": [0.15, 0.12]},
    ...                  title="Missed visits", alt="Missed share by week for two designs.")
    >>> svg.startswith("<svg") and 'role="img"' in svg and "Missed share by week" in svg
    True
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence

from coownership.errors import ArgumentError
from coownership.palette import DASH_PATTERNS, SERIES_COLOURS, dasharray

__all__ = ["PALETTE", "DASHES", "line_chart", "bar_chart", "figure_html", "text_width"]

PALETTE = SERIES_COLOURS
"""Okabe-Ito colours in the order series take them (see :data:`coownership.palette.SERIES_COLOURS`)."""
_STROKE = 2
DASHES = tuple(dasharray(pattern, _STROKE) for pattern in DASH_PATTERNS)
"""SVG dash patterns, one per series, so series differ by more than colour."""
MARKERS = ("circle", "square", "triangle", "diamond")

_W = 300  # every chart is this wide; it grows taller, never wider
_PAD = 6  # clear space at the image's edges
_SIZE, _TITLE_SIZE, _BAR_SIZE = 10, 12, 11  # font sizes in px
_PLOT_HEIGHT = 126
# Generous widths: DejaVu Sans, the widest common sans-serif, averages about 0.55 em a character;
# the half-em slack covers a wide character in a short label (a "%" is 0.95 em).
_EM_PER_CHAR, _BOLD_EM_PER_CHAR, _SLACK_EM = 0.62, 0.68, 0.5


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of how wide ``text`` is at font ``size`` px (from its character count).

    Example:
        >>> text_width("week", 10)
        29.8
    """
    return round(size * (len(text) * (_BOLD_EM_PER_CHAR if bold else _EM_PER_CHAR) + _SLACK_EM), 2) if text else 0.0


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px (words broken only when one alone is too wide)."""
    chars = max(1, int((width / size - _SLACK_EM) / (_BOLD_EM_PER_CHAR if bold else _EM_PER_CHAR) + 1e-6))
    return textwrap.wrap(" ".join(str(text).split()), chars) or [""]


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int | None = None, bold: bool = False) -> str:
    attrs = f' text-anchor="{anchor}"' if anchor != "start" else ""
    attrs += f' font-size="{size}"' if size else ""
    attrs += ' font-weight="bold"' if bold else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs} fill="#1a1a1a">{_esc(text)}</text>'


def _title(title: str, x: float) -> tuple[list[str], float]:
    """The title's lines, and the y where the content below it may start."""
    lines = _wrap(title, _W - x - _PAD, _TITLE_SIZE, bold=True)
    parts = [_text(x, 4 + _TITLE_SIZE + 15 * i, line, size=_TITLE_SIZE, bold=True) for i, line in enumerate(lines)]
    return parts, 4 + 15 * len(lines)


def _svg_open(width: int, height: int, alt: str, title: str, size: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_esc(alt)}" style="font-family:sans-serif;font-size:{size}px">'
        f"<title>{_esc(title)}</title><desc>{_esc(alt)}</desc>"
    )


def _check_alt(alt: object) -> None:
    if not isinstance(alt, str) or not alt.strip():
        raise ArgumentError("alt must describe the chart in words (alt text is required)")


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


def _legend(names: Sequence[str], top: float) -> tuple[list[str], float]:
    """Legend entries (a line sample, a marker and the name) in rows under the plot; wraps rows and
    long names so every entry stays inside the image. Returns the parts and the y below the legend."""
    swatch, gap, line_h = 22, 12, 13
    parts: list[str] = []
    x, row_top, row_lines = float(_PAD), top, 1
    for i, name in enumerate(names):
        lines = _wrap(name, _W - 2 * _PAD - swatch, _SIZE)
        width = swatch + max(text_width(line, _SIZE) for line in lines)
        if x > _PAD and x + width > _W - _PAD:  # no room left on this row: start a new one
            x, row_top, row_lines = float(_PAD), row_top + row_lines * line_h + 4, 1
        row_lines = max(row_lines, len(lines))
        colour, dash, marker = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        ly = row_top + _SIZE - 3.5
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 18:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{colour}" '
            f'stroke-width="{_STROKE}"{dash_attr}/>'
        )
        parts.append(_marker(marker, x + 9, ly, colour))
        parts += [_text(x + swatch, row_top + _SIZE + line_h * j, line) for j, line in enumerate(lines)]
        x += width + gap
    return parts, row_top + row_lines * line_h


def line_chart(
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    alt: str,
    y_max: float | None = None,
    percent: bool = True,
    x_label: str = "week",
) -> str:
    """An SVG line chart of one or more series over weeks (index 0, 1, 2, ...), 300 px wide.

    Args:
        series: name -> values (``nan`` leaves a gap). The legend under the plot wraps onto as
            many rows as the names need.
        title: shown above the chart.
        alt: what the chart shows, in words (alt text; required).
        y_max: top of the y axis (default: a round number above the data).
        percent: label the y axis in percent.
        x_label: the x axis's label.

    Example:
        >>> "<title>T</title>" in line_chart({"a": [1, 2]}, title="T", alt="A rising line.", percent=False)
        True
    """
    _check_alt(alt)
    if not series:
        raise ArgumentError("series must hold at least one named list of values")
    if y_max is not None and not (isinstance(y_max, int | float) and y_max > 0 and math.isfinite(y_max)):
        raise ArgumentError(f"y_max must be a positive number or None, not {y_max!r}")
    values = [v for vs in series.values() for v in vs if v is not None and math.isfinite(v)]
    top_value = y_max if y_max is not None else _nice_max(max(values, default=1.0))
    n = max(len(vs) for vs in series.values())
    y_ticks = [top_value * k / 4 for k in range(5)]
    if percent:  # whole percentages unless a tick falls between them (2.5%)
        y_labels = [f"{round(v * 100, 6):g}%" for v in y_ticks]
    else:
        y_labels = [f"{v:.2f}" if top_value < 5 else f"{v:,.0f}" for v in y_ticks]
    x_ticks = list(range(0, n, max(1, n // 6) if n > 1 else 1))
    left = math.ceil(max(36, _PAD + 4 + max(text_width(label, _SIZE) for label in y_labels)))
    right = math.ceil(max(10, _PAD + text_width(str(x_ticks[-1]), _SIZE) / 2)) if x_ticks else 10
    pw = _W - left - right
    title_parts, below_title = _title(title, left)
    plot_top = below_title + 10
    plot_bottom = plot_top + _PLOT_HEIGHT

    def sx(i: float) -> float:
        return left + (pw * i / max(n - 1, 1))

    def sy(v: float) -> float:
        return plot_top + _PLOT_HEIGHT * (1 - min(max(v / top_value, 0.0), 1.0))

    parts = title_parts
    for v, label in zip(y_ticks, y_labels, strict=True):
        y = sy(v)
        parts.append(f'<line x1="{left}" x2="{_W - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dddddd"/>')
        parts.append(_text(left - 4, y + 3.5, label, anchor="end"))
    parts += [_text(sx(k), plot_bottom + 13, str(k), anchor="middle") for k in x_ticks]
    x_lines = _wrap(x_label, _W - 2 * _PAD, _SIZE)
    parts += [_text(_W / 2, plot_bottom + 26 + 13 * j, line, anchor="middle") for j, line in enumerate(x_lines)]
    for i, vs in enumerate(series.values()):
        colour, dash, marker = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        points = [(sx(j), sy(v)) for j, v in enumerate(vs) if v is not None and math.isfinite(v)]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{_STROKE}"{dash_attr}/>'
            )
            step = max(1, len(points) // 6)
            parts += [_marker(marker, x, y, colour) for x, y in points[::step]]
    legend, bottom = _legend([str(name) for name in series], plot_bottom + 26 + 13 * (len(x_lines) - 1) + 8)
    height = math.ceil(bottom + _PAD)
    return _svg_open(_W, height, alt, title, _SIZE) + "".join(parts + legend) + "</svg>"


def bar_chart(values: Mapping[str, float], *, title: str, alt: str, maximum: float, unit: str = "") -> str:
    """A horizontal SVG bar chart (one bar per label), with each value written beside its bar.

    Long labels wrap onto more lines (the row grows taller), so every word stays inside the image.

    Example:
        >>> "Agency" in bar_chart({"Agency": 2.5}, title="Profile", alt="One bar.", maximum=4)
        True
    """
    _check_alt(alt)
    if not values:
        raise ArgumentError("values must hold at least one label")
    if not (isinstance(maximum, int | float) and maximum > 0 and math.isfinite(maximum)):
        raise ArgumentError(f"maximum must be a positive number, not {maximum!r}")
    for label, value in values.items():
        if not (isinstance(value, int | float) and math.isfinite(value)):
            raise ArgumentError(f"values[{label!r}] must be a finite number, not {value!r}")
    shown = {label: f"{value:.1f}{unit}" for label, value in values.items()}
    label_width = min(120.0, max(text_width(str(label), _BAR_SIZE) for label in values))
    left = math.ceil(_PAD + label_width + 6)
    span = _W - left - 4 - max(text_width(text, _BAR_SIZE) for text in shown.values()) - _PAD
    title_parts, y = _title(title, 4)
    y += 4
    parts = title_parts
    for i, (label, value) in enumerate(values.items()):
        lines = _wrap(str(label), label_width, _BAR_SIZE)
        row = max(26, 13 * len(lines) + 6)
        middle = y + row / 2
        w = span * min(max(value / maximum, 0.0), 1.0)
        first = middle - 13 * (len(lines) - 1) / 2 + 4
        parts += [_text(left - 6, first + 13 * j, line, anchor="end") for j, line in enumerate(lines)]
        parts.append(f'<rect x="{left}" y="{middle - 8:.1f}" width="{span:.1f}" height="16" fill="#eeeeee"/>')
        parts.append(
            f'<rect x="{left}" y="{middle - 8:.1f}" width="{w:.1f}" height="16" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(_text(left + span + 4, middle + 4, shown[label]))
        y += row
    height = math.ceil(y + 4)
    return _svg_open(_W, height, alt, title, _BAR_SIZE) + "".join(parts) + "</svg>"


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
