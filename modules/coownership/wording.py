"""Words from a content file: read once, checked on load, filled when shown (widgets and tables).

A *template* is a content string with named gaps in braces, such as ``"Yes: {words}."``. Each
widget says which names it fills; a template with any other gap (or a stray brace) is a
:class:`~coownership.errors.ContentError` naming the file and the key when the content is read,
not a ``KeyError`` when a learner presses a button.

Example:
    >>> from coownership.content import module_content
    >>> words = read_words(module_content("05").section("goal_coach"), ("ask",), {"wants_yes": ("words",)})
    >>> fill(words["wants_yes"], words="“a home”").startswith("Yes")
    True
    >>> fill("{n} < {m}", markup=True, n="<b>1</b>", m="2")
    '<b>1</b> &lt; 2'
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Mapping

from coownership.content import Section
from coownership.errors import ContentError

__all__ = ["fill", "read_words", "template_names"]


def template_names(section: Section, key: str, text: str) -> set[str]:
    """The names of the gaps in ``text`` (the value of ``key`` in ``section``).

    Example:
        >>> from coownership.content import module_content
        >>> section = module_content("05").section("goal_coach")
        >>> sorted(template_names(section, "too_long", section.text("too_long")))
        ['length', 'limit']
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ContentError(f"{section.path}: [{section.where}] {key} has a stray brace ({exc})") from None
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ContentError(
                f"{section.path}: [{section.where}] {key} has the gap {{{name}}}; a gap is a plain name such as {{words}}"
            )
        names.add(name)
    return names


def read_words(
    section: Section, plain: Iterable[str], templates: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """The non-empty strings ``plain`` and the templates ``templates`` (key -> the names it may use).

    Example:
        >>> from coownership.content import module_content
        >>> read_words(module_content("05").section("goal_coach"), ("goal_label",))
        {'goal_label': 'Goal'}
    """
    words = {key: section.text(key) for key in plain}
    for key, allowed in (templates or {}).items():
        text = section.text(key)
        unknown = template_names(section, key, text) - set(allowed)
        if unknown:
            can = ", ".join(f"{{{n}}}" for n in allowed) or "no gaps"
            raise ContentError(
                f"{section.path}: [{section.where}] {key} uses {', '.join(f'{{{n}}}' for n in sorted(unknown))}, "
                f"which is never filled in; it can use {can}"
            )
        words[key] = text
    return words


def fill(template: str, *, markup: bool = False, **values: object) -> str:
    """Fill a checked template. With ``markup=True`` the template's own text is HTML-escaped and the
    values are put in as they are (the caller escapes them), so a template can hold ``<`` or ``&``.

    Example:
        >>> fill("between {low} and {high}", low="rarely", high="sometimes")
        'between rarely and sometimes'
    """
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        out.append(html.escape(literal, quote=False) if markup else literal)
        if name is not None:
            out.append(str(values[name]))
    return "".join(out)
