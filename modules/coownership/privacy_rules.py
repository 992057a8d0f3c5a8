"""The privacy guard's rules, built from ``notebooks/course.toml``'s ``[privacy]`` section.

The word lists, stop list, reasons and the guard's wording are course content; this module turns
them into compiled patterns once (cached until the file changes). :mod:`coownership.privacy` uses
them to find identifiers.

Example:
    >>> privacy_words()["save_anyway"]
    'Save anyway'
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from coownership.content import Content, Section, course_content
from coownership.errors import ContentError

__all__ = ["KINDS", "MAX_SCAN", "privacy_words"]

KINDS = ("name", "date of birth", "phone number", "street address", "case or record number", "email")
"""The kinds of identifier the guard looks for, in the order the content's reasons are checked."""

MAX_SCAN = 200_000
"""The longest text :func:`find_identifiers` reads (ten times the journal's limit)."""

_PRIORITY = {
    "email": 0,
    "date of birth": 1,
    "phone number": 2,
    "case or record number": 3,
    "street address": 4,
    "name": 5,
}

_WORDS = (
    "heading",
    "decide",
    "save_anyway",
    "save_anyway_tooltip",
    "edit_first",
    "edit_first_tooltip",
    "waiting",
    "editing",
    "changed",
    "portfolio_advice",
    "check_only",
)
_TEMPLATES = {
    "portfolio_heading": {"entries"},
    "portfolio_entry": {"module", "prompt", "saved", "kinds"},
    "portfolio_clean": {"entries"},
}

# Letters, including the accented ones of Western European names (José, Núñez, Zoë).
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A capitalised word as names are written: Dana, O'Neil, McDonald, DeShawn, Garcia-Lopez, Núñez.
_NAME_WORD = rf"(?:[{_UP}]['’])?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)*"
_SENTENCE_END = ".!?:;|"  # a table cell starts like a sentence
_OPENERS = " \t\"“”‘’'(*_>#•-–—["


def _alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first, spaces matching any space."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def _plurals(words: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for w in words:
        w = w.lower()
        out |= {w, w + "s", w + "es"}
        if w.endswith("y"):
            out.add(w[:-1] + "ies")
    return out


def _template_check(section: Section, key: str, allowed: set[str]) -> str:
    text = section.text(key)
    try:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ContentError(f"{section.path}: [{section.where}] {key} has a stray brace ({exc})") from None
    if names - allowed:
        raise ContentError(
            f"{section.path}: [{section.where}] {key} uses {', '.join(sorted(names - allowed))}, which is "
            f"never filled in; it can use {', '.join(sorted(allowed))}"
        )
    return text


@dataclass(frozen=True)
class _Rules:
    """The compiled rules and the wording, built once from ``[privacy]`` in course.toml."""

    reasons: dict[str, str]
    words: dict[str, str]
    stop: frozenset[str]
    names_too: frozenset[str]
    organisations: frozenset[str]
    client: re.Pattern[str]
    phrases: re.Pattern[str] | None
    title: re.Pattern[str]
    run: re.Pattern[str]
    client_before: re.Pattern[str]
    client_after: re.Pattern[str]
    possessive: re.Pattern[str]
    family: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    birth: re.Pattern[str]
    not_name_phrases: frozenset[str]
    year_low: int
    year_high: int


def _build(content: Content) -> _Rules:
    s = content.section("privacy")
    reasons_section = s.table("reasons")
    reasons = {kind: reasons_section.text(kind) for kind in KINDS}
    words_section = s.table("words")
    words = {key: words_section.text(key) for key in _WORDS}
    words |= {key: _template_check(words_section, key, allowed) for key, allowed in _TEMPLATES.items()}
    year_low, year_high = s.integer("year_low"), s.integer("year_high")
    if not 1000 <= year_low <= year_high <= 9999:
        raise ContentError(f"{s.path}: [privacy] year_low and year_high must be four-digit years, low first")

    client_words = _plurals(s.texts("client_words"))
    not_names = s.texts("not_names")
    phrases = [p for p in not_names if " " in p.strip()]
    streets = s.texts("street_words")
    organisations = frozenset(w.lower() for w in s.texts("organisation_words"))
    stop = (
        {w.lower() for w in not_names if " " not in w.strip()}
        | {w.lower() for w in s.texts("common_words")}
        | {w.lower() for w in streets}
        | {w.lower() for w in s.texts("titles")}
        | {w.lower() for w in s.texts("month_words")}
        | _plurals(organisations)
        | client_words
    )
    client = _alternation(client_words)
    titles = "|".join(f"[{t[0].upper()}{t[0].lower()}]{re.escape(t[1:])}" for t in s.texts("titles"))
    months = _alternation(s.texts("month_words"))
    street = _alternation(streets)
    units = _alternation(s.texts("unit_words"))
    records = _alternation(s.texts("record_words"))
    births = _alternation(s.texts("birth_words"))
    ordinal = r"(?:st|nd|rd|th)?"
    year4 = r"(?:1[89]\d\d|20\d\d)"
    numeric = r"(?<![\w/.-])\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\w/-]|\.\d)"
    numeric_b = r"\d{1,2}(?P<sep>[/.-])\d{1,2}(?:(?P=sep)(?:\d{4}|\d{2}))?(?![\w/-]|\.\d)"
    written = (
        rf"(?:(?:{months})\.?\s+\d{{1,2}}{ordinal},?\s+{year4}"
        rf"|\d{{1,2}}{ordinal}\s+(?:of\s+)?(?:{months})\.?,?\s+{year4})(?!\d)"
    )
    written_b = (
        rf"(?:(?:{months})\.?\s+(?:\d{{1,2}}{ordinal}(?:,?\s+{year4})?|{year4})"
        rf"|\d{{1,2}}{ordinal}\s+(?:of\s+)?(?:{months})(?:\.?,?\s+{year4})?)(?![\w])"
    )
    patterns: list[tuple[str, str, int]] = [
        ("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", 0),
        (
            "phone number",
            r"(?<![\w/+.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?![\w/-]|\.\d)",
            0,
        ),
        ("phone number", r"(?<![\w/+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\w/-]|\.\d)", 0),
        ("phone number", r"(?<![\w/.-])0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/-]|\.\d)", 0),
        ("phone number", r"(?<![\w/.-])\d{3}[-.]\d{4}(?![\w/-]|\.\d)", 0),
        ("date of birth", numeric, 0),
        ("date of birth", r"(?<![\w/.-])(?:1[89]\d\d|20\d\d)-\d{1,2}-\d{1,2}(?![\w/-]|\.\d)", 0),
        ("date of birth", rf"(?<!\w){written}", re.I),
        (
            "street address",
            rf"(?<![\w/.,-])\d{{1,5}}[A-Za-z]?\s+(?:(?:[NSEW]\.?|{_NAME_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}"
            rf"(?:{street})\b\.?",
            0,
        ),
        (
            "street address",
            rf"\b(?:at|on|to|near|lives|living|address)\s+(?P<span>\d{{1,5}}[a-z]?\s+(?P<middle>(?:[a-z]+\s+){{1,2}})"
            rf"(?:{street})\b\.?)",
            re.I,
        ),
        ("street address", rf"\b(?:{units})\.?\s*#?\s*\d+[A-Za-z]?\b", re.I),
        ("street address", r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b", 0),
        (
            "case or record number",
            rf"\b(?:{records})\b\.?\s*(?:number|num\.?|no\.?|nr\.?|id|#)?\s*[:#]?\s*"
            r"(?=[A-Za-z-]{0,5}\d(?:[\dA-Za-z-]*\d){2})[A-Za-z]{0,4}-?\d[\dA-Za-z-]*\d",
            re.I,
        ),
        ("case or record number", r"(?<![\w&])#\s?\d{3,}\b", 0),
        ("case or record number", r"\b[A-Z]{1,4}-\d{4,}\b", 0),
        ("case or record number", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0),
        ("case or record number", r"(?<![\d,.])\d{6,}(?![\d]|[,.]\d)", 0),
    ]
    compiled = tuple((kind, re.compile(rx, flags)) for kind, rx, flags in patterns)
    cap = _NAME_WORD
    return _Rules(
        reasons=reasons,
        words=words,
        stop=frozenset(stop),
        names_too=frozenset(w.lower() for w in s.texts("names_too")),
        organisations=organisations,
        client=re.compile(rf"\b(?:{client})\b", re.I),
        phrases=re.compile(rf"(?<!\w)(?:{_alternation(phrases)})(?!\w)", re.I) if phrases else None,
        title=re.compile(rf"(?<![\w.])(?:{titles})\.?[ \t]+({cap}(?:[ \t]+{cap})?)"),
        run=re.compile(rf"(?<![\w'’-]){cap}(?:[ \t]+{cap})*"),
        client_before=re.compile(rf"\b(?:{client})\b(?:\s*[,:(]\s*|\s+)(?:(?:[\w-]+\s+)?(?:named|called)\s+)?$", re.I),
        client_after=re.compile(
            rf"\s*[,(–—]\s*(?:(?:the|her|his|their|a|an|my|our|your|whose)\s+)?(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{client})\b(?P<closed>\s*(?:(?:of|with)\s+(?:[\w-]+\s+){{0,2}}?[\w-]+\s*)?[,)–—])?",
            re.I,
        ),
        possessive=re.compile(rf"['’]s\s+(?:[\w-]+\s+)?(?:{client})\b", re.I),
        family=re.compile(rf"[ \t]+(?:{client})\b", re.I),
        patterns=compiled,
        birth=re.compile(
            rf"\b(?:{births})(?:\b|(?<=\.))[^\n!?;]{{0,20}}?(?:(?<![\w/.-]){numeric_b}|(?<!\w){written_b}"
            rf"|(?<![\w/.-])(?P<year>{year4})(?!\w))",
            re.I,
        ),
        not_name_phrases=frozenset(" ".join(p.lower().split()) for p in phrases),
        year_low=year_low,
        year_high=year_high,
    )


_CACHE: dict[str, tuple[Content, _Rules]] = {}


def _rules() -> _Rules:
    content = course_content()  # cached by coownership.content until the file changes
    cached = _CACHE.get("rules")
    if cached is None or cached[0] is not content:
        cached = (content, _build(content))
        _CACHE["rules"] = cached
    return cached[1]


def privacy_words() -> dict[str, str]:
    """The guard's wording from course.toml's ``[privacy.words]`` (button labels, notes, the portfolio's lines).

    Example:
        >>> privacy_words()["save_anyway"]
        'Save anyway'
    """
    return dict(_rules().words)
