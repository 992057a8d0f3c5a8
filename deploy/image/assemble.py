"""Lay out the course files the learner image carries: learner copies, never source notebooks.

Run by deploy/image/Dockerfile in its throwaway ``course`` stage (which holds the checkout), and
by tests/test_deploy_kubernetes.py on a release made by the tests:

    python deploy/image/assemble.py /opt/coownership

It makes the nbgrader release of every module (``coownership.course.release``: solutions, hidden
tests and mark schemes removed; facilitator guides and content files left out) and writes DEST:

    notebooks/NN-slug/NN-slug.ipynb   each module's learner copy (what `make lab` copies)
    notebooks/NN-slug/content.toml    the module's wording (also inside the package's wheel)
    notebooks/course.toml
    datasets/                         the data the modules load (datasets.py: COOWNERSHIP_DATASETS)
    docs/references.md, model-card.md the reading copied into each learner's folder (COOWNERSHIP_DOCS)
    jupyter-config/{common,learner,lab-settings}/   the learner's Jupyter settings (not instructor/)
    jupyter-config/hub-learner/       deploy/jupyterhub/learner/: on a hub, the Assignment List
                                      (fetch and submit through nbgrader's exchange) back on

Every notebook it writes is checked first: one containing a solution, hidden-test or mark-scheme
marker, or any file whose name starts with "facilitator", stops the build with an error.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LEAK_MARKERS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME", "END SOLUTION", "END HIDDEN TESTS")
CONFIG_DIRS = ("common", "learner", "lab-settings")
COURSE_DOCS = ("references.md", "model-card.md")


class LeakError(RuntimeError):
    """A file that must never reach a learner was about to be put into the image."""


def check_learner_file(path: Path) -> None:
    """Raise :class:`LeakError` for a file a learner image must not carry."""
    if path.name.lower().startswith("facilitator") or path.suffix in (".db", ".sqlite"):
        raise LeakError(f"{path}: not for learners")
    if path.suffix == ".ipynb":
        text = path.read_text(encoding="utf-8")
        for marker in LEAK_MARKERS:
            if marker in text:
                raise LeakError(f"{path}: contains {marker!r}, so it is not a learner copy")


def assemble(release_dir: Path, dest: Path, repo: Path = REPO) -> list[Path]:
    """Write the image's course files into ``dest`` from the learner copies in ``release_dir``
    (an nbgrader ``release/`` folder); returns every file written."""
    modules = sorted(p.name for p in (repo / "notebooks").iterdir() if (p / f"{p.name}.ipynb").is_file())
    written: list[Path] = []

    def put(src: Path, target: Path) -> None:
        check_learner_file(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        written.append(target)

    for module in modules:
        copies = sorted(p for p in (release_dir / module).rglob("*") if p.is_file())
        if not any(p.name == f"{module}.ipynb" for p in copies):
            raise LeakError(f"{release_dir / module}: no learner copy of {module}")
        for src in copies:
            put(src, dest / "notebooks" / module / src.relative_to(release_dir / module))
        put(repo / "notebooks" / module / "content.toml", dest / "notebooks" / module / "content.toml")
    put(repo / "notebooks" / "course.toml", dest / "notebooks" / "course.toml")
    for src in sorted(p for p in (repo / "datasets").rglob("*") if p.is_file()):
        put(src, dest / "datasets" / src.relative_to(repo / "datasets"))
    for name in COURSE_DOCS:
        put(repo / "docs" / name, dest / "docs" / name)
    for folder in CONFIG_DIRS:
        for src in sorted(p for p in (repo / "jupyter-config" / folder).rglob("*") if p.is_file()):
            if "__pycache__" not in src.parts:
                put(src, dest / "jupyter-config" / src.relative_to(repo / "jupyter-config"))
    hub_learner = repo / "deploy" / "jupyterhub" / "learner"  # written alongside (deploy/jupyterhub/)
    for src in sorted(p for p in hub_learner.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        put(src, dest / "jupyter-config" / "hub-learner" / src.relative_to(hub_learner))
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python deploy/image/assemble.py DEST", file=sys.stderr)
        return 2
    from coownership import course

    with tempfile.TemporaryDirectory() as root:
        course.release(root)
        files = assemble(Path(root) / "release", Path(argv[0]))
    print(f"assembled {len(files)} files for the learner image in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
