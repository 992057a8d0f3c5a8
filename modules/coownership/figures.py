"""Figures in the course's house style, drawn with pandas and matplotlib, for notebooks that analyse data.

Learners can reuse this code on their own numbers. Every figure:

- uses the Okabe-Ito colours (:mod:`coownership.palette`) in a fixed order, and never colour alone:
  each line has its own dash pattern, each group of bars its own hatching, and the legend names them;
- uses large text (at least :data:`MIN_FONT_SIZE` points), readable when projected;
- is shown with its alt text written out beneath it (:func:`show`), for everyone, not only
  screen-reader users; a figure without alt text is refused.

Only notebooks that draw import this module (``import coownership`` does not import matplotlib).
With no display (a server, nbval, nbgrader) matplotlib uses its non-interactive Agg backend.

Example:
    >>> import pandas as pd
    >>> missed = pd.Series([0.31, 0.28, 0.22], index=pd.RangeIndex(3, name="week"), name="missed")
    >>> fig = line_chart(missed, title="Visits missed (SIMULATED)", xlabel="week", ylabel="visits missed",
    ...                  alt="SIMULATED. Visits missed fall from 31% in week 0 to 22% in week 2.", percent=True)
    >>> show(fig)  # in a notebook: the figure, then its alt text written out beneath it
    <IPython.core.display.HTML object>
"""

from __future__ import annotations

import base64
import html
import io
import os
import sys
import textwrap
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import LineStyleType, RcKeyType

from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.palette import DASH_PATTERNS, SERIES_COLOURS

__all__ = [
    "HOUSE_RC",
    "MIN_FONT_SIZE",
    "house_style",
    "line_chart",
    "bar_chart",
    "figure_html",
    "report_page",
    "show",
]


def _headless() -> bool:
    """True when nothing chose a backend and there is no display to draw on (Linux without X or Wayland)."""
    if os.environ.get("MPLBACKEND") or "ipykernel" in sys.modules:
        return False
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if _headless():
    matplotlib.use("Agg")

MIN_FONT_SIZE = 14
"""The smallest text in a house-style figure, in points (about 19 px at the figures' 100 dpi)."""

_LINESTYLES: tuple[LineStyleType, ...] = tuple("-" if not pattern else (0, pattern) for pattern in DASH_PATTERNS)
_HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++")
_INK = "#1a1a1a"
_PERCENT = FuncFormatter(lambda value, _position: f"{round(value * 100, 6):g}%")  # 0.25 -> 25%, 0.125 -> 12.5%

HOUSE_RC: dict[RcKeyType, Any] = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 16,
    "xtick.labelsize": MIN_FONT_SIZE,
    "ytick.labelsize": MIN_FONT_SIZE,
    "legend.fontsize": MIN_FONT_SIZE,
    "legend.title_fontsize": MIN_FONT_SIZE,
    "legend.frameon": False,
    "legend.handlelength": 4,  # long enough to show each dash pattern
    "axes.prop_cycle": cycler(color=list(SERIES_COLOURS), linestyle=list(_LINESTYLES)),
    "lines.linewidth": 2.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "axes.edgecolor": _INK,
}
"""The house style as matplotlib settings (used by :func:`house_style`)."""

_ALT: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()


@contextmanager
def house_style() -> Iterator[None]:
    """Draw in the house style inside a ``with`` block (for figures you make yourself).

    Example:
        >>> import matplotlib
        >>> with house_style():
        ...     fig = Figure()
        ...     ax = fig.subplots()
        ...     _ = ax.plot([0, 1, 2], [3, 1, 2])
        ...     matplotlib.rcParams["font.size"] >= MIN_FONT_SIZE
        True
    """
    with matplotlib.rc_context(HOUSE_RC):
        yield


def _check_words(**texts: object) -> None:
    for name, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            what = "describe the figure in words (alt text is required)" if name == "alt" else "be a non-empty string"
            raise ArgumentError(f"{name} must {what}; got {text!r}")


def _frame(data: object, max_columns: int) -> pd.DataFrame:
    """``data`` as a DataFrame of numbers, or a clear error naming ``data``."""
    if isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else "value")
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise ArgumentTypeError(f"data must be a pandas Series or DataFrame, not {type(data).__name__}")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ArgumentError("data must hold at least one value")
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise ArgumentError(f"data must hold numbers; column {column!r} holds {frame[column].dtype}")
    if frame.shape[1] > max_columns:
        raise ArgumentError(
            f"data has {frame.shape[1]} columns; draw at most {max_columns}, so each keeps its own colour and "
            "pattern (choose columns with data[[...]], or draw several figures)"
        )
    return frame


def _value_grid(ax: Axes, axis: Literal["x", "y"]) -> None:
    """Grid lines across the value axis only (pandas switches on both)."""
    ax.grid(visible=False)
    ax.grid(axis=axis, visible=True)


def _finish(fig: Figure, ax: Axes, *, title: str, xlabel: str, ylabel: str, alt: str, names: list[str]) -> Figure:
    """Titles, labels and legend, wrapped so that long words stay inside the figure."""
    ax.set_title(textwrap.fill(title, 34), pad=12)
    ax.set_xlabel(textwrap.fill(xlabel, 45))
    ax.set_ylabel(textwrap.fill(ylabel, 28))
    if len(names) > 1:
        labels = [textwrap.fill(name, 30) for name in names]
        longest = max(len(line) for label in labels for line in label.splitlines())
        columns = 3 if longest <= 14 else 2 if longest <= 26 else 1
        columns = min(len(names), columns)
        fig.legend(ax.get_legend_handles_labels()[0], labels, loc="outside lower center", ncols=columns)
        rows = [labels[i : i + columns] for i in range(0, len(labels), columns)]
        lines = sum(max(label.count("\n") + 1 for label in row) for row in rows)
        fig.set_figheight(fig.get_figheight() + 0.3 * (lines - 1))  # room for the legend's extra lines
    _ALT[fig] = alt
    return fig


def line_chart(
    data: pd.Series | pd.DataFrame, *, title: str, xlabel: str, ylabel: str, alt: str, percent: bool = False
) -> Figure:
    """A line chart of a Series (one line) or a DataFrame (one line per column, at most 7) over its index.

    Lines take the Okabe-Ito colours in order, each with its own dash pattern; the y axis starts at
    0 when every value is 0 or more; ``percent=True`` labels shares (0.25) as percentages (25%).

    Example:
        >>> import pandas as pd
        >>> weekly = pd.DataFrame({"compliance": [0.30, 0.31], "co-ownership": [0.22, 0.18]})
        >>> fig = line_chart(weekly, title="Visits missed", xlabel="week", ylabel="visits missed",
        ...                  alt="Two lines over two weeks.", percent=True)
        >>> [line.get_color() for line in fig.axes[0].get_lines()] == list(SERIES_COLOURS[:2])
        True
    """
    _check_words(title=title, xlabel=xlabel, ylabel=ylabel, alt=alt)
    if not isinstance(percent, bool):
        raise ArgumentTypeError(f"percent must be True or False, not {percent!r}")
    frame = _frame(data, len(SERIES_COLOURS))
    with house_style():
        fig = Figure()
        ax = fig.subplots()
        frame.plot(ax=ax, legend=False)
        _value_grid(ax, "y")
        for i, line in enumerate(ax.get_lines()):
            line.set_color(SERIES_COLOURS[i])
            line.set_linestyle(_LINESTYLES[i])
            line.set_gid(f"series-{i}")
        if pd.api.types.is_integer_dtype(frame.index):  # weeks 0, 1, 2: no tick at week 0.25
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if (frame.min(numeric_only=True) >= 0).all():
            ax.set_ylim(bottom=0)
        if percent:
            ax.yaxis.set_major_formatter(_PERCENT)
        names = [str(column) for column in frame.columns]
        return _finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, alt=alt, names=names)


def _share(value: float) -> str:
    """A share as a percentage, with one decimal only when it is not a whole percent (44.5%, 40%)."""
    return f"{value:.0%}" if abs(value * 100 - round(value * 100)) < 0.05 else f"{value:.1%}"


def bar_chart(
    data: pd.Series | pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    alt: str,
    percent: bool = False,
    horizontal: bool = False,
) -> Figure:
    """A bar chart: one bar per row of a Series, or groups of bars (one per column, at most 7) for a DataFrame.

    Each column gets an Okabe-Ito colour and its own hatching, bars have a dark outline, and every bar
    has its value written on it (up to 24 bars). ``horizontal=True`` suits long category names.

    Example:
        >>> import pandas as pd
        >>> reasons = pd.Series({"transport": 0.4, "work shift": 0.35, "childcare": 0.25})
        >>> fig = bar_chart(reasons, title="Why visits were missed", xlabel="reason", ylabel="share of misses",
        ...                 alt="Transport 40%, work shift 35%, childcare 25%.", percent=True)
        >>> len(fig.axes[0].patches)
        3
    """
    _check_words(title=title, xlabel=xlabel, ylabel=ylabel, alt=alt)
    for name, flag in (("percent", percent), ("horizontal", horizontal)):
        if not isinstance(flag, bool):
            raise ArgumentTypeError(f"{name} must be True or False, not {flag!r}")
    frame = _frame(data, len(SERIES_COLOURS))
    frame = frame.set_axis([textwrap.fill(str(label), 25 if horizontal else 15) for label in frame.index], axis=0)
    with house_style():
        fig = Figure()
        ax = fig.subplots()
        colours = list(SERIES_COLOURS[: frame.shape[1]])
        kind = frame.plot.barh if horizontal else frame.plot.bar
        kind(ax=ax, legend=False, color=colours, edgecolor=_INK, linewidth=0.8, rot=0)
        _value_grid(ax, "x" if horizontal else "y")
        value_axis = ax.xaxis if horizontal else ax.yaxis
        if horizontal:
            ax.set_xmargin(0.25)  # room for the values written at the bars' ends
            ax.invert_yaxis()  # first row at the top, as in the table
        else:
            ax.set_ymargin(0.12)
        if percent:
            value_axis.set_major_formatter(_PERCENT)
        bars = [container for container in ax.containers if isinstance(container, BarContainer)]
        for i, container in enumerate(bars):
            for patch in container:
                patch.set_hatch(_HATCHES[i])
            if frame.size <= 24:
                ax.bar_label(container, fmt=_share if percent else "{:,.3g}", padding=3)
        names = [str(column) for column in frame.columns]
        # xlabel names the categories and ylabel the values, whichever way the bars point
        x, y = (ylabel, xlabel) if horizontal else (xlabel, ylabel)
        return _finish(fig, ax, title=title, xlabel=x, ylabel=y, alt=alt, names=names)


def figure_html(fig: Figure, alt: str | None = None) -> str:
    """The figure as an HTML ``<figure>``: a PNG image with alt text, and the alt text written out beneath it.

    ``alt`` defaults to the alt text given to :func:`line_chart` or :func:`bar_chart`; a figure you
    made yourself needs one.

    Example:
        >>> import pandas as pd
        >>> fig = line_chart(pd.Series([1, 2]), title="T", xlabel="x", ylabel="y", alt="A rising line.")
        >>> page = figure_html(fig)
        >>> 'alt="A rising line."' in page and "<figcaption" in page and "data:image/png;base64," in page
        True
    """
    if not isinstance(fig, Figure):
        raise ArgumentTypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    text = alt if alt is not None else _ALT.get(fig)
    _check_words(alt=text)
    buffer = io.BytesIO()
    with house_style():
        fig.savefig(buffer, format="png", metadata={"Description": text})
    image = base64.b64encode(buffer.getvalue()).decode("ascii")
    escaped = html.escape(str(text), quote=True)
    return (
        f'<figure style="margin:0.5em 0"><img src="data:image/png;base64,{image}" alt="{escaped}" '
        'style="max-width:100%;height:auto">'
        f'<figcaption style="max-width:800px;color:#1a1a1a"><strong>Figure.</strong> {escaped}</figcaption></figure>'
    )


_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a}"
    "table{border-collapse:collapse;margin:0.5em 0 1em}th,td{border:1px solid #999;padding:0.25em 0.6em;text-align:left}"
    "td.n{text-align:right}.box{border:2px solid #0072B2;padding:0.2em 1em;border-radius:6px}"
    "h2{margin-top:1.6em}.meta{color:#444}"
)


def report_page(title: str, body: str, *, style: str = "") -> str:
    """One self-contained HTML page around ``body`` (HTML, with figures from :func:`figure_html`
    embedded, so the page needs no other file): the reports' shared head and style, plus ``style``.

    Example:
        >>> page = report_page("Missed visits", "<h1>Missed visits</h1>", style=".x{color:red}")
        >>> page.startswith("<!DOCTYPE html>"), "<title>Missed visits</title>" in page, ".x{color:red}</style>" in page
        (True, True, True)
    """
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{_PAGE_STYLE}{style}</style></head><body>{body}</body></html>"
    )


def show(fig: Figure, alt: str | None = None) -> None:
    """Show the figure in the notebook with its alt text written out beneath it.

    Example:
        >>> import pandas as pd
        >>> show(line_chart(pd.Series([1, 2]), title="T", xlabel="x", ylabel="y", alt="A rising line."))
        <IPython.core.display.HTML object>
    """
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, alt)))
