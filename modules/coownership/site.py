"""The whole course as a static website: ``make site`` writes ``build/site/index.html``.

The pages are the **learner copies** (what nbgrader releases: no solutions, hidden tests, mark
schemes or facilitator text), each run once with nbclient so its tables, figures and widget
outputs are on the page, plus an index and the course's reading (``docs/references.md``,
``docs/model-card.md``). Sphinx with MyST-NB builds the HTML; nothing is fetched from the
internet, and the site opens offline.

Widgets are drawn from the state saved when the notebook ran: their text, charts and current
choices appear as plain HTML, with a note that the buttons and boxes work in JupyterLab.

Example:
    >>> build_site("/tmp/course-site").name  # doctest: +SKIP
    'index.html'
    >>> WIDGET_NOTE.startswith("Interactive in JupyterLab")
    True
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from coownership import course
from coownership.errors import CourseError
from coownership.grading import workers
from coownership.validation import check_int

__all__ = ["build_site", "static_widget_html", "WIDGET_NOTE", "SITE_TITLE"]

SITE_TITLE = "From Compliance to Co-Ownership"
WIDGET_NOTE = "Interactive in JupyterLab: open this module with make lab to use it."
"""Shown under every widget on the site (the buttons and boxes only work in JupyterLab)."""
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BOXES = ("VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "AccordionModel", "TabModel", "StackModel")
CHOICES = ("DropdownModel", "RadioButtonsModel", "SelectModel", "ToggleButtonsModel")

CONF = '''"""Sphinx settings for the course website (written by coownership.site; do not edit)."""

project = {title!r}
language = "en"
extensions = ["myst_nb"]
nb_execution_mode = "off"  # the notebooks were run by coownership.site, with the course's settings
nb_merge_streams = True
html_theme = "sphinx_book_theme"
html_title = project
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {{"show_toc_level": 2, "use_download_button": False, "use_fullscreen_button": False}}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
'''


# -- widgets as static HTML --------------------------------------------------------------------


def _model_id(ref: object) -> str:
    return ref[len("IPY_MODEL_") :] if isinstance(ref, str) and ref.startswith("IPY_MODEL_") else ""


def _render(model_id: str, state: dict[str, Any], depth: int = 0) -> str:
    model = state.get(model_id)
    if model is None or depth > 30:
        return ""
    kind, values = model.get("model_name", ""), model.get("state", {})
    layout = state.get(_model_id(values.get("layout")), {}).get("state", {})
    if layout.get("display") == "none" or layout.get("visibility") == "hidden":
        return ""
    label = html.escape(str(values.get("description", "")))
    if kind in ("HTMLModel", "HTMLMathModel"):
        return f"<div>{values.get('value', '')}</div>" if values.get("value") else ""
    if kind == "LabelModel":
        return f"<p>{html.escape(str(values.get('value', '')))}</p>"
    if kind in BOXES:
        inner = "".join(_render(_model_id(child), state, depth + 1) for child in values.get("children", []))
        return f"<div>{inner}</div>" if inner else ""
    if kind == "OutputModel":
        parts = []
        for output in values.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                parts.append("".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"])
            elif output.get("text") or "text/plain" in data:
                text = output.get("text") or data.get("text/plain", "")
                parts.append(f"<pre>{html.escape(''.join(text) if isinstance(text, list) else text)}</pre>")
        return "".join(parts)
    if kind in CHOICES:
        index, labels = values.get("index"), values.get("_options_labels", [])
        chosen = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else "(not chosen yet)"
        return f"<p>{label}: <strong>{html.escape(str(chosen))}</strong></p>"
    if kind == "CheckboxModel":
        return f"<p>{label}: <strong>{'yes' if values.get('value') else 'no'}</strong></p>"
    if kind in ("TextareaModel", "TextModel"):
        return f"<p>{label}: <em>{html.escape(str(values.get('value') or '(empty)'))}</em></p>"
    return ""  # buttons and anything else that only works when clicked


def static_widget_html(model_id: str, state: dict[str, Any]) -> str:
    """A widget as plain HTML, from the widget state a notebook saved when it ran, with :data:`WIDGET_NOTE`.

    Text, charts and the current choice of each control are kept; buttons are left out.

    Example:
        >>> state = {"a": {"model_name": "HTMLModel", "state": {"value": "<p>Hello</p>"}}}
        >>> static_widget_html("a", state).startswith('<div class="coownership-static-widget"><div><p>Hello</p>')
        True
    """
    if not isinstance(state, dict):
        raise CourseError(f"widget state must be a dict of models; got {type(state).__name__}")
    body = _render(model_id, state)
    return f'<div class="coownership-static-widget">{body}<p><em>{html.escape(WIDGET_NOTE)}</em></p></div>'


def _static_widgets(nb: nbformat.NotebookNode) -> None:
    """Replace each widget output with its static HTML; drop the saved widget state."""
    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                output["data"] = {"text/html": static_widget_html(view.get("model_id", ""), state)}


# -- running the learner copies ----------------------------------------------------------------


def _execute(path: str, journal: str) -> str:
    """Run one notebook in place (in a worker process); returns its path."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    env["COOWNERSHIP_JOURNAL"] = journal  # an empty journal: the site shows nobody's reflections
    import zmq
    from jupyter_client.manager import KernelManager

    # Encrypted kernel traffic (CurveZMQ), as in make lab, so the kernel does not warn about it.
    km = KernelManager(kernel_name="python3", **({"transport_encryption": "auto"} if zmq.has("curve") else {}))
    client = NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute(env=env)
    finally:  # nbclient leaves a kernel it did not start itself running: stop it
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    _static_widgets(nb)
    nbformat.write(nb, path)
    return path


def _index(ids: list[str]) -> str:
    readme = (course.REPO / "README.md").read_text(encoding="utf-8")
    intro = readme.split("\n\n")[1].strip()  # the paragraph under the title
    rows = []
    for module in ids:
        info = course.read_module(course.NOTEBOOKS / module)
        rows.append(f"| {info.number} | [{info.title}]({module}/{module}.ipynb) | {info.minutes} |")
    return "\n".join(
        [
            f"# {SITE_TITLE}",
            "",
            intro,
            "",
            "This website shows every module as a learner receives it, run once, with its tables and "
            "figures. The buttons and boxes only work in JupyterLab: to do the exercises and save your "
            "reflections, open the course with `make lab`.",
            "",
            "## Modules",
            "",
            "| # | module | minutes |",
            "|---|---|---|",
            *rows,
            "",
            "## Reading",
            "",
            "- [Sources the course cites](docs/references.md)",
            "- [How the simulator works (model card)](docs/model-card.md)",
            "",
            "```{toctree}",
            ":hidden:",
            ":maxdepth: 1",
            "",
            *[f"{m}/{m}" for m in ids],
            "docs/references",
            "docs/model-card",
            "```",
            "",
        ]
    )


def build_site(
    out: Path | str | None = None,
    *,
    work: Path | str | None = None,
    ids: list[str] | None = None,
    jobs: int = 2,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the course website into ``out`` (default ``build/site``); returns its ``index.html``.

    ``work`` holds the learner release, the Sphinx sources and caches (default: ``out`` with
    ``-work`` added). ``ids`` limits the modules (default: all); ``jobs`` notebooks run at once.

    Example:
        >>> build_site("/tmp/site", ids=["00-start-here"]).name  # doctest: +SKIP
        'index.html'
    """
    out = Path(out) if out is not None else course.REPO / "build" / "site"
    work = Path(work) if work is not None else out.with_name(out.name + "-work")
    jobs = check_int("jobs", jobs, low=1, high=8)
    say = progress or (lambda _line: None)
    ids = course.select_modules(ids)

    course.release(work / "course", ids=ids)
    say(f"learner copies made ({len(ids)} modules)")
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    for module in ids:
        released = work / "course" / "release" / module / f"{module}.ipynb"
        (src / module).mkdir(parents=True)
        shutil.copyfile(released, src / module / f"{module}.ipynb")
    (src / "docs").mkdir()
    for name in course.COURSE_DOCS:
        shutil.copyfile(course.REPO / "docs" / name, src / "docs" / name)
    (src / "index.md").write_text(_index(ids), encoding="utf-8")
    (src / "conf.py").write_text(CONF.format(title=SITE_TITLE), encoding="utf-8")

    journal = work / "empty-journal.jsonl"
    journal.unlink(missing_ok=True)
    paths = [str(src / m / f"{m}.ipynb") for m in ids]
    with workers.pool(min(jobs, len(paths))) as pool:  # never plain fork (see workers.pool)
        for path in pool.map(_execute, paths, [str(journal)] * len(paths)):
            say(f"ran {Path(path).stem}")

    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(work / "doctrees"), str(src), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CourseError(f"Sphinx could not build the site (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    warnings = [line for line in proc.stderr.splitlines() if re.search(r"WARNING|ERROR", line)]
    if warnings:
        say(f"{len(warnings)} Sphinx warning(s); the first: {warnings[0]}")
    say(f"site written to {out}")
    return out / "index.html"
