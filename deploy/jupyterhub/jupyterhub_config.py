"""JupyterHub for From Compliance to Co-Ownership on one machine (the guide: README.md here).

Run as root, from the course's own Python (the checkout's .venv after `make setup`):

    sudo .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Every setting is an environment variable with a default (coownership.hub.HubSettings lists them):
paths, group and account names, addresses, limits. The test (tests/hub/test_hub_cycle.py) runs
this same file with only those changed. Before the first start run the setup once as root:
`sudo .venv/bin/python -m coownership.hub setup` (groups, grader account, permissions, exchange,
learner copies).

- Login: PAM (the machine's own accounts and passwords), for members of the learners' or the
  graders' system group only. Hub groups follow the system groups at every login:
  learners -> nbgrader-<course>, graders -> formgrade-<course>. Agencies usually sign staff in with
  their own identity provider instead (OAuth: the guide says how); the rest of this file stays.
- Each learner's server runs as that learner's own system account (LocalProcessSpawner): nbgrader
  names a submission after the account that made it, and file permissions keep learners apart.
- A learner's server: their course folder ~/course built at first start from the learner copies
  (never overwriting a file), JupyterLab opened at module 00, the learner configuration of the
  course (no instructor tools, no news pop-up), plus nbgrader's Assignment List to fetch and submit.
- Formgrader: a hub service named after the course id, run as the grader account, open to the
  graders' group only. Hub admins are not graders: they get a narrower role than JupyterHub's
  built-in admin (which could open every service).
- Idle servers are stopped (jupyterhub-idle-culler); memory and CPU per learner are capped with
  control groups when the machine allows it (the guide says exactly what is enforced).
"""

import os
import sys
from pathlib import Path

from jupyterhub.auth import PAMAuthenticator
from jupyterhub.spawner import LocalProcessSpawner

from coownership import course, hub

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

SETTINGS = hub.HubSettings.from_env()
HERE = course.REPO / "deploy" / "jupyterhub"
CONFIG = course.REPO / "jupyter-config"
PYTHON = sys.executable  # the course's Python: hub, learners' servers and formgrader share it
BIN = str(Path(PYTHON).parent)
FIRST_MODULE = course.module_ids()[0]
MEM_BYTES = hub.memory_bytes(SETTINGS.mem_limit)
LIMITS = hub.cgroup_kind()  # "v2", "v1" or None (nothing enforced: logged at start)

# -- where the hub listens and keeps its state -----------------------------------------------------
c.JupyterHub.bind_url = SETTINGS.bind_url
c.JupyterHub.hub_bind_url = SETTINGS.hub_api_url
c.ConfigurableHTTPProxy.api_url = SETTINGS.proxy_api_url
c.ConfigurableHTTPProxy.command = [str(SETTINGS.proxy_command)]
c.ConfigurableHTTPProxy.pid_file = str(SETTINGS.hub_state / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{SETTINGS.hub_state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(SETTINGS.hub_state / "jupyterhub_cookie_secret")


# -- who may log in, and in which groups -----------------------------------------------------------
def _course_groups(username: str) -> list[str]:
    """The hub groups of a system account, from its system groups (read at every login)."""
    import grp
    import pwd

    gids = set(os.getgrouplist(username, pwd.getpwnam(username).pw_gid))
    groups = []
    for system_group, hub_group in (
        (SETTINGS.learners_group, SETTINGS.learner_hub_group),
        (SETTINGS.graders_group, SETTINGS.grader_hub_group),
    ):
        try:
            if grp.getgrnam(system_group).gr_gid in gids:
                groups.append(hub_group)
        except KeyError:  # the group does not exist yet: nobody is in it
            continue
    return groups


class CourseAuthenticator(PAMAuthenticator):
    """PAM login; the user's hub groups are set from their system groups at each login and refresh."""

    async def authenticate(self, handler, data):  # noqa: D102
        name = await super().authenticate(handler, data)
        if not name:
            return None
        name = name["name"] if isinstance(name, dict) else name
        return {"name": name, "groups": _course_groups(name)}

    async def refresh_user(self, user, handler=None):  # noqa: D102
        return {"name": user.name, "groups": _course_groups(user.name)}


c.JupyterHub.authenticator_class = CourseAuthenticator
c.Authenticator.manage_groups = True
c.LocalAuthenticator.allowed_groups = {SETTINGS.learners_group, SETTINGS.graders_group}
c.Authenticator.admin_users = set()  # JupyterHub's full admin may open every service: see load_roles
c.Authenticator.allowed_users = set(SETTINGS.admins)  # course admins log in without being learners or graders


# -- learners' servers -----------------------------------------------------------------------------
def _private_home(username: str) -> None:
    """A learner's home is theirs alone (0700): Debian's useradd makes it readable by everyone
    (0755) unless HOME_MODE is set, which would let learners read each other's course folders."""
    import pwd

    home = Path(pwd.getpwnam(username).pw_dir)
    if home.is_dir() and not home.is_symlink() and home.stat().st_uid == pwd.getpwnam(username).pw_uid:
        if home.stat().st_mode & 0o077:
            home.chmod(0o700)


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner (the server runs as the learner's own account) that first puts the
    server into the learner's control group, capped at the memory and CPU limits."""

    def make_preexec_fn(self, name):  # noqa: D102
        drop_to_user = super().make_preexec_fn(name)

        def preexec():
            if LIMITS:
                try:
                    hub.limit_process(name, MEM_BYTES, SETTINGS.cpu_limit)
                except Exception:  # noqa: BLE001 - in the child before exec: nothing to log to; start() checks
                    pass
            drop_to_user()

        return preexec

    async def start(self):  # noqa: D102
        _private_home(self.user.name)
        url = await super().start()
        if LIMITS:
            try:
                groups = Path(f"/proc/{self.pid}/cgroup").read_text()
            except OSError:
                groups = ""
            if f"/{hub.CGROUP_PARENT}/{self.user.name}" not in groups:
                self.log.warning(
                    "%s's server runs WITHOUT memory and CPU limits (control group not joined)", self.user.name
                )
        return url

    async def stop(self, now=False):  # noqa: D102
        await super().stop(now=now)
        if LIMITS:
            hub.release_limits(self.user.name)


if not LIMITS:
    print(
        "jupyterhub_config: no writable control groups on this machine: learners' memory and CPU limits "
        "are NOT enforced (see deploy/jupyterhub/README.md).",
        file=sys.stderr,
    )

c.JupyterHub.spawner_class = CourseSpawner
# Build ~/course from the learner copies (never overwriting a file), then start the server. A build
# that fails is logged and the server starts anyway, so a learner is never locked out of their work.
c.Spawner.cmd = [
    "/bin/sh",
    "-c",
    '"$0" -m coownership.cli workspace --workspace "$COOWNERSHIP_WORKSPACE" '
    '|| echo "coownership: building the course folder failed (see above)" >&2; '
    'cd "$COOWNERSHIP_WORKSPACE"; exec "$0" "$@"',
    PYTHON,
    "-m",
    "jupyterhub.singleuser",
]
c.Spawner.args = [f"--LabApp.app_settings_dir={CONFIG / 'lab-settings'}"]  # no news pop-up
c.Spawner.notebook_dir = "~/course"
c.Spawner.default_url = f"/lab/tree/{FIRST_MODULE}/{FIRST_MODULE}.ipynb"
c.Spawner.disable_user_config = True  # a learner's ~/.jupyter cannot turn instructor tools back on


def _workspace(spawner) -> str:
    """The learner's course folder, ~/course (also where nbgrader fetches to and submits from, and
    what `coownership portfolio`, `handin` and `progress` read in their terminal)."""
    import pwd

    return os.path.join(pwd.getpwnam(spawner.user.name).pw_dir, "course")


c.Spawner.environment = {
    "COOWNERSHIP_WORKSPACE": _workspace,
    "COOWNERSHIP_RELEASED": str(SETTINGS.learner_copies),
    "COOWNERSHIP_COURSE_ID": SETTINGS.course_id,
    "COOWNERSHIP_EXCHANGE": str(SETTINGS.exchange),
    # first wins: the hub's learner layer (Assignment List on), the course's learner configuration
    # (instructor tools off), the settings every course server shares
    "JUPYTER_CONFIG_PATH": os.pathsep.join(str(p) for p in (HERE / "learner", CONFIG / "learner", CONFIG / "common")),
    "PATH": os.pathsep.join([BIN, "/usr/local/bin", "/usr/bin", "/bin"]),
}
c.Spawner.mem_limit = SETTINGS.mem_limit  # declared for JupyterHub; enforced by CourseSpawner
c.Spawner.cpu_limit = SETTINGS.cpu_limit
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# -- formgrader, the idle culler, roles ------------------------------------------------------------
services = [
    {
        "name": SETTINGS.course_id,
        "url": f"http://127.0.0.1:{SETTINGS.formgrader_port}",
        "command": [PYTHON, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={SETTINGS.course_root}"],
        "user": SETTINGS.grader_account,
        "cwd": str(course.GRADING),  # formgrader reads grading/nbgrader_config.py from here
        "oauth_no_confirm": True,
        "environment": {
            "COOWNERSHIP_COURSE_ID": SETTINGS.course_id,
            "COOWNERSHIP_COURSE_ROOT": str(SETTINGS.course_root),
            "COOWNERSHIP_NOTEBOOKS": str(SETTINGS.source),
            "COOWNERSHIP_EXCHANGE": str(SETTINGS.exchange),
            "JUPYTER_CONFIG_PATH": os.pathsep.join(str(p) for p in (CONFIG / "instructor", CONFIG / "common")),
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "PATH": os.pathsep.join([BIN, "/usr/local/bin", "/usr/bin", "/bin"]),
        },
    },
    {
        "name": "idle-culler",
        "command": hub.idle_culler_command(PYTHON, SETTINGS.idle_timeout),
    },
]
roles = [
    {
        "name": "graders",
        "description": f"open formgrader ({SETTINGS.course_id})",
        "groups": [SETTINGS.grader_hub_group],
        "scopes": [f"access:services!service={SETTINGS.course_id}", "list:services"],
    },
    {
        "name": "course-admins",
        "description": "manage accounts and servers; not formgrader",
        "users": list(SETTINGS.admins),
        "scopes": ["admin-ui", "list:users", "admin:users", "admin:servers", "read:groups", "list:groups"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": list(hub.IDLE_CULLER_SCOPES),
    },
]
# A token for scripts that manage users and servers (the test, a cohort script): set
# COOWNERSHIP_HUB_API_TOKEN (for example from a file only root reads). It cannot open formgrader.
if os.environ.get("COOWNERSHIP_HUB_API_TOKEN"):
    services.append({"name": "course-api", "api_token": os.environ["COOWNERSHIP_HUB_API_TOKEN"]})
    roles.append(
        {
            "name": "course-api",
            "services": ["course-api"],
            "scopes": [
                "admin:users",
                "admin:servers",
                "admin:server_state",
                "list:users",
                "read:users",
                "list:groups",
                "read:groups",
            ],
        }
    )
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
