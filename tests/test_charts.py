"""Charts: every SVG chart the widgets can draw keeps its words inside the image; the matplotlib
figures (coownership.figures) follow the house style and always carry alt text."""

import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from coownership import figures
from coownership.caseload import Design
from coownership.palette import DASH_PATTERNS, OKABE_ITO, SERIES_COLOURS
from coownership.widgets import CaseWalk, SimulatorExplorer, StructureAudit
from coownership.widgets.casewalk import FAMILIES
from coownership.widgets.charts import DASHES, PALETTE, bar_chart, figure_html, line_chart
from coownership.widgets.structure_audit_scoring import audit_items

SVG = "{http://www.w3.org/2000/svg}"
# Generous text widths: DejaVu Sans (the widest common sans-serif on Linux) averages about 0.55 em
# a character, plus half an em for a wide character in a short label ("%" is 0.95 em);
# test_the_width_estimate_is_generous checks this against its real metrics.
EM_PER_CHAR, BOLD_EM_PER_CHAR, SLACK_EM = 0.62, 0.68, 0.5
ASCENT, DESCENT = 1.0, 0.3  # of the font size, above and below the baseline


def estimate(text: str, size: float, bold: bool) -> float:
    return size * (len(text) * (BOLD_EM_PER_CHAR if bold else EM_PER_CHAR) + SLACK_EM) if text else 0.0


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


def texts(svg: str) -> list[tuple[str, float, bool]]:
    """(text, font size, bold) for every text element."""
    root = ET.fromstring(svg)
    base = float(re.search(r"font-size:([\d.]+)px", root.get("style", "")).group(1))
    return [
        (t.text or "", float(t.get("font-size", base)), t.get("font-weight") == "bold") for t in root.iter(f"{SVG}text")
    ]


def outside(svg: str) -> list[str]:
    """Every text element (and legend line) that reaches beyond the image, described."""
    root = ET.fromstring(svg)
    x0, y0, width, height = (float(v) for v in root.get("viewBox").split())
    assert (x0, y0) == (0, 0) and float(root.get("width")) == width and float(root.get("height")) == height
    base = float(re.search(r"font-size:([\d.]+)px", root.get("style", "")).group(1))
    problems = []
    for t in root.iter(f"{SVG}text"):
        assert t.get("transform") is None and not list(t), "the check assumes plain, untransformed text"
        text, size = t.text or "", float(t.get("font-size", base))
        w = estimate(text, size, t.get("font-weight") == "bold")
        x, y = float(t.get("x")), float(t.get("y"))
        left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
        box = (left, y - ASCENT * size, left + w, y + DESCENT * size)
        if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
            problems.append(
                f"{text!r} spans x {box[0]:.0f}..{box[2]:.0f}, y {box[1]:.0f}..{box[3]:.0f} in {width:g}x{height:g}"
            )
    for line in root.iter(f"{SVG}line"):
        xs, ys = (float(line.get("x1")), float(line.get("x2"))), (float(line.get("y1")), float(line.get("y2")))
        if min(xs) < 0 or max(xs) > width or min(ys) < 0 or max(ys) > height:
            problems.append(f"a line at x {xs}, y {ys} in {width:g}x{height:g}")
    return problems


# --- every chart the widgets can draw ---------------------------------------------------------------


def case_walk_charts(family: int, choice: str) -> list[str]:
    walk = CaseWalk(family=family)
    while walk.pending_week is not None:
        walk.choose(choice)
    return svgs(walk.ending.value)


def explorer_charts(compare_with: str | Design) -> list[str]:
    explorer = SimulatorExplorer(compare_with=compare_with, n_clients=200, weeks=26, seed=0)
    drawn = svgs(explorer.charts.value)
    explorer.controls["scheduling"].value = "flexible"
    return drawn + svgs(explorer.charts.value)


def audit_charts(rating: int | None) -> list[str]:
    audit = StructureAudit()
    for i, item in enumerate(audit_items()):
        audit.controls[item.id].value = rating if rating is not None else (i % 5 if i < 4 else None)
    audit.show_profile()
    return svgs(audit.profile.value)


LONG = "a design whose name goes on and on, far longer than any legend row could ever hold"
WIDGET_CHARTS = {
    **{f"case walk, family {f}, {c}": (case_walk_charts, f, c) for f in FAMILIES for c in ("consequence", "outreach")},
    "explorer against compliance": (explorer_charts, "compliance"),
    "explorer against try-harder": (explorer_charts, "try-harder"),
    "explorer against a long-named design": (explorer_charts, Design(name=LONG)),
    **{f"audit profile, every item {r}": (audit_charts, r) for r in (0, 4)},
    "audit profile, some items": (audit_charts, None),
}


@pytest.mark.parametrize("case", WIDGET_CHARTS)
def test_every_widget_chart_keeps_its_text_inside_the_image(case):
    draw, *args = WIDGET_CHARTS[case]
    drawn = draw(*args)
    assert drawn, f"{case}: no chart drawn"
    for svg in drawn:
        assert not outside(svg), f"{case}: text outside the image: {outside(svg)}"


def test_the_case_walk_legend_shows_every_name_whole_inside_the_image():
    (svg,) = case_walk_charts(1, "consequence")
    assert int(ET.fromstring(svg).get("width")) == 300
    legend = " ".join(text for text, _size, _bold in texts(svg))
    for name in (
        "Your choices",
        "Always: send a warning letter",
        "Always: call more and chase the next visit",
        "Always: ask what got in the way, and adapt",
    ):
        assert name in legend, f"legend entry {name!r} is cut"
    assert not outside(svg)


# --- direct calls: long names, many series, odd values ------------------------------------------------

WORDS = "Supercalifragilisticexpialidocious_with_no_spaces_at_all_anywhere"
DIRECT = {
    "two short series": lambda: line_chart({"a": [0.1, 0.2], "b": [0.3, 0.1]}, title="T", alt="A."),
    "long names": lambda: line_chart({LONG: [0.1, 0.2], LONG + " (again)": [0.2, 0.3]}, title="T", alt="A."),
    "a name that is one long word": lambda: line_chart({WORDS: [1, 2]}, title="T", alt="A.", percent=False),
    "many series": lambda: line_chart(
        {f"design number {i}": [i / 20, 0.3, 0.2] for i in range(15)}, title="T", alt="A."
    ),
    "long title and axis label": lambda: line_chart(
        {"a": [0.1]}, title="A title far too long for one line " * 3, alt="A.", x_label="weeks since " * 12
    ),
    "large numbers": lambda: line_chart({"a": [12_345_678, 2]}, title="Big", alt="A.", percent=False),
    "a thousand weeks": lambda: line_chart({"a": list(range(1000))}, title="Long", alt="A.", percent=False),
    "gaps and one point": lambda: line_chart({"a": [math.nan, 0.4, None], "b": [0.2]}, title="T", alt="A."),
    "bars": lambda: bar_chart({"Agency": 4.0, "Relevance": 0.0}, title="Profile", alt="A.", maximum=4, unit=" of 4"),
    "bars with long labels": lambda: bar_chart(
        {LONG: 2.0, WORDS: 3.5, "x": 1.0}, title="A long title for a bar chart, " * 3, alt="A.", maximum=4, unit=" of 4"
    ),
    "many bars": lambda: bar_chart({f"item {i}": i / 3 for i in range(12)}, title="T", alt="A.", maximum=4),
}


@pytest.mark.parametrize("case", DIRECT)
def test_direct_charts_keep_their_text_inside_the_image(case):
    svg = DIRECT[case]()
    assert not outside(svg), f"{case}: {outside(svg)}"
    assert 'role="img"' in svg and "<desc>A.</desc>" in svg


def test_the_check_finds_text_outside_the_image():
    planted = '<svg viewBox="0 0 300 100" width="300" height="100" style="font-size:10px"><text x="280" y="50">far right</text></svg>'
    planted = planted.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ')
    assert outside(planted)
    assert outside(planted.replace('x="280"', 'x="2" text-anchor="end"'))
    assert not outside(planted.replace('x="280"', 'x="150" text-anchor="middle"'))


def test_legends_wrap_onto_new_rows_and_the_image_grows_taller():
    short = ET.fromstring(DIRECT["two short series"]())
    many = ET.fromstring(DIRECT["many series"]())
    assert many.get("width") == short.get("width") == "300"
    assert int(many.get("height")) > int(short.get("height"))
    rows = {t.get("y") for t in many.iter(f"{SVG}text") if (t.text or "").startswith("design number")}
    assert len(rows) > 3


def test_the_width_estimate_is_generous():
    """The estimate used above is at least the real width in DejaVu Sans for every text drawn here."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    drawn = [DIRECT[case]() for case in DIRECT] + case_walk_charts(2, "ask_and_adapt") + audit_charts(4)
    for svg in drawn:
        for text, size, bold in set(texts(svg)):
            font = FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")
            real = measure.get_text_width_height_descent(text, font, ismath=False)[0]
            assert real <= estimate(text, size, bold), text


def test_percent_ticks_show_decimals_only_when_needed():
    ticks = re.findall(r">([\d.]+%)<", line_chart({"a": [0.1]}, title="T", alt="A."))
    assert ticks == ["0%", "2.5%", "5%", "7.5%", "10%"]


def test_series_differ_by_colour_dash_and_name():
    svg = line_chart({f"s{i}": [0.1 * i, 0.2] for i in range(4)}, title="T", alt="A.")
    assert PALETTE == SERIES_COLOURS and len(set(DASHES)) == len(DASHES) == len(PALETTE)
    for i in range(4):
        assert f'stroke="{PALETTE[i]}"' in svg
    assert {d for d in DASHES[:4] if d} <= set(re.findall(r'stroke-dasharray="([^"]+)"', svg))
    with pytest.raises(ValueError, match="alt must describe"):
        line_chart({"a": [1]}, title="T", alt=" ")
    with pytest.raises(ValueError, match="maximum must be a positive number"):
        bar_chart({"a": 1}, title="T", alt="A.", maximum=0)
    assert "<figcaption" in figure_html(svg, "A.")


# --- the matplotlib figures ----------------------------------------------------------------------------


def frame(columns: int) -> pd.DataFrame:
    return pd.DataFrame(
        {f"design {i}": [0.05 * i, 0.1 + 0.02 * i, 0.4 - 0.03 * i] for i in range(columns)},
        index=pd.RangeIndex(3, name="week"),
    )


def svg_of(fig) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg")
    return out.getvalue()


def test_lines_take_okabe_ito_colours_in_order_and_each_its_own_dashes():
    assert set(SERIES_COLOURS) <= set(OKABE_ITO.values()) and OKABE_ITO["yellow"] not in SERIES_COLOURS
    fig = figures.line_chart(frame(7), title="T", xlabel="week", ylabel="share", alt="Seven lines.")
    svg = svg_of(fig)
    dashes = []
    for i, colour in enumerate(SERIES_COLOURS):
        style = re.search(rf'<g id="series-{i}">\s*<path [^>]*style="([^"]+)"', svg).group(1)
        assert f"stroke: {colour.lower()}" in style, f"line {i} should be {colour}"
        dashes.append(re.search(r"stroke-dasharray: ([^;]+)", style).group(1) if "dasharray" in style else "solid")
    assert len(set(dashes)) == 7, f"every line needs its own dash pattern: {dashes}"
    assert len(DASH_PATTERNS) == len(SERIES_COLOURS)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == list(frame(7).columns)


def test_bars_take_colours_in_order_and_each_group_its_own_hatching():
    fig = figures.bar_chart(frame(3), title="T", xlabel="week", ylabel="share", alt="Bars.", percent=True)
    ax = fig.axes[0]
    hatches = [container.patches[0].get_hatch() or "" for container in ax.containers]
    assert len(set(hatches)) == 3
    colours = [matplotlib_hex(container.patches[0].get_facecolor()) for container in ax.containers]
    assert colours == [c.lower() for c in SERIES_COLOURS[:3]]


def matplotlib_hex(rgba) -> str:
    from matplotlib.colors import to_hex

    return to_hex(rgba)


@pytest.mark.parametrize("kind", ["line", "bar", "barh"])
def test_every_word_is_at_least_the_house_minimum(kind):
    data = frame(3)
    if kind == "line":
        fig = figures.line_chart(data, title="T", xlabel="week", ylabel="share", alt="A.", percent=True)
    else:
        fig = figures.bar_chart(data, title="T", xlabel="week", ylabel="share", alt="A.", horizontal=kind == "barh")
    fig.savefig(io.BytesIO(), format="png")  # draws every tick label
    from matplotlib.text import Text

    words = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(words) > 10
    small = [(t.get_text(), t.get_fontsize()) for t in words if t.get_fontsize() < figures.MIN_FONT_SIZE]
    assert not small, f"text below {figures.MIN_FONT_SIZE} pt: {small}"
    assert figures.MIN_FONT_SIZE >= 14


LONG_FIGURES = {
    "seven long-named lines": lambda: figures.line_chart(
        frame(7).rename(columns=lambda c: f"{c}: {LONG}"),
        title="A title that runs on for far longer than any figure is wide, " * 2,
        xlabel="weeks since the family first came to the service, counted from their first visit",
        ylabel="the share of all booked visits that the family missed",
        alt="A.",
        percent=True,
    ),
    "grouped bars with long categories": lambda: figures.bar_chart(
        frame(3).set_axis([LONG, WORDS, "x"], axis=0), title="T", xlabel="reason", ylabel="share", alt="A."
    ),
    "horizontal bars with long categories": lambda: figures.bar_chart(
        frame(2).set_axis([LONG, WORDS, "x"], axis=0),
        title="T",
        xlabel="reason",
        ylabel="share",
        alt="A.",
        horizontal=True,
    ),
}


@pytest.mark.parametrize("case", LONG_FIGURES)
def test_figure_text_stays_inside_the_figure(case):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = LONG_FIGURES[case]()
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    drawn = fig.get_tightbbox(canvas.get_renderer())  # everything drawn: ticks, labels, legend, bar values
    whole = fig.bbox_inches
    tolerance = 1 / fig.dpi
    assert drawn.x0 >= -tolerance and drawn.y0 >= -tolerance, f"{case}: {drawn.bounds} in {whole.bounds}"
    assert drawn.x1 <= whole.x1 + tolerance and drawn.y1 <= whole.y1 + tolerance, (
        f"{case}: {drawn.bounds} in {whole.bounds}"
    )


def test_percent_axes_read_as_percentages():
    fig = figures.line_chart(frame(2), title="T", xlabel="week", ylabel="share", alt="A.", percent=True)
    fig.savefig(io.BytesIO(), format="png")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all(label.endswith("%") for label in labels), labels
    assert "0%" in labels and ax.get_ylim()[0] == 0
    formatter = ax.yaxis.get_major_formatter()
    assert (formatter(0.25, 0), formatter(0.125, 0), formatter(1, 0)) == ("25%", "12.5%", "100%")
    plain = figures.line_chart(frame(2), title="T", xlabel="week", ylabel="share", alt="A.")
    plain.savefig(io.BytesIO(), format="png")
    assert not any(t.get_text().endswith("%") for t in plain.axes[0].get_yticklabels())
    weeks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert weeks and all(week.lstrip("−-").isdigit() for week in weeks), f"weeks are whole numbers: {weeks}"


def test_alt_text_is_required_and_written_beside_the_figure(monkeypatch):
    with pytest.raises(TypeError, match="alt"):
        figures.line_chart(frame(1), title="T", xlabel="week", ylabel="share")
    for bad in ("", "   ", None):
        with pytest.raises(ValueError, match="alt must describe the figure in words"):
            figures.bar_chart(frame(1), title="T", xlabel="week", ylabel="share", alt=bad)
    from matplotlib.figure import Figure

    own = Figure()
    own.subplots().plot([1, 2])
    with pytest.raises(ValueError, match="alt must describe"):
        figures.figure_html(own)
    page = figures.figure_html(own, alt="A line rising from 1 to 2.")
    assert 'alt="A line rising from 1 to 2."' in page
    assert re.search(r"<figcaption[^>]*>.*A line rising from 1 to 2\.</figcaption>", page)
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    figures.show(figures.line_chart(frame(2), title="T", xlabel="week", ylabel="share", alt='Two "lines" & more.'))
    (html,) = shown
    assert 'alt="Two &quot;lines&quot; &amp; more."' in html.data and "<figcaption" in html.data


def test_figure_arguments_are_checked_with_clear_errors():
    ok = {"title": "T", "xlabel": "week", "ylabel": "share", "alt": "A."}
    with pytest.raises(TypeError, match="data must be a pandas Series or DataFrame, not list"):
        figures.line_chart([1, 2], **ok)
    with pytest.raises(ValueError, match="data must hold numbers; column 'name' holds"):
        figures.line_chart(pd.DataFrame({"name": ["a", "b"]}), **ok)
    with pytest.raises(ValueError, match="data must hold at least one value"):
        figures.bar_chart(pd.Series([], dtype=float), **ok)
    with pytest.raises(ValueError, match="data has 8 columns; draw at most 7"):
        figures.line_chart(frame(8), **ok)
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        figures.line_chart(frame(1), **{**ok, "title": ""})
    with pytest.raises(ValueError, match="ylabel must be a non-empty string"):
        figures.bar_chart(frame(1), **{**ok, "ylabel": 3})
    with pytest.raises(TypeError, match="percent must be True or False"):
        figures.line_chart(frame(1), **ok, percent="yes")
    with pytest.raises(TypeError, match="horizontal must be True or False"):
        figures.bar_chart(frame(1), **ok, horizontal=1)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        figures.show("a picture", alt="A.")


def run(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND"}}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env}, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_the_package_does_not_import_matplotlib():
    code = (
        "import sys, coownership, coownership.widgets, coownership.checks, coownership.datasets\n"
        "print('matplotlib' in sys.modules)"
    )
    assert run(code) == "False"


def test_with_no_display_matplotlib_draws_with_agg():
    code = (
        "import matplotlib, pandas as pd\n"
        "from coownership.figures import line_chart\n"
        "line_chart(pd.Series([1, 2]), title='T', xlabel='x', ylabel='y', alt='A.')\n"
        "print(matplotlib.get_backend().lower())"
    )
    assert run(code) == "agg"
