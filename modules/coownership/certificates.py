"""Certificates of completion: one page per learner, as HTML and (through Chromium) PDF.

A certificate names the learner (from the roster, else the id), the modules they completed
(complete = fully graded and at least the pass mark, as in ``completion.csv``) with each module's
minutes (its ``**Time:** N minutes`` line, :func:`coownership.course.read_module`), the total
time, the date the last of those modules was graded, and the course's description (the package's
own, from ``pyproject.toml``). The page is A4 landscape and prints on one page; the PDF is printed
by Chromium in headless mode (``/usr/bin/chromium``, or ``COOWNERSHIP_CHROMIUM``). Learners with
no completed module get no certificate and are listed.

Example:
    >>> page = render(name="Ana Silva", learner="ana", modules=[("01", "Engagement is produced", 45)],
    ...               completed_on="20 November 2026", whole_course=False)
    >>> "Ana Silva" in page and "45 minutes" in page
    True
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from coownership import course
from coownership.errors import CoownershipError, GradingError
from coownership.files import write_atomic

__all__ = [
    "CHROMIUM_ARGS",
    "CertificateReport",
    "certificates",
    "render",
    "chromium",
    "print_pdf",
    "course_description",
]

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
"""How the course starts Chromium with no window and no network of its own (printing certificates
here; the browser tests launch it with the same flags)."""


def course_description() -> tuple[str, str]:
    """(the course's title, its one-line description), from the package's metadata.

    Example:
        >>> course_description()[0]
        'From Compliance to Co-Ownership'
    """
    try:
        summary = metadata.metadata("coownership")["Summary"] or ""
    except metadata.PackageNotFoundError:
        summary = ""
    title, _, rest = summary.partition(": ")
    return (title or "From Compliance to Co-Ownership"), (rest or summary)


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return f"{minutes} minutes"
    return f"{total} minutes ({hours} h {minutes:02d} min)"


_STYLE = """
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Serif", Georgia, serif; color: #1a1a1a; }
.page { width: 297mm; height: 209mm; padding: 12mm; overflow: hidden; }
.frame { height: 100%; border: 3px double #0072B2; padding: 9mm 16mm; display: flex; flex-direction: column; }
.course { font-size: 13pt; letter-spacing: 0.12em; text-transform: uppercase; color: #0072B2; text-align: center; }
h1 { font-size: 30pt; font-weight: normal; margin: 3mm 0 2mm; text-align: center; }
.lead { text-align: center; font-size: 13pt; margin: 1mm 0; }
.name { text-align: center; font-size: 28pt; font-weight: bold; margin: 2mm 0; }
.about { text-align: center; font-size: 11pt; font-style: italic; margin: 1mm 0 4mm; }
table { border-collapse: collapse; margin: 0 auto; font-size: 11pt; min-width: 60%; }
th, td { padding: 1.2mm 4mm; border-bottom: 1px solid #bbb; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; border-bottom: none; }
.foot { margin-top: auto; display: flex; justify-content: space-between; align-items: flex-end; font-size: 11pt; }
.sign { border-top: 1px solid #1a1a1a; padding-top: 1mm; width: 70mm; text-align: center; }
.id { font-size: 9pt; color: #555; }
"""


def render(
    *, name: str, learner: str, modules: list[tuple[str, str, int]], completed_on: str, whole_course: bool
) -> str:
    """One certificate as a self-contained HTML page (``modules``: (number, title, minutes) each).

    Example:
        >>> "has completed the course" in render(name="B", learner="b", modules=[], completed_on="1 May 2026", whole_course=True)
        True
    """
    title, about = course_description()
    esc = html.escape
    rows = "".join(
        f"<tr><td>Module {esc(number)}</td><td>{esc(module_title)}</td><td class='num'>{minutes} minutes</td></tr>"
        for number, module_title, minutes in modules
    )
    total = sum(m for _, _, m in modules)
    count = f"{len(modules)} module{'' if len(modules) == 1 else 's'}"
    what = "has completed the course" if whole_course else f"has completed {count} of the course"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate of completion: {esc(name)}</title>
<style>{_STYLE}</style></head>
<body><main class="page"><div class="frame">
<div class="course">{esc(title)}</div>
<h1>Certificate of completion</h1>
<p class="lead">This certifies that</p>
<p class="name">{esc(name)}</p>
<p class="lead">{what} <strong>{esc(title)}</strong></p>
<p class="about">{esc(about[:1].upper() + about[1:])}.</p>
<table><thead><tr><th>Module</th><th>Title</th><th class="num">Time</th></tr></thead>
<tbody>{rows}</tbody>
<tfoot><tr><td></td><td>Total</td><td class="num">{esc(_minutes(total))}</td></tr></tfoot></table>
<div class="foot"><div><div>Completed on {esc(completed_on)}</div><div class="id">Learner id: {esc(learner)}</div></div>
<div class="sign">Training coordinator</div></div>
</div></main></body></html>
"""


def chromium() -> str | None:
    """The Chromium (or Chrome) that prints PDFs: ``COOWNERSHIP_CHROMIUM``, else the first found.

    Example:
        >>> chromium() is None or isinstance(chromium(), str)
        True
    """
    wanted = os.environ.get("COOWNERSHIP_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def print_pdf(page: Path | str, pdf: Path | str, *, browser: str | None = None, timeout: float = 90) -> None:
    """Print an HTML page to PDF with headless Chromium (written atomically).

    Raises :class:`~coownership.errors.GradingError` when no Chromium is found or printing fails.

    Example:
        >>> print_pdf("page.html", "page.pdf", browser="/no/such/chromium")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: could not start Chromium to print page.pdf ...
    """
    browser = browser or chromium()
    if not browser:
        raise GradingError(
            "no Chromium found to print the PDF; install it (sudo apt-get install chromium) or open the "
            "HTML certificate in a browser and print it to PDF (A4, landscape)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "certificate.pdf"
        cmd = [
            browser,
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            Path(page).resolve().as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GradingError(f"could not start Chromium to print {pdf} ({exc}); open the HTML and print it") from exc
        if not out.is_file() or out.stat().st_size == 0:
            raise GradingError(f"Chromium could not print {pdf} (exit {proc.returncode}): {proc.stderr[-300:]}")
        write_atomic(pdf, out.read_bytes())


@dataclass
class CertificateReport:
    """What :func:`certificates` wrote.

    Example:
        >>> CertificateReport(written=["ana"]).lines()[0]
        'certificates written for 1 learner(s)'
    """

    written: list[str] = field(default_factory=list)
    none: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The count, then learners with no completed module, then problems."""
        out = [f"certificates written for {len(self.written)} learner(s)"]
        if self.none:
            out.append(f"no completed module yet (no certificate): {', '.join(self.none)}")
        return out + self.problems


def _date(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{when.day} {when:%B %Y}"


def certificates(
    course_root: Path | str | None = None,
    *,
    out_dir: Path | str | None = None,
    pdf: bool = True,
    pass_mark: float | None = None,
    learners: list[str] | None = None,
) -> CertificateReport:
    """Write ``certificates/<learner>.html`` (and ``.pdf``) for each learner with a completed module.

    Example:
        >>> import tempfile
        >>> certificates(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    from coownership.grading.reports import PASS_MARK, status
    from coownership.roster import read_roster

    root = course.course_root(course_root)
    rows = status(root, pass_mark=PASS_MARK if pass_mark is None else pass_mark)
    roster = read_roster(root)
    out = Path(out_dir) if out_dir else root / "certificates"
    info = {}
    for folder in course.module_dirs():
        try:
            info[folder.name] = course.read_module(folder)
        except CoownershipError as exc:
            raise GradingError(str(exc)) from exc
    report = CertificateReport()
    for learner in dict.fromkeys(r["learner"] for r in rows):
        if learners and learner not in learners:
            continue
        done = [r for r in rows if r["learner"] == learner and r["complete"] == "yes"]
        if not done:
            report.none.append(learner)
            continue
        modules = [(info[r["module"]].number, info[r["module"]].title, info[r["module"]].minutes) for r in done]
        page = render(
            name=roster[learner].display_name if learner in roster else learner,
            learner=learner,
            modules=modules,
            completed_on=_date(max(r["graded_at"] for r in done)),
            whole_course={r["module"] for r in done} >= set(info),
        )
        html_path = out / f"{learner}.html"
        write_atomic(html_path, page.encode("utf-8"))
        if pdf:
            try:
                print_pdf(html_path, out / f"{learner}.pdf")
            except GradingError as exc:
                report.problems.append(f"{learner}: {exc}")
        report.written.append(learner)
    return report
