"""The privacy guard: find parts of a reflection that could identify a client, and say why.

Human-services staff write about real people. Before the journal box, the goal coach or the
portfolio save or export a learner's text, they call :func:`find_identifiers` and, when it finds
something, show what looked like an identifier and why it matters. The learner decides; nothing
is changed or removed in silence.

How it looks (conservative rules, each a regular expression plus a small word list):

- **email**: ``name@example.org``.
- **phone number**: US-style numbers with or without ``+1`` and brackets, international numbers
  starting with ``+``, numbers starting with ``0`` (UK style), and local ``201-3344``.
- **date of birth**: a full date in numbers (day/month/year or month/day/year, ISO ``1988-03-14``)
  or in words (``March 14, 1988``) with a year in the range the content sets, and any date or
  year shortly after a birth word (``born``, ``DOB``, ``birth``).
- **street address**: a number, one to three street-name words and a street word (``42 Oak
  Street``), an apartment or box number, a UK postcode.
- **case or record number**: a record word and a number (``case #448812``, ``MRN 123456``,
  ``record no. AB-1234``), ``#`` and three or more digits, a social-security-style number, and
  any run of six or more digits.
- **name**: a title and a capitalised word (``Mrs. Alvarez``); two or more capitalised words in a
  row that are not on the stop list (``Dana Reyes``); one capitalised word right next to a client
  word (``her son Marcus``, ``Dana's daughter``, ``Maria, the mother,``, ``the Alvarez family``).
  Words at the start of a sentence, days, months, programs and places are not names.

What it does not catch: a first name alone with no client word near it (``I asked Dana``), names
written in small letters, nicknames, and details that identify only together (a rare job and a
small town). It is a reminder, not a guarantee.

The word lists, the stop list and every sentence a learner sees live in ``notebooks/course.toml``
under ``[privacy]`` (read through :mod:`coownership.content`); this file holds only the rules.

Example:
    >>> [(f.kind, f.text) for f in find_identifiers("Mrs. Alvarez, the mother, missed two visits.")]
    [('name', 'Mrs. Alvarez')]
    >>> [f.kind for f in find_identifiers("Call her at (555) 201-3344 or write to dana.r@example.org")]
    ['phone number', 'email']
    >>> find_identifiers("Maple Street staff met on Tuesday.")
    []
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coownership.privacy_rules import (
    _NAME_WORD,
    _OPENERS,
    _PRIORITY,
    _SENTENCE_END,
    KINDS,
    MAX_SCAN,
    _Rules,
    _rules,
    privacy_words,
)
from coownership.validation import check_text

if TYPE_CHECKING:  # pragma: no cover - types only; the journal is not imported at run time
    from coownership.journal import Entry

__all__ = ["KINDS", "MAX_SCAN", "Finding", "find_identifiers", "privacy_words", "portfolio_warning"]


@dataclass(frozen=True)
class Finding:
    """One part of a text that looks like a client identifier.

    ``kind`` is one of :data:`KINDS`; ``text`` is the part as written, at ``text[start:end]``
    of the text that was read; ``reason`` says in plain words why it matters.
    """

    kind: str
    text: str
    start: int
    end: int
    reason: str


# -- the rules ---------------------------------------------------------------------------------
def _year_ok(year: str, rules: _Rules) -> bool:
    if len(year) != 4:
        return True  # a two-digit year could be any century
    return rules.year_low <= int(year) <= rules.year_high


def _date_ok(text: str, rules: _Rules) -> bool:
    """A numeric or ISO date has a month and a day that exist and a year in range."""
    parts = re.split(r"[/.-]", text)
    if len(parts) != 3:
        return True
    if len(parts[0]) == 4:  # ISO: year-month-day
        year, month, day = parts
        return _year_ok(year, rules) and 1 <= int(month) <= 12 and 1 <= int(day) <= 31
    a, b, year = (int(parts[0]), int(parts[1]), parts[2])
    plausible = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
    return plausible and _year_ok(year, rules)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _pattern_findings(text: str, rules: _Rules) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for kind, pattern in rules.patterns:
        for m in pattern.finditer(text):
            span = "span" if "span" in pattern.groupindex else 0
            part = m.group(span)
            if kind == "phone number" and not 7 <= _digits(part) <= 15:
                continue
            if kind == "date of birth":
                years = re.findall(r"\d{4}", part)
                if re.fullmatch(r"[\d/.-]+", part) and not _date_ok(part, rules):
                    continue
                if years and not all(_year_ok(y, rules) for y in years):
                    continue
            if kind == "street address":
                if " ".join(part.split()[1:]).lower().rstrip(".") in rules.not_name_phrases:
                    continue  # "3 Maple Street staff": the course's agency, not a home
                middle = m.groupdict().get("middle")
                if middle and any(_is_stop(w, rules) for w in middle.split()):
                    continue  # "lives 20 minutes drive away"
            found.append((kind, m.start(span), m.end(span)))
    for m in rules.birth.finditer(text):
        year = m.group("year")
        if year and not _year_ok(year, rules):
            continue
        found.append(("date of birth", m.start(), m.end()))
    return found


def _starts_sentence(text: str, index: int) -> bool:
    j = index
    while j > 0 and text[j - 1] in _OPENERS:
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return True
    if text[j - 1] in _SENTENCE_END:
        return True
    # a numbered list item: "2) Dana ..." or "3. Dana ..." at the start of a line
    line = text[text.rfind("\n", 0, j) + 1 : j]
    return bool(re.fullmatch(r"\s*\d+[.)]?", line))


def _masked(text: str, rules: _Rules) -> str:
    """The text with the stop list's phrases ("Maple Street") blanked, so they are never names."""
    if rules.phrases is None:
        return text
    return rules.phrases.sub(lambda m: re.sub(r"\S", "x", m.group(0)), text)


def _is_stop(word: str, rules: _Rules) -> bool:
    w = word.lower()
    return w in rules.stop or w.rstrip("s") in rules.stop


def _single_is_name(masked: str, start: int, end: int, word: str, at_start: bool, rules: _Rules) -> bool:
    """One capitalised word is a name only next to a client word."""
    before = masked[max(0, start - 60) : start]
    after = masked[end : end + 80]
    if not at_start and rules.client_before.search(before):
        return True  # "her son Marcus", "my client, Dana", "a dad named Marcus"
    if rules.possessive.match(after):
        return True  # "Dana's daughter"
    if not at_start and rules.family.match(after):
        return True  # "the Alvarez family"
    apposition = rules.client_after.match(after)
    if apposition:  # "Maria, the mother, ..."; in a sentence's opening words ("In Ohio, families
        # wait"), only a closed aside counts ("For Keisha, a mother of two, mornings ...")
        return apposition.group("closed") is not None or not _in_opening(masked, start, rules)
    return False


def _in_opening(text: str, index: int, rules: _Rules) -> bool:
    """True when only common words stand between the start of the sentence and ``index``."""
    j = index
    while j > 0 and not (text[j - 1] in _SENTENCE_END + "\n" and (j == 1 or not text[j - 2].isupper())):
        j -= 1
    return all(_is_stop(w, rules) for w in re.findall(r"[\w'’-]+", text[j:index]))


def _name_findings(text: str, rules: _Rules) -> list[tuple[str, int, int]]:
    masked = _masked(text, rules)
    found: list[tuple[str, int, int]] = []
    for m in rules.title.finditer(masked):
        titled = list(re.finditer(_NAME_WORD, m.group(1)))
        if not titled or _is_stop(titled[0].group(0), rules):
            continue
        last = titled[1] if len(titled) > 1 and not _is_stop(titled[1].group(0), rules) else titled[0]
        found.append(("name", m.start(), m.start(1) + last.end()))
    for m in rules.run.finditer(masked):
        words = [(m.start() + w.start(), m.start() + w.end(), w.group(0)) for w in re.finditer(_NAME_WORD, m.group(0))]
        following = re.match(r"[ \t]+([a-z]+)", masked[m.end() : m.end() + 30])
        if following and following.group(1) in rules.organisations:
            continue  # "the Bright Futures program"
        if any({w.lower(), w.lower().rstrip("s")} & rules.organisations for _s, _e, w in words):
            continue  # "Sunrise Clinic"
        keep = []
        for i, (_s, _e, w) in enumerate(words):
            nxt = words[i + 1][2] if i + 1 < len(words) else None
            name_too = w.lower() in rules.names_too and nxt is not None and not _is_stop(nxt, rules)
            keep.append(name_too or not _is_stop(w, rules))
        i = 0
        while i < len(words):
            if not keep[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(words) and keep[j + 1]:
                j += 1
            start, end = words[i][0], words[j][1]
            at_start = _starts_sentence(masked, start)
            if j > i or _single_is_name(masked, start, end, words[i][2], at_start, rules):
                found.append(("name", start, end))
            i = j + 1
    return found


def _resolve(candidates: Iterable[tuple[str, int, int]], length: int) -> list[tuple[str, int, int]]:
    """Overlapping candidates: the longest wins, then the more specific kind."""
    chosen: list[tuple[str, int, int]] = []
    taken = bytearray(length)
    for kind, start, end in sorted(set(candidates), key=lambda c: (c[1] - c[2], _PRIORITY[c[0]], c[1])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((kind, start, end))
    return sorted(chosen, key=lambda c: c[1])


def find_identifiers(text: str) -> list[Finding]:
    """Every part of ``text`` that looks like a client identifier, in the order they appear.

    Each :class:`Finding` has its kind (one of :data:`KINDS`), the part as written, where it is,
    and a plain reason why it matters. Nothing in the text is changed. Reads up to
    :data:`MAX_SCAN` characters; a page takes a few milliseconds.

    Example:
        >>> [(f.kind, f.text) for f in find_identifiers("Her son Marcus was born 03/14/2012; case #448812.")]
        [('name', 'Marcus'), ('date of birth', 'born 03/14/2012'), ('case or record number', 'case #448812')]
        >>> find_identifiers("In March the program moved visits to Thursdays.")
        []
        >>> find_identifiers(42)
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: text must be text (a string); got int 42
    """
    text = check_text("text", text, max_length=MAX_SCAN, allow_empty=True)
    if not text.strip():
        return []
    rules = _rules()
    candidates = _pattern_findings(text, rules) + _name_findings(text, rules)
    findings = []
    for kind, start, end in _resolve(candidates, len(text)):
        part = text[start:end]
        trimmed = part.rstrip(" \t.,;:")
        findings.append(Finding(kind, trimmed, start, start + len(trimmed), rules.reasons[kind]))
    return findings


def portfolio_warning(entries: Sequence[Entry]) -> list[str]:
    """The lines to print before a portfolio is exported: which entry has what kind of possible
    identifier (module, prompt, when it was saved). Empty when nothing was found.

    The parts themselves are not repeated, so the warning can go into a log without copying them.

    Example:
        >>> import tempfile, pathlib
        >>> from coownership.journal import Journal
        >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
        >>> _ = j.add("01", "monday", "Ask Mrs. Alvarez, the mother, about Tuesdays.")
        >>> _ = j.add("01", "reflection", "I asked what changed.")
        >>> lines = portfolio_warning(j.entries())
        >>> len(lines), "Module 01, monday" in lines[1] and lines[1].endswith("name.")
        (3, True)
    """
    words = _rules().words
    flagged = []
    for entry in entries:
        kinds = list(dict.fromkeys(f.kind for f in find_identifiers(entry.text)))
        if kinds:
            line = words["portfolio_entry"].format(
                module=entry.module, prompt=entry.prompt_id, saved=entry.saved_local, kinds=", ".join(kinds)
            )
            flagged.append(line)
    if not flagged:
        return []
    count = f"{len(flagged)} entr{'y' if len(flagged) == 1 else 'ies'}"
    return [
        words["portfolio_heading"].format(entries=count),
        *(f"  - {line}" for line in flagged),
        words["portfolio_advice"],
    ]
