"""The course on one JupyterHub machine: settings, the course's files laid out with the owners and
permissions that keep learners out of what is not theirs, and per-learner memory and CPU limits.

Used by ``deploy/jupyterhub/jupyterhub_config.py`` (the hub runs as root and starts each learner's
server as that learner's own system account) and by ``python -m coownership.hub setup``, which an
administrator runs once as root, and again after each course update (see
``deploy/jupyterhub/README.md``). Nothing here imports JupyterHub.

Every setting comes from an environment variable with a default (:class:`HubSettings`), so the
test on 127.0.0.1 uses the same configuration file as a real hub with only paths, names and ports
changed.

Example:
    >>> settings = HubSettings.from_env({"COOWNERSHIP_HUB_HOME": "/srv/course"})
    >>> settings.exchange.as_posix(), settings.grader_hub_group
    ('/srv/course/exchange', 'formgrade-coownership')
    >>> memory_bytes("1.5G")
    1610612736
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coownership import course
from coownership.errors import ArgumentError, CourseError
from coownership.validation import check_int

if TYPE_CHECKING:  # pwd and grp are POSIX-only: imported where used, so the package imports on Windows
    import pwd

__all__ = [
    "HubSettings",
    "memory_bytes",
    "cpu_quota",
    "cgroup_kind",
    "limit_process",
    "release_limits",
    "IDLE_CULLER_SCOPES",
    "idle_culler_command",
    "setup",
    "main",
]

PRIVATE_FILE = 0o640  # owner root, group graders: graders read, learners nothing
PRIVATE_DIR = 0o2750
READABLE_NAMES = ("course.toml", "content.toml")
IDLE_CULLER_SCOPES = ("list:users", "read:users:activity", "read:servers", "delete:servers")
"""All the idle culler may do (jupyterhub-idle-culler's documented minimum): see the users and when
they were last active, and stop their servers. Their files are never touched."""


def idle_culler_command(python: str, timeout: int, *, every: int | None = None) -> list[str]:
    """The idle culler's command: stop a learner's server after ``timeout`` seconds without use,
    checking every ``every`` seconds (the culler's default: half the timeout).

    Example:
        >>> idle_culler_command("/usr/bin/python3", 3600)
        ['/usr/bin/python3', '-m', 'jupyterhub_idle_culler', '--timeout=3600']
    """
    command = [
        python,
        "-m",
        "jupyterhub_idle_culler",
        f"--timeout={check_int('timeout', timeout, low=1, high=7 * 24 * 3600)}",
    ]
    if every is not None:
        command.append(f"--cull-every={check_int('every', every, low=1, high=7 * 24 * 3600)}")
    return command


"""Files in the source folder every learner's Python reads (the modules' texts, hints and
feedback, as the package's data); everything else there (source notebooks with solutions and
hidden tests, facilitator guides) is for graders only."""


def _env_path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    return Path(value) if value else default


def _env_number(env: Mapping[str, str], name: str, default: str, low: float, high: float) -> float:
    text = env.get(name, "").strip() or default
    try:
        value = float(text)
    except ValueError:
        raise ArgumentError(f"{name} must be a number from {low:g} to {high:g}, got {text!r}") from None
    if not low <= value <= high:
        raise ArgumentError(f"{name} must be a number from {low:g} to {high:g}, got {text!r}")
    return value


def _env_name(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    if not re.fullmatch(r"[a-z_][a-z0-9_.-]{0,31}", value):
        raise ArgumentError(
            f"{name} must be a system account or group name (lower-case letters, digits, '.', '-', '_'; "
            f"at most 32 characters), got {value!r}"
        )
    return value


def memory_bytes(text: str) -> int:
    """A memory size such as ``"1G"``, ``"512M"`` or ``"2048K"`` (powers of 1024) in bytes.

    Example:
        >>> memory_bytes("512M")
        536870912
        >>> memory_bytes("lots")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: a memory size must look like 512M or 1G (K, M, G or T), got 'lots'
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", str(text), re.I)
    if not match:
        raise ArgumentError(f"a memory size must look like 512M or 1G (K, M, G or T), got {text!r}")
    power = " KMGT".index(match.group(2).upper() or " ")
    value = int(float(match.group(1)) * 1024**power)
    if value < 64 * 1024**2:
        raise ArgumentError(f"a memory limit below 64M cannot start a Jupyter server, got {text!r}")
    return value


def cpu_quota(cpus: float, period: int = 100_000) -> tuple[int, int]:
    """The CFS quota and period (microseconds) for ``cpus`` CPUs: the kernel lets the group run
    ``quota`` microseconds in each ``period``.

    Example:
        >>> cpu_quota(0.5)
        (50000, 100000)
    """
    if not 0.01 <= cpus <= 1024:
        raise ArgumentError(f"a CPU limit must be from 0.01 to 1024 CPUs, got {cpus!r}")
    return int(cpus * period), period


@dataclass(frozen=True)
class HubSettings:
    """Everything the hub's configuration and :func:`setup` need, read from the environment.

    ``from_env`` documents each variable; the defaults suit a dedicated server, with the state in
    ``/srv/coownership``.
    """

    course_id: str
    home: Path
    course_root: Path
    exchange: Path
    source: Path
    learner_copies: Path
    protect: tuple[Path, ...]
    learners_group: str
    graders_group: str
    grader_account: str
    bind_url: str
    hub_api_url: str
    proxy_api_url: str
    formgrader_port: int
    proxy_command: Path
    admins: tuple[str, ...]
    mem_limit: str
    cpu_limit: float
    idle_timeout: int

    @property
    def grader_hub_group(self) -> str:
        """The hub group whose members may open formgrader (nbgrader's name for it)."""
        return f"formgrade-{self.course_id}"

    @property
    def learner_hub_group(self) -> str:
        """The hub group of the course's learners (nbgrader's name for it)."""
        return f"nbgrader-{self.course_id}"

    @property
    def hub_state(self) -> Path:
        """The hub's own files: its database, cookie secret and the proxy's process id (root only)."""
        return self.home / "hub"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> HubSettings:
        """Read the settings from ``env`` (default: this process's environment).

        =============================  =============================================================
        COOWNERSHIP_HUB_HOME           the hub's folder (default ``/srv/coownership``)
        COOWNERSHIP_COURSE_ID          nbgrader's course id and formgrader's service name
        COOWNERSHIP_COURSE_ROOT        the graders' course folder: gradebook, submissions, feedback
        COOWNERSHIP_EXCHANGE           nbgrader's exchange (default ``HOME/exchange``)
        COOWNERSHIP_NOTEBOOKS          the source notebooks (default: the checkout's ``notebooks/``)
        COOWNERSHIP_HUB_PROTECT        more paths only graders may read, ``:``-separated (default:
                                       the checkout's ``grading/rubrics`` and ``build``)
        COOWNERSHIP_LEARNERS_GROUP     system group of learners (``coownership-learners``)
        COOWNERSHIP_GRADERS_GROUP      system group of graders (``coownership-graders``)
        COOWNERSHIP_GRADER_ACCOUNT     system account formgrader runs as (``coownership-grader``)
        COOWNERSHIP_HUB_URL            where the hub listens (``http://127.0.0.1:8000``)
        COOWNERSHIP_HUB_API_URL        the hub's internal API (``http://127.0.0.1:8081``)
        COOWNERSHIP_PROXY_API_URL      the proxy's API (``http://127.0.0.1:8001``)
        COOWNERSHIP_FORMGRADER_PORT    formgrader's port on 127.0.0.1 (9999)
        COOWNERSHIP_PROXY              configurable-http-proxy (default: the one
                                       ``make hub-proxy`` installs in ``.venv/hub-proxy``)
        COOWNERSHIP_HUB_ADMINS         hub accounts that may manage users and servers (not grade)
        COOWNERSHIP_MEM_LIMIT          memory per learner (``1G``)
        COOWNERSHIP_CPU_LIMIT          CPUs per learner (``1``)
        COOWNERSHIP_IDLE_TIMEOUT       seconds before an idle server is stopped (3600)
        =============================  =============================================================

        Raises :class:`~coownership.errors.ArgumentError` naming the variable that is wrong.
        """
        env = os.environ if env is None else env
        home = _env_path(env, "COOWNERSHIP_HUB_HOME", Path("/srv/coownership"))
        course_id = env.get("COOWNERSHIP_COURSE_ID", "").strip() or "coownership"
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", course_id):
            raise ArgumentError(f"COOWNERSHIP_COURSE_ID must be lower-case letters, digits and '-', got {course_id!r}")
        protect_text = env.get("COOWNERSHIP_HUB_PROTECT")
        protect: tuple[Path, ...]
        if protect_text is None:
            protect = (course.GRADING / "rubrics", course.REPO / "build")
        else:
            protect = tuple(Path(p) for p in protect_text.split(":") if p.strip())
        admins = tuple(a.strip() for a in env.get("COOWNERSHIP_HUB_ADMINS", "").split(",") if a.strip())
        mem_limit = env.get("COOWNERSHIP_MEM_LIMIT", "").strip() or "1G"
        try:
            memory_bytes(mem_limit)  # checked now, not at a learner's first start
        except ArgumentError as exc:
            raise ArgumentError(f"COOWNERSHIP_MEM_LIMIT: {exc}") from None
        return cls(
            course_id=course_id,
            home=home,
            course_root=_env_path(env, "COOWNERSHIP_COURSE_ROOT", home / "course"),
            exchange=_env_path(env, "COOWNERSHIP_EXCHANGE", home / "exchange"),
            source=_env_path(env, "COOWNERSHIP_NOTEBOOKS", course.REPO / "notebooks"),
            learner_copies=home / "learner-copies",
            protect=protect,
            learners_group=_env_name(env, "COOWNERSHIP_LEARNERS_GROUP", "coownership-learners"),
            graders_group=_env_name(env, "COOWNERSHIP_GRADERS_GROUP", "coownership-graders"),
            grader_account=_env_name(env, "COOWNERSHIP_GRADER_ACCOUNT", "coownership-grader"),
            bind_url=env.get("COOWNERSHIP_HUB_URL", "").strip() or "http://127.0.0.1:8000",
            hub_api_url=env.get("COOWNERSHIP_HUB_API_URL", "").strip() or "http://127.0.0.1:8081",
            proxy_api_url=env.get("COOWNERSHIP_PROXY_API_URL", "").strip() or "http://127.0.0.1:8001",
            formgrader_port=int(_env_number(env, "COOWNERSHIP_FORMGRADER_PORT", "9999", 1024, 65535)),
            proxy_command=_env_path(
                env,
                "COOWNERSHIP_PROXY",
                course.REPO / ".venv" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy",
            ),
            admins=admins,
            mem_limit=mem_limit,
            cpu_limit=_env_number(env, "COOWNERSHIP_CPU_LIMIT", "1", 0.01, 1024),
            idle_timeout=int(_env_number(env, "COOWNERSHIP_IDLE_TIMEOUT", "3600", 60, 7 * 24 * 3600)),
        )


# -- memory and CPU limits -------------------------------------------------------------------------

CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_PARENT = "coownership"


def cgroup_kind(root: Path = CGROUP_ROOT) -> str | None:
    """Which control groups this machine lets us use for limits: ``"v2"`` (one unified tree with
    the memory and cpu controllers), ``"v1"`` (separate ``memory`` and ``cpu`` trees), or None
    when neither is writable (then nothing is enforced; the hub says so in its log).

    Example:
        >>> import tempfile
        >>> cgroup_kind(Path(tempfile.mkdtemp())) is None
        True
    """
    controllers = root / "cgroup.controllers"
    if controllers.is_file():
        wanted = {"memory", "cpu"}
        if wanted <= set(controllers.read_text().split()) and os.access(root, os.W_OK):
            return "v2"
        return None
    if all((root / c).is_dir() and os.access(root / c, os.W_OK) for c in ("memory", "cpu")):
        return "v1"
    return None


def _check_account(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}", name or ""):
        raise ArgumentError(f"an account name (letters, digits, '.', '-', '_') was expected, got {name!r}")
    return name


def limit_process(user: str, mem: int, cpus: float, *, pid: int = 0, root: Path = CGROUP_ROOT) -> list[Path]:
    """Put process ``pid`` (0: this one) into the control group ``coownership/<user>``, which
    holds at most ``mem`` bytes of memory and ``cpus`` CPUs for everything in it; the processes
    the server starts later (kernels, terminals) join it too. Returns the groups used.

    Needs root. Raises ``OSError`` when the control groups cannot be written, and
    :class:`~coownership.errors.ArgumentError` when no kind is usable (see :func:`cgroup_kind`).

    Example:
        >>> import tempfile
        >>> limit_process("ana", 2**30, 1.0, root=Path(tempfile.mkdtemp()))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: no writable control groups (cgroup v2 or v1 memory and cpu) under ...
    """
    _check_account(user)
    if mem <= 0:
        raise ArgumentError(f"a memory limit in bytes above 0 was expected, got {mem!r}")
    quota, period = cpu_quota(cpus)
    kind = cgroup_kind(root)
    if kind == "v2":
        parent = root / CGROUP_PARENT
        parent.mkdir(exist_ok=True)
        enabled = (parent / "cgroup.subtree_control").read_text().split()
        if not {"memory", "cpu"} <= set(enabled):
            (root / "cgroup.subtree_control").write_text("+memory +cpu")
            (parent / "cgroup.subtree_control").write_text("+memory +cpu")
        group = parent / user
        group.mkdir(exist_ok=True)
        (group / "memory.max").write_text(str(mem))
        (group / "memory.swap.max").write_text("0") if (group / "memory.swap.max").exists() else None
        (group / "cpu.max").write_text(f"{quota} {period}")
        (group / "cgroup.procs").write_text(str(pid))
        return [group]
    if kind == "v1":
        memory_group = root / "memory" / CGROUP_PARENT / user
        cpu_group = root / "cpu" / CGROUP_PARENT / user
        memory_group.mkdir(parents=True, exist_ok=True)
        cpu_group.mkdir(parents=True, exist_ok=True)
        (memory_group / "memory.limit_in_bytes").write_text(str(mem))
        (cpu_group / "cpu.cfs_period_us").write_text(str(period))
        (cpu_group / "cpu.cfs_quota_us").write_text(str(quota))
        for group in (memory_group, cpu_group):
            (group / "cgroup.procs").write_text(str(pid))
        return [memory_group, cpu_group]
    raise ArgumentError(f"no writable control groups (cgroup v2 or v1 memory and cpu) under {root}")


def release_limits(user: str, *, root: Path = CGROUP_ROOT) -> list[Path]:
    """Remove ``user``'s empty control groups after their server stopped; returns those removed
    (a group that still holds a process stays).

    Example:
        >>> import tempfile
        >>> release_limits("ana", root=Path(tempfile.mkdtemp()))
        []
    """
    _check_account(user)
    removed = []
    for group in (
        root / CGROUP_PARENT / user,
        root / "memory" / CGROUP_PARENT / user,
        root / "cpu" / CGROUP_PARENT / user,
    ):
        try:
            group.rmdir()
        except OSError:
            continue
        removed.append(group)
    return removed


# -- laying out the course's files -----------------------------------------------------------------


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CourseError(
            f"{' '.join(cmd)} failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
        )


def _ensure_group(name: str) -> int:
    import grp

    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", "--system", name])
        return grp.getgrnam(name).gr_gid


def _ensure_account(name: str, group: str, home: Path) -> pwd.struct_passwd:
    import grp
    import pwd

    try:
        account = pwd.getpwnam(name)
    except KeyError:
        _run(
            [
                "useradd",
                "--system",
                "--create-home",
                "--home-dir",
                str(home),
                "--gid",
                group,
                "--shell",
                "/bin/bash",
                name,
            ]
        )
        account = pwd.getpwnam(name)
    if name not in grp.getgrnam(group).gr_mem and account.pw_gid != grp.getgrnam(group).gr_gid:
        _run(["usermod", "--append", "--groups", group, name])
    return account


def _protect(path: Path, gid: int) -> int:
    """Graders-only: owner root, group graders, nothing for anyone else. Returns how many paths."""
    if not path.exists():
        return 0
    count = 0
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        if item.is_symlink():
            continue
        os.chown(item, 0, gid)
        os.chmod(item, PRIVATE_DIR if item.is_dir() else PRIVATE_FILE)
        count += 1
    return count


def _protect_source(source: Path, gid: int) -> int:
    """Every file in the source folder except the package data learners' Python reads
    (:data:`READABLE_NAMES`) becomes graders-only; folders stay passable so those files can be read."""
    count = 0
    for item in source.rglob("*"):
        if item.is_symlink():
            continue
        if item.is_dir():
            os.chown(item, 0, gid)
            os.chmod(item, 0o755)
        elif item.name not in READABLE_NAMES:
            os.chown(item, 0, gid)
            os.chmod(item, PRIVATE_FILE)
            count += 1
    return count


def _copy_learner_copies(build: Path, dest: Path) -> list[str]:
    """Copy each module's learner copy from ``build/release`` into ``dest`` (readable by all)."""
    modules = course.release(build)  # brings the learner build up to date (nothing to do when it is)
    del modules
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ids = course.module_ids()
    for module in ids:
        src = build / "release" / module
        if not src.is_dir():
            raise CourseError(f"the learner build {build} has no copy of {module}")
        shutil.copytree(src, dest / module, ignore=shutil.ignore_patterns(*(f"{p}*" for p in course.RELEASE_SKIP)))
    for item in [dest, *dest.rglob("*")]:
        os.chown(item, 0, 0)
        os.chmod(item, 0o755 if item.is_dir() else 0o644)
    return ids


def _exchange(settings: HubSettings, grader: pwd.struct_passwd, gid: int) -> None:
    """nbgrader's exchange with the modes nbgrader itself gives it: the root writable by all
    (sticky, so nobody removes another's course), and the course's folders owned by the grader
    account: ``outbound`` readable by all, ``inbound`` writable but not listable (so a learner
    cannot see others' submissions), in the graders' group (set-group-id, so each submission
    is too) and sticky (nobody removes or renames another's submission; nbgrader leaves it
    without), ``feedback`` passable but not listable."""
    settings.exchange.mkdir(parents=True, exist_ok=True)
    os.chown(settings.exchange, 0, 0)
    os.chmod(settings.exchange, 0o1777)
    course_dir = settings.exchange / settings.course_id
    for path, mode in (
        (course_dir, 0o755),
        (course_dir / "outbound", 0o755),
        (course_dir / "inbound", 0o3733),
        (course_dir / "feedback", 0o711),
    ):
        path.mkdir(exist_ok=True)
        os.chown(path, grader.pw_uid, gid)
        os.chmod(path, mode)


def setup(settings: HubSettings, *, learner_build: Path | None = None) -> list[str]:
    """Lay out the course for the hub (run as root; safe to run again); returns what was done.

    - the system groups of learners and graders, and the grader account formgrader runs as;
    - the graders' course folder (gradebook, submissions, feedback): grader account and graders
      group only;
    - the source notebooks and facilitator guides, the rubrics and the checkout's ``build/``:
      readable by root and graders only;
    - nbgrader's exchange (see :func:`_exchange`);
    - ``HOME/learner-copies``: each module's learner copy (no answers), readable by all, from which
      a learner's course folder is built at their first start;
    - ``HOME/hub``: the hub's own database and secrets, root only.

    Raises :class:`~coownership.errors.CourseError` when not run as root or a step fails.

    Example:
        >>> setup(HubSettings.from_env({}))  # doctest: +SKIP
        ['groups: coownership-learners (998), coownership-graders (997)', ...]
    """
    if os.geteuid() != 0:
        raise CourseError("the hub's setup changes owners and permissions: run it as root (sudo)")
    done = []
    learners_gid = _ensure_group(settings.learners_group)
    graders_gid = _ensure_group(settings.graders_group)
    done.append(f"groups: {settings.learners_group} ({learners_gid}), {settings.graders_group} ({graders_gid})")
    grader = _ensure_account(settings.grader_account, settings.graders_group, settings.home / "grader")
    done.append(f"grader account: {grader.pw_name} (formgrader runs as it)")
    settings.home.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.home, 0o755)
    settings.hub_state.mkdir(exist_ok=True)
    os.chown(settings.hub_state, 0, 0)
    os.chmod(settings.hub_state, 0o700)
    settings.course_root.mkdir(parents=True, exist_ok=True)
    for item in [settings.course_root, *settings.course_root.rglob("*")]:
        if not item.is_symlink():
            os.chown(item, grader.pw_uid, graders_gid)
    os.chmod(settings.course_root, 0o2770)
    done.append(f"course folder (graders only): {settings.course_root}")
    count = _protect_source(settings.source, graders_gid)
    done.append(f"source notebooks and guides (graders only): {count} files in {settings.source}")
    for path in settings.protect:
        if _protect(path, graders_gid):
            done.append(f"graders only: {path}")
    _exchange(settings, grader, graders_gid)
    done.append(f"exchange: {settings.exchange}")
    build = learner_build or Path(
        os.environ.get("COOWNERSHIP_LEARNER_BUILD") or course.REPO / "build" / "learner-course"
    )
    ids = _copy_learner_copies(build, settings.learner_copies)
    done.append(f"learner copies of {len(ids)} modules: {settings.learner_copies}")
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m coownership.hub setup [--learner-build DIR]``; returns the exit status.

    Example:
        >>> main(["setup"]) if os.geteuid() != 0 else 2  # doctest: +SKIP
        2
    """
    parser = argparse.ArgumentParser(prog="python -m coownership.hub", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("setup", help="lay out the course's files for the hub (as root; safe to repeat)")
    run.add_argument(
        "--learner-build", default=None, help="where learner copies are built (default build/learner-course)"
    )
    args = parser.parse_args(argv)
    try:
        settings = HubSettings.from_env()
        lines = setup(settings, learner_build=Path(args.learner_build) if args.learner_build else None)
    except (CourseError, ArgumentError) as exc:
        print(f"coownership.hub: {exc}", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
