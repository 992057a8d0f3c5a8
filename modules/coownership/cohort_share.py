"""Sharing a structure-audit profile without a name, and pooling a group's shared profiles.

The structure audit (module 03) keeps every rating private: in the widget and, if the learner saves
it, in their own journal. It never reaches a submission. For a session debrief a learner may choose
to press *Share my profile, without my name* (:class:`coownership.widgets.StructureAudit`), which
calls :func:`share_profile`: one small JSON file with

- the three condition scores (the mean rating of each condition, 0 to 4, rounded to two decimals);
- the ids of the items the audit *named*: the two or three lowest-rated items it turned into
  questions for the team (ids from module 03's content, never words the learner wrote);

and nothing else: no name, no learner id, no time inside, a random file name, no single rating.
It goes to the same folder as the beliefs ratings (:func:`coownership.survey.share_folder`:
``COOWNERSHIP_SHARE_DIR``, else ``shared-ratings/``). Nothing is written while nbgrader grades.

:func:`read_profiles` reads a folder of them (other files are left to the beliefs reader; a damaged
profile is reported and skipped); :func:`pool_profiles` pools them, and refuses any group smaller
than five (:data:`coownership.survey.MIN_GROUP`; ``min_group`` can be raised, never lowered).

Example:
    >>> import tempfile
    >>> from coownership.widgets.structure_audit_scoring import score_audit
    >>> d = tempfile.mkdtemp()
    >>> for low in range(5):
    ...     _ = share_profile(score_audit({"agency-scheduling": 0, "relevance-tailored": low}), folder=d)
    >>> pool = pool_profiles(read_profiles(d)[0])
    >>> pool.shown, pool.n, pool.means["agency"], pool.named[0]
    (True, 5, (0.0, 5), ('agency-scheduling', 5))
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.survey import MIN_GROUP, write_shared
from coownership.validation import check_int

if TYPE_CHECKING:  # the scoring module lives in coownership.widgets, whose widget imports this module
    from coownership.widgets.structure_audit_scoring import Audit, AuditResult

__all__ = [
    "AUDIT_FORMAT",
    "SHARE_WORDS",
    "SharedProfile",
    "ProfilePool",
    "share_profile",
    "read_profiles",
    "pool_profiles",
]

AUDIT_FORMAT = "coownership-audit/1"
"""The ``format`` of a shared audit profile (the beliefs files say ``coownership-beliefs/1``)."""

SHARE_WORDS = {
    "button": "Share my profile, without my name",
    "tooltip": (
        "Saves a file with only your three scores and the numbers of your lowest-rated items: "
        "no name, no single rating, none of your words. Nothing is shared unless you press this."
    ),
    "shared": (
        "Shared. The file <code>{name}</code> holds only your three scores and the ids of your lowest-rated "
        "items, no name. It is in <code>{folder}</code>. Your coordinator will say how to send it, if they "
        "pool results."
    ),
    "grading": "Nothing is shared while a notebook is being graded.",
    "failed": "Not shared. {why}",
}
"""The share button's words (kept here, beside the file they describe)."""


def _audit(module: str = "03") -> Audit:
    from coownership.widgets.structure_audit_scoring import load_audit

    return load_audit(module)


def _fingerprint(audit: Audit) -> str:
    """A short digest of the items' ids and conditions: profiles from another version are not pooled."""
    raw = json.dumps([[i.id, i.condition] for i in audit.items] + [list(audit.conditions), audit.high])
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def share_profile(result: AuditResult, *, folder: Path | str | None = None) -> Path | None:
    """Write a scored audit's profile, unnamed, to a new file with a random name; return its path
    (None while nbgrader grades).

    The file holds the format, the audit's module and fingerprint, the condition means and the ids
    of the items the audit named as questions for the team: nothing a person wrote, no name, no time.

    Example:
        >>> import tempfile, json
        >>> from coownership.widgets.structure_audit_scoring import score_audit
        >>> p = share_profile(score_audit({"agency-say-no": 1}), folder=tempfile.mkdtemp())
        >>> sorted(json.loads(p.read_text()))
        ['audit', 'format', 'means', 'module', 'named']
    """
    from coownership.widgets.structure_audit_scoring import AuditResult

    if not isinstance(result, AuditResult):
        raise ArgumentTypeError(f"result must be what score_audit() returns; got {type(result).__name__}")
    data = {
        "format": AUDIT_FORMAT,
        "module": result.audit.module,
        "audit": _fingerprint(result.audit),
        "means": {c: None if m is None else round(m, 2) for c, m in result.means.items()},
        "named": [item.id for item in result.question_items],
    }
    return write_shared(data, prefix="audit", folder=folder)


@dataclass(frozen=True)
class SharedProfile:
    """One shared profile: condition -> mean (None when not rated), and the item ids it named."""

    means: dict[str, float | None]
    named: tuple[str, ...]


def _profile(data: Any, audit: Audit) -> SharedProfile:
    means, named = data.get("means"), data.get("named")
    if not isinstance(means, dict) or set(means) != set(audit.conditions):
        raise ArgumentError(f"its scores are not for the conditions {', '.join(audit.conditions)}")
    for value in means.values():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ArgumentError(f"a score is {value!r}, not a number")
        if value is not None and not 0 <= value <= audit.high:
            raise ArgumentError(f"a score is {value!r}, outside 0 to {audit.high}")
    ids = {item.id for item in audit.items}
    if not isinstance(named, list) or len(named) > 3 or not set(named) <= ids or len(set(named)) != len(named):
        raise ArgumentError("its named items are not items of the audit")
    return SharedProfile({c: means[c] for c in audit.conditions}, tuple(named))


def read_profiles(folder: Path | str, *, module: str = "03") -> tuple[list[SharedProfile], list[str], list[str]]:
    """Read the shared audit profiles in a folder: (profiles, names of the profile files read, notes
    on profile files not used). Files that are not audit profiles (beliefs ratings) are left alone.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "audit-damaged.json").write_text('{"format": "coownership-audit/1", "means"')
        >>> profiles, names, notes = read_profiles(d)
        >>> profiles, names, notes
        ([], ['audit-damaged.json'], ["audit-damaged.json: could not be read (it is not a shared profile's JSON); not used"])
    """
    if not isinstance(folder, (str, Path)):
        raise ArgumentTypeError(f"folder must be a folder path; got {type(folder).__name__}")
    folder = Path(folder)
    if not folder.is_dir():
        raise ArgumentError(f"no folder {folder}")
    audit = _audit(module)
    profiles: list[SharedProfile] = []
    names: list[str] = []
    notes: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if not path.name.startswith("audit-") and not (
            isinstance(data, dict) and str(data.get("format", "")).startswith("coownership-audit/")
        ):
            continue  # a beliefs file, or something the beliefs reader reports
        names.append(path.name)
        if not isinstance(data, dict):
            notes.append(f"{path.name}: could not be read (it is not a shared profile's JSON); not used")
        elif data.get("format") != AUDIT_FORMAT or data.get("audit") != _fingerprint(audit):
            notes.append(f"{path.name}: not a shared profile of this version of the audit; not used")
        else:
            try:
                profiles.append(_profile(data, audit))
            except ValueError as exc:
                notes.append(f"{path.name}: could not be read ({exc}); not used")
    return profiles, names, notes


@dataclass(frozen=True)
class ProfilePool:
    """A group's pooled profiles: shown only when at least ``min_group`` profiles were shared.

    ``means``: condition -> (mean, how many profiles rated it); ``named``: (item id, how many
    profiles named it), most often first, items named by fewer than two people left out.
    """

    shown: bool
    n: int
    means: dict[str, tuple[float | None, int]] = field(default_factory=dict)
    named: tuple[tuple[str, int], ...] = ()
    reason: str = ""


def pool_profiles(profiles: Iterable[SharedProfile], *, min_group: int = MIN_GROUP) -> ProfilePool:
    """Pool shared profiles; refuse (``shown`` False, with the reason) for a group under ``min_group``.

    Example:
        >>> p = SharedProfile({"agency": 1.0, "relevance": 2.0, "partnership": None}, ("agency-say-no",))
        >>> pool_profiles([p] * 4).reason
        'fewer than 5 people shared a profile (4), so someone could be picked out'
        >>> pool_profiles([p] * 5).means["partnership"]
        (None, 0)
    """
    min_group = check_int("min_group", min_group, low=MIN_GROUP, high=100_000)
    if isinstance(profiles, (str, bytes)) or not isinstance(profiles, Iterable):
        raise ArgumentTypeError(f"profiles must be a list of SharedProfile; got {type(profiles).__name__}")
    group = list(profiles)
    if not all(isinstance(p, SharedProfile) for p in group):
        raise ArgumentTypeError("profiles must be a list of SharedProfile (what read_profiles returns)")
    if len(group) < min_group:
        why = f"fewer than {min_group} people shared a profile ({len(group)}), so someone could be picked out"
        return ProfilePool(False, len(group), reason=why)
    means: dict[str, tuple[float | None, int]] = {}
    for condition in group[0].means:
        values = [m for p in group if (m := p.means.get(condition)) is not None]
        means[condition] = (round(sum(values) / len(values), 2) if values else None, len(values))
    counts = Counter(item for p in group for item in p.named)
    order = {item: n for n, item in enumerate(dict.fromkeys(i for p in group for i in p.named))}
    named = tuple(sorted(((i, c) for i, c in counts.items() if c >= 2), key=lambda x: (-x[1], order[x[0]])))
    return ProfilePool(True, len(group), means, named)
