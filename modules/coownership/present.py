"""Projectable pages for supervisor-led sessions: ``make present`` (Voila, no code on screen).

Each module with something to show the room has one small notebook in ``present/`` (outside
``notebooks/``, so nothing here is ever released to learners). Voila runs it and shows only its
outputs: the module's key figures, the simulator explorer, the case walk or the structure audit,
in large type, each beside the discussion prompts the facilitator asks at that point.

The prompts are read from the module's ``facilitator-guide.md`` each time a page opens: the quoted
questions (``> "..."``) under ``## Running it``, and nothing else. The ``## Answers`` section and
the rest of the guide are never read, so the answer key cannot reach the screen.

Example:
    >>> prompts("03-structures-that-remove-agency", "Explore")
    ('Which differences are still there at half the strength?',)
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import zmq

from coownership import course
from coownership.errors import CourseError
from coownership.validation import check_int, check_text

__all__ = [
    "PRESENT",
    "MODULE_NOTE",
    "TEMPLATE",
    "running_it_prompts",
    "prompts",
    "header",
    "slide",
    "scene",
    "table_html",
    "markdown_html",
    "learner_markdown",
    "voila_command",
    "voila_env",
    "trust_pages",
    "hide_saving",
]

PRESENT = course.REPO / "present"
"""The projectable notebooks, one per module that has something to project."""
TEMPLATE = "coownership-present"
"""The Voila template (large type, high contrast, Okabe-Ito), in ``present/.template/``:
a hidden folder, so Voila's list of pages does not show it."""
TEMPLATE_ROOT = PRESENT / ".template"
MODULE_NOTE = (
    "Shown to the room. Numbers marked SIMULATED come from the course's made-up agency; real data is marked as real."
)
"""The line under each page's title."""


def _guide(module: str) -> Path:
    check_text("module", module)
    path = course.NOTEBOOKS / module / "facilitator-guide.md"
    if not path.is_file():
        known = ", ".join(course.module_ids())
        raise CourseError(f"no facilitator guide for module {module!r} ({path}). Known modules: {known}")
    return path


def running_it_prompts(module: str) -> dict[str, tuple[str, ...]]:
    """The discussion prompts of a module's guide, by the ``###`` heading they stand under.

    Only the ``## Running it`` section is read, and in it only quoted questions (a blockquote line
    starting ``> "``, continued on the ``>`` lines after it; a ``>`` line alone or a new quote
    ends it). Sections without one are left out.

    Example:
        >>> found = running_it_prompts("05-agency-relevance-partnership")
        >>> found["Practice: the goal-language coach (8 min)"]
        ('Which rule did you disagree with? What would you change?',)
    """
    text = _guide(module).read_text(encoding="utf-8")
    match = re.search(r"^## Running it\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        raise CourseError(f"{_guide(module)}: has no '## Running it' section to take prompts from")
    found: dict[str, tuple[str, ...]] = {}
    for part in re.split(r"^### ", match.group(1), flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        quotes: list[str] = []
        current: list[str] = []
        for line in body.splitlines() + [""]:
            text = line[1:].strip() if line.startswith(">") else ""
            if current and (not text or text.startswith('"')):  # a quote ends: blank, '>' alone, or a new quote
                quotes.append(" ".join(current).strip().strip('"'))
                current = []
            if text.startswith('"') or (current and text):
                current.append(text)
        if quotes:
            found[heading.strip()] = tuple(quotes)
    return found


def prompts(module: str, *sections: str) -> tuple[str, ...]:
    """The prompts under the guide's ``###`` headings that start with each of ``sections``.

    Raises :class:`~coownership.errors.CourseError` when a section has no prompt, so a renamed
    heading in a guide shows up as an error (and a failing test), not as an empty box.

    Example:
        >>> prompts("04-when-staff-are-asked-to-try-harder", "Where effort belongs")[0][:40]
        'Think of an hour you spent chasing a vis'
    """
    found = running_it_prompts(module)
    chosen: list[str] = []
    for section in sections:
        check_text("section", section)
        hits = [quotes for heading, quotes in found.items() if heading.lower().startswith(section.lower())]
        if not hits:
            raise CourseError(
                f"{_guide(module)}: no quoted prompt under a '### {section}...' heading in 'Running it'. "
                f"Headings with prompts: {'; '.join(found)}"
            )
        chosen += [q for quotes in hits for q in quotes]
    return tuple(chosen)


def markdown_html(text: str) -> str:
    """Markdown as HTML (the same converter nbconvert uses).

    Example:
        >>> markdown_html("**Who** decides?").strip()
        '<p><strong>Who</strong> decides?</p>'
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return str(markdown2html_mistune(check_text("text", text)))


def learner_markdown(module: str, heading: str) -> str:
    """The text under ``heading`` in a module's markdown cell that starts with it, as learners see it.

    The heading line itself is left out (the slide has its own title). Only cells every learner
    copy has are used: never a solution, answer or graded cell.

    Example:
        >>> "Marcus" in learner_markdown("05-agency-relevance-partnership", "## A plan review")
        True
    """
    import nbformat

    check_text("heading", heading)
    path = course.NOTEBOOKS / check_text("module", module) / f"{module}.ipynb"
    if not path.is_file():
        raise CourseError(f"module {module!r} has no notebook at {path}")
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "markdown" and not meta.get("solution") and not meta.get("grade"):
            text = str(cell.source).lstrip()
            if text.startswith(heading):
                return text.partition("\n")[2].strip()
    raise CourseError(f"{path}: no learner markdown cell starts with {heading!r}")


def header(module: str, subtitle: str = "") -> widgets.HTML:
    """The page's title: the module's number and name, and an optional line under it.

    Example:
        >>> "<h1>Module 03 · Structures that remove agency</h1>" in header("03-structures-that-remove-agency").value
        True
    """
    info = course.read_module(course.NOTEBOOKS / check_text("module", module))
    line = f"<p class='coownership-subtitle'>{html.escape(subtitle)}</p>" if subtitle else ""
    return widgets.HTML(f"<h1>Module {info.number} · {html.escape(info.title)}</h1>{line}")


def table_html(frame: Any, caption: str, *, formats: str | dict[str, str] = "{:.0%}") -> str:
    """A pandas table as large, plain HTML with a caption (a table is text: no alt text needed).

    Example:
        >>> import pandas as pd
        >>> "<caption>SIMULATED. Shares.</caption>" in table_html(pd.DataFrame({"a": [0.25]}), "SIMULATED. Shares.")
        True
    """
    check_text("caption", caption)
    styler = frame.style.format(formats).set_caption(html.escape(caption))
    return str(styler.to_html(table_attributes='class="coownership-table"'))


def slide(
    title: str,
    content: widgets.Widget | str,
    *,
    module: str,
    sections: Sequence[str],
    note: str = "",
) -> widgets.HBox:
    """One projectable part of a page: a figure, table or widget, with its discussion prompts beside it.

    ``content`` is a widget, or HTML (a table or figure). ``sections`` name the guide's
    ``###`` headings whose prompts go beside it (see :func:`prompts`); with none, the content
    takes the whole width. ``note`` is an optional line under the content.

    Example:
        >>> part = slide("Explore", "<p>chart</p>", module="03-structures-that-remove-agency", sections=["Explore"])
        >>> "Which differences are still there" in part.children[1].value
        True
    """
    check_text("title", title)
    if isinstance(sections, str):
        raise CourseError(f"give sections as a list, not one string: use [{sections!r}]")
    asked = prompts(module, *sections)
    body = widgets.HTML(content) if isinstance(content, str) else content
    if not isinstance(body, widgets.Widget):
        raise CourseError(f"content must be a widget or HTML text; got {type(content).__name__}")
    parts: list[widgets.Widget] = [widgets.HTML(f"<h2>{html.escape(title)}</h2>"), body]
    if note:
        parts.append(widgets.HTML(f"<p class='coownership-note'>{html.escape(note)}</p>"))
    main = widgets.VBox(parts, layout=widgets.Layout(flex="2 1 36em", min_width="0"))
    main.add_class("coownership-slide-main")
    if not asked:
        box = widgets.HBox([main])
        box.add_class("coownership-slide")
        return box
    items = "".join(f"<li>{html.escape(q)}</li>" for q in asked)
    aside = widgets.HTML(
        f"<section class='coownership-prompts' aria-label='Discussion prompts: {html.escape(title, quote=True)}'>"
        f"<h3>Ask the room</h3><ul>{items}</ul></section>",
        layout=widgets.Layout(flex="1 1 14em"),
    )
    box = widgets.HBox([main, aside], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    box.add_class("coownership-slide")
    return box


def scene(
    module: str,
    title: str,
    heading: str,
    sections: Sequence[str] = (),
    *,
    note: str = "",
) -> widgets.HBox:
    """A passage learners read in their own copy (the text under ``heading``, see
    :func:`learner_markdown`), projected with the guide's prompts for ``sections`` (see :func:`slide`).

    Example:
        >>> part = scene("05-agency-relevance-partnership", "A plan review", "## A plan review")
        >>> "Marcus" in part.children[0].children[1].value
        True
    """
    text = markdown_html(learner_markdown(module, heading))
    return slide(title, text, module=module, sections=sections, note=note)


def hide_saving(widget: widgets.Widget) -> widgets.Widget:
    """Hide a widget's *Save to my journal* (and *Share*) buttons: on a shared screen nothing is saved.

    Example:
        >>> from coownership.widgets import StructureAudit
        >>> hide_saving(StructureAudit()).save_button.layout.display
        'none'
    """
    button = getattr(widget, "save_button", None)
    if button is None:
        raise CourseError(f"{type(widget).__name__} has no save button to hide")
    button.layout.display = "none"
    share = getattr(widget, "share_button", None)  # nothing is shared from a shared screen either
    if share is not None:
        share.layout.display = "none"
    return widget


def voila_env(token: str) -> dict[str, str]:
    """Environment for Voila: the course template on ``JUPYTER_PATH``, its settings
    (``present/.template/config/voila.json``) on ``JUPYTER_CONFIG_PATH``, the login token in
    ``JUPYTER_TOKEN`` (not on the command line, where other users of the computer could see it).

    Example:
        >>> voila_env("abc")["JUPYTER_TOKEN"]
        'abc'
    """
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(TEMPLATE_ROOT), *[p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]]
    )
    # voila.json: the websocket ping timeout jupyter_server's default would warn about (as in make lab)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(TEMPLATE_ROOT / "config"), *[p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]]
    )
    env["JUPYTER_TOKEN"] = check_text("token", token)
    env.pop("NBGRADER_EXECUTION", None)
    return env


def voila_command(port: int, *, no_browser: bool = False, folder: Path | str | None = None) -> list[str]:
    """The Voila command that serves the projectable pages on 127.0.0.1 (code hidden, quiet log).

    Example:
        >>> cmd = voila_command(8866, no_browser=True)
        >>> "--port=8866" in cmd and "--no-browser" in cmd and "--strip_sources=True" in cmd
        True
    """
    port = check_int("port", port, low=1024, high=65535)
    root = Path(folder) if folder is not None else PRESENT
    if not root.is_dir():
        raise CourseError(f"the projectable pages folder {root} is missing. Run this from a course checkout.")
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(root),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--Voila.auto_token=True",  # the token comes from JUPYTER_TOKEN (see voila_env)
        f"--template={TEMPLATE}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.log_level=WARN",
        "--Voila.root_dir=" + str(root),
    ]
    if zmq.has("curve"):  # encrypted kernel traffic, as in make lab (jupyter-config/common)
        cmd.append("--KernelManager.transport_encryption=auto")
    if no_browser:
        cmd.append("--no-browser")
    return cmd


def trust_pages(folder: Path | str | None = None) -> int:
    """Sign the projectable notebooks that have no stored outputs, so Voila does not warn that they
    are "not trusted" (trust only governs stored outputs, and these have none). Returns how many
    were signed this time.

    Example:
        >>> import tempfile
        >>> trust_pages(tempfile.mkdtemp())
        0
    """
    import nbformat
    from nbformat.sign import NotebookNotary

    root = Path(folder) if folder is not None else PRESENT
    notary, signed = NotebookNotary(), 0
    for path in sorted(root.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(cell.get("outputs") for cell in nb.cells) or notary.check_signature(nb):
            continue
        notary.sign(nb)
        signed += 1
    return signed
