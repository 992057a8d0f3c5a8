"""The course's chart colours and dash patterns, shared by the SVG widgets and the matplotlib figures.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour-blindness. Colour is never the only cue: each series also gets its own dash pattern.
This module imports nothing, so both ``coownership.widgets.charts`` and ``coownership.figures``
can use it without pulling in the other's dependencies.

Example:
    >>> SERIES_COLOURS[0] == OKABE_ITO["blue"]
    True
    >>> dasharray(DASH_PATTERNS[1], width=2)
    '6 4'
"""

from __future__ import annotations

__all__ = ["OKABE_ITO", "SERIES_COLOURS", "DASH_PATTERNS", "dasharray"]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
"""The eight Okabe-Ito colours, in the palette's published order."""

SERIES_COLOURS = tuple(
    OKABE_ITO[name] for name in ("blue", "vermillion", "bluish green", "reddish purple", "black", "orange", "sky blue")
)
"""The order series take their colours in: the five with at least 3:1 contrast on white first (blue
5.2, vermillion 3.9, bluish green 3.4, reddish purple 3.1, black 21), then orange (2.3) and sky blue
(2.3). Yellow (1.3:1 on white) is never used for a line or a bar."""

DASH_PATTERNS: tuple[tuple[float, ...], ...] = (
    (),  # solid
    (3, 2),  # dashed
    (1, 1.5),  # dotted
    (4, 1.5, 1, 1.5),  # dash-dot
    (6, 1.5),  # long dash
    (4, 1.5, 1, 1.5, 1, 1.5),  # dash-dot-dot
    (1, 3),  # sparse dots
)
"""One dash pattern per series (on, off, ... in multiples of the line width), so lines differ
without colour; as many patterns as colours, so the first seven series differ in both."""


def dasharray(pattern: tuple[float, ...], width: float) -> str:
    """An SVG ``stroke-dasharray`` value for a pattern drawn with lines ``width`` wide ("" for solid).

    Example:
        >>> dasharray((4, 1.5, 1, 1.5), width=2)
        '8 3 2 3'
        >>> dasharray((), width=2)
        ''
    """
    return " ".join(f"{on_off * width:g}" for on_off in pattern)
