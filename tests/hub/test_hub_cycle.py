"""The whole grading cycle on a real JupyterHub (deploy/jupyterhub/jupyterhub_config.py) on
127.0.0.1, with real system accounts: two learners, one grader, one course admin and formgrader's
own account, made for the test and removed after it, even when it fails.

Learners log in with PAM; each learner's server runs as their own account. Every learner action
goes through their running server: fetch and submit through nbgrader's Assignment List API (what
the Assignment List panel calls), work through the contents API, and the attempts to read what is
not theirs from a kernel in their server (code a learner could type into a notebook). The grader's
steps go through formgrader's service: nbgrader's exchange through formgrader's API, and the
course's own commands (`coownership release`, `autograde`, `feedback`) in a kernel of that service,
as a grader would type them into its terminal, so the hub grades exactly as one machine does.

Needs root (CI runs as root); about 60-90 s.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
import requests
from hubtools import (
    Accounts,
    Kernel,
    course_python,
    hub_settings,
    install_proxy,
    login,
    make_home,
    missing_requirements,
    run_setup,
    running_hub,
    start_server,
    stop_server,
)

from coownership import course, hub

pytestmark = pytest.mark.slow

MODULE = "01-engagement-is-produced"
FIRST = course.module_ids()[0]
MEM_LIMIT = "2G"


@pytest.fixture(scope="module")
def world():
    """Accounts, the hub's folder set up, and the hub running; all removed afterwards."""
    why = missing_requirements()
    if why:
        pytest.skip(why)
    started = time.perf_counter()
    install_proxy()
    accounts = Accounts()
    home = None
    try:
        learners, graders = accounts.group("learners"), accounts.group("graders")
        names = {
            "ana": accounts.user("a", [learners]),
            "ben": accounts.user("b", [learners]),
            "grader": accounts.user("g", [graders]),
            "admin": accounts.user("adm", []),
        }
        accounts.adopt(f"{accounts.prefix}-svc")  # the setup makes formgrader's account
        home = make_home()
        env = hub_settings(
            home, accounts, learners, graders, COOWNERSHIP_HUB_ADMINS=names["admin"], COOWNERSHIP_MEM_LIMIT=MEM_LIMIT
        )
        setup_log = run_setup(env)
        with running_hub(home, env) as the_hub:
            yield {"hub": the_hub, "names": names, "accounts": accounts, "home": home, "setup": setup_log}
    finally:
        accounts.remove()
        for user in accounts.users:
            hub.release_limits(user)
        for parent in (
            Path("/sys/fs/cgroup", hub.CGROUP_PARENT),
            *Path("/sys/fs/cgroup").glob(f"*/{hub.CGROUP_PARENT}"),
        ):
            with contextlib.suppress(OSError):
                parent.rmdir()  # only when empty: another hub's groups would keep it
        if home is not None:
            if (home / "hub.log").is_file():  # kept for reading after a failure (artifacts/ is git-ignored)
                (course.REPO / "artifacts").mkdir(exist_ok=True)
                shutil.copy(home / "hub.log", course.REPO / "artifacts" / "hub-test.log")
            shutil.rmtree(home, ignore_errors=True)
        print(f"hub test: {time.perf_counter() - started:.1f} s with setup and teardown")


def _course_path(world, *parts: str) -> Path:
    return Path(world["hub"].env["COOWNERSHIP_HUB_HOME"]).joinpath(*parts)


def _formgrader(world, token: str, method: str, path: str, **kwargs) -> requests.Response:
    url = f"{world['hub'].url}/services/{hub.HubSettings.from_env(world['hub'].env).course_id}/formgrader/api/{path}"
    return requests.request(
        method, url, headers={"Authorization": f"token {token}"}, allow_redirects=False, timeout=300, **kwargs
    )


WRITTEN = (
    'At intake we called Ms. R. "not ready" after two missed morning visits. What in our service could change: '
    "could she choose an afternoon slot near her bus route?"
)


def _completed_notebook() -> dict:
    """What a learner who answered everything saves: each answer line as the source notebook has
    it (the test reads the source as root), without nbgrader's solution markers, and their own
    words in the written answer."""
    nb = json.loads((course.NOTEBOOKS / MODULE / f"{MODULE}.ipynb").read_text())
    for cell in nb["cells"]:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        if cell["cell_type"] == "markdown":
            cell["source"] = WRITTEN
        else:
            lines = "".join(cell["source"]).splitlines()
            cell["source"] = "\n".join(
                line for line in lines if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
            )
    return nb


def _shell(kernel: Kernel, *args: str) -> str:
    """A command in the grader's kernel (formgrader's service), as a grader runs it in its terminal."""
    code = (
        "import subprocess, sys\n"
        f"done = subprocess.run([sys.executable, '-m', *{list(args)!r}], capture_output=True, text=True)\n"
        "print(done.stdout[-4000:], done.stderr[-4000:])\n"
        "print('EXIT', done.returncode)\n"
    )
    out = kernel.run(code)
    assert out.rstrip().endswith("EXIT 0"), f"{' '.join(args)} failed:\n{out}"
    return out


_TRY_READ = """
import json, os
result = {}
for label, path in json.loads(%r).items():
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as f:
                f.read(1)
        result[label] = "read"
    except PermissionError:
        result[label] = "refused"
    except FileNotFoundError:
        result[label] = "missing"
print(json.dumps({"uid": os.getuid(), "result": result}))
"""


def _try_read(kernel: Kernel, paths: dict[str, Path]) -> tuple[int, dict[str, str]]:
    out = kernel.run(_TRY_READ % json.dumps({k: str(v) for k, v in paths.items()}))
    data = json.loads(out.strip().splitlines()[-1])
    return data["uid"], data["result"]


def test_release_fetch_submit_grade_feedback_and_refusals(world):  # noqa: C901 - one walk through the cycle
    started = time.perf_counter()
    the_hub, names = world["hub"], world["names"]
    settings = hub.HubSettings.from_env(the_hub.env)
    ana, ben, grader, admin = names["ana"], names["ben"], names["grader"], names["admin"]
    passwords = world["accounts"].users
    tokens = {who: login(the_hub, who, passwords[who])[1] for who in (ana, ben, grader, admin)}

    # Groups come from the system groups at login; the admin is in neither.
    groups = {g["name"]: sorted(g["users"]) for g in the_hub.api("GET", "/groups").json()}
    assert groups[settings.learner_hub_group] == sorted([ana, ben])
    assert groups[settings.grader_hub_group] == [grader]

    # -- learners' servers: their own account, limits, course folder, module 00 first ------------
    for who in (ana, ben):
        start_server(the_hub, who, tokens[who])
    for who in (ana, ben):
        state = the_hub.api("GET", f"/users/{who}").json()["servers"][""]["state"]
        status = Path(f"/proc/{state['pid']}/status").read_text()
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
        assert uid == pwd.getpwnam(who).pw_uid, f"{who}'s server runs as uid {uid}"
        if hub.cgroup_kind():
            groups_of = Path(f"/proc/{state['pid']}/cgroup").read_text()
            assert f"/{hub.CGROUP_PARENT}/{who}" in groups_of, groups_of
            limit = next(
                p
                for p in (
                    Path("/sys/fs/cgroup", hub.CGROUP_PARENT, who, "memory.max"),
                    Path("/sys/fs/cgroup/memory", hub.CGROUP_PARENT, who, "memory.limit_in_bytes"),
                )
                if p.is_file()
            )
            assert int(limit.read_text()) == hub.memory_bytes(MEM_LIMIT)
        else:
            print("no writable control groups here: memory and CPU limits not checked")
        assert Path(pwd.getpwnam(who).pw_dir).stat().st_mode & 0o077 == 0, f"{who}'s home is open to others"

    base = {who: f"{the_hub.url}/user/{who}/" for who in (ana, ben)}
    auth = {who: {"Authorization": f"token {tokens[who]}"} for who in tokens}
    first = requests.get(base[ana], headers=auth[ana], allow_redirects=False, timeout=30)
    assert first.status_code == 302, first.status_code
    assert first.headers["Location"].split("?")[0] == f"/user/{ana}/lab/tree/{FIRST}/{FIRST}.ipynb", first.headers
    listing = requests.get(f"{base[ana]}api/contents", headers=auth[ana], timeout=30).json()
    assert {m for m in course.module_ids()} <= {item["name"] for item in listing["content"]}
    page = requests.get(f"{base[ana]}lab", headers=auth[ana], timeout=30).text
    page_config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    disabled = set(page_config["disabledExtensions"])
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    news = requests.get(
        f"{base[ana]}lab/api/settings/@jupyterlab/apputils-extension:notification", headers=auth[ana], timeout=30
    ).json()
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert requests.get(f"{base[ana]}formgrader", headers=auth[ana], timeout=30).status_code == 404

    # A second start keeps what the learner wrote.
    nb_path = f"api/contents/{FIRST}/{FIRST}.ipynb"
    model = requests.get(f"{base[ana]}{nb_path}", headers=auth[ana], timeout=30).json()
    model["content"]["cells"].append(nbformat.v4.new_markdown_cell("Ana's own note, kept across restarts").dict())
    saved = requests.put(
        f"{base[ana]}{nb_path}", json={"type": "notebook", "content": model["content"]}, headers=auth[ana], timeout=30
    )
    assert saved.status_code == 200, saved.text
    stop_server(the_hub, ana, tokens[ana])
    start_server(the_hub, ana, tokens[ana])
    again = requests.get(f"{base[ana]}{nb_path}", headers=auth[ana], timeout=30).json()
    assert "Ana's own note, kept across restarts" in json.dumps(again["content"]["cells"])

    # -- the grader: formgrader open to graders only --------------------------------------------
    service = f"{the_hub.url}/services/{settings.course_id}/"
    assert _formgrader(world, tokens[grader], "GET", "assignments").status_code == 200
    for who in (ana, admin):
        refused = _formgrader(world, tokens[who], "GET", "assignments")
        assert refused.status_code in (302, 403), f"{who} reached formgrader: {refused.status_code}"
    grading = Kernel(service, tokens[grader])

    # Release: the course's own command makes the learner copy, formgrader puts it in the exchange.
    _shell(grading, "coownership.cli", "release", MODULE)
    released = _formgrader(world, tokens[grader], "POST", f"assignment/{MODULE}/release").json()
    assert released.get("success"), released

    def assignments(who: str, action: str) -> dict:
        """One learner's Assignment List action (fetch, submit, fetch_feedback) through their own server."""
        return requests.post(
            f"{base[who]}assignments/{action}",
            data={"course_id": settings.course_id, "assignment_id": MODULE},
            headers=auth[who],
            timeout=120,
        ).json()

    # -- learners fetch (their folder already holds the module: fetch adds only what is missing) --
    kernels = {who: Kernel(base[who], tokens[who]) for who in (ana, ben)}
    for who in (ana, ben):
        fetched = assignments(who, "fetch")
        assert fetched["success"], fetched
        mine = [a for a in fetched["value"] if a["assignment_id"] == MODULE and a["status"] == "fetched"]
        assert [a["path"] for a in mine] == [MODULE], fetched  # the module in their course folder, not a second copy

    # Ana answers everything; Ben submits his copy as it came.
    path = f"api/contents/{MODULE}/{MODULE}.ipynb"
    saved = requests.put(
        f"{base[ana]}{path}", json={"type": "notebook", "content": _completed_notebook()}, headers=auth[ana], timeout=30
    )
    assert saved.status_code == 200, saved.text
    for who in (ana, ben):
        submitted = assignments(who, "submit")
        assert submitted["success"], submitted

    # -- what a learner may not read, tried from a kernel in Ana's server -----------------------
    inbound = settings.exchange / settings.course_id / "inbound"
    bens_submission = next(p for p in inbound.iterdir() if p.name.startswith(f"{ben}+{MODULE}+"))
    assert oct(bens_submission.stat().st_mode & 0o777) == oct(0o770)
    uid, tried = _try_read(
        kernels[ana],
        {
            "source notebook": settings.source / MODULE / f"{MODULE}.ipynb",
            "facilitator guide": settings.source / MODULE / "facilitator-guide.md",
            "gradebook": settings.course_root / "gradebook.db",
            "course folder": settings.course_root,
            "rubrics": next(p for p in _course_path(world, "rubrics").iterdir()),
            "exchange inbound (listing)": inbound,
            "Ben's submission": bens_submission / f"{MODULE}.ipynb",
            "Ben's course folder": Path(pwd.getpwnam(ben).pw_dir) / "course" / MODULE / f"{MODULE}.ipynb",
        },
    )
    assert uid == pwd.getpwnam(ana).pw_uid
    assert tried == dict.fromkeys(tried, "refused"), tried
    # ...while what the course needs stays readable (so the refusals above are not an accident).
    _, allowed = _try_read(
        kernels[ana],
        {
            "module texts": settings.source / MODULE / "content.toml",
            "her own work": Path(pwd.getpwnam(ana).pw_dir) / "course" / MODULE / f"{MODULE}.ipynb",
            "released copy": settings.exchange / settings.course_id / "outbound" / MODULE / f"{MODULE}.ipynb",
        },
    )
    assert allowed == dict.fromkeys(allowed, "read"), allowed

    # A learner's server cannot reach formgrader with its own token, through the proxy or directly.
    reach = kernels[ana].run(
        "import os, urllib.request, urllib.error\n"
        f"for url in ({service + 'formgrader/api/assignments'!r}, "
        f"'http://127.0.0.1:{settings.formgrader_port}/services/{settings.course_id}/formgrader/api/assignments'):\n"
        "    req = urllib.request.Request(url, headers={'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']})\n"
        "    class NoRedirect(urllib.request.HTTPRedirectHandler):\n"
        "        def redirect_request(self, *a, **k): return None\n"
        "    try:\n"
        "        print(urllib.request.build_opener(NoRedirect).open(req, timeout=30).status)\n"
        "    except urllib.error.HTTPError as e:\n"
        "        print(e.code)\n"
    )
    assert reach.split() and all(code in ("302", "403") for code in reach.split()), reach

    # -- the grader collects, autogrades, grades the written answer, releases feedback -----------
    collected = _formgrader(world, tokens[grader], "POST", f"assignment/{MODULE}/collect").json()
    assert collected.get("success"), collected.get("error", collected)[-3000:]
    graded = _shell(grading, "coownership.cli", "autograde")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{settings.course_root / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(MODULE)
        auto_max = sum(c.max_score for n in assignment.notebooks for c in n.grade_cells if c.cell_type == "code")
        assert auto_max > 0
        assert gb.find_submission(MODULE, ana).code_score == auto_max, graded
        assert gb.find_submission(MODULE, ben).code_score == 0

    notebooks = _formgrader(world, tokens[grader], "GET", f"submitted_notebooks/{MODULE}/{MODULE}").json()
    anas = next(n for n in notebooks if n["student"] == ana)
    grades = _formgrader(world, tokens[grader], "GET", "grades", params={"submission_id": anas["id"]}).json()
    written = [g for g in grades if g["needs_manual_grade"]]
    assert written, "Ana's written answer should wait for a grader"
    for grade in written:
        put = _formgrader(
            world, tokens[grader], "PUT", f"grade/{grade['id']}", json={"manual_score": grade["max_score"]}
        )
        assert put.status_code == 200, put.text
    with Gradebook(f"sqlite:///{settings.course_root / 'gradebook.db'}") as gb:
        full, blank = gb.find_submission(MODULE, ana), gb.find_submission(MODULE, ben)
        assert not full.needs_manual_grade and full.score == full.max_score
        scores = {ana: (full.score, full.max_score), ben: (blank.score, blank.max_score)}
        assert blank.score == 0
    wrote = _shell(grading, "coownership.cli", "feedback")
    assert "feedback written for 2 submission(s)" in wrote, wrote
    released = _formgrader(world, tokens[grader], "POST", f"assignment/{MODULE}/release_feedback").json()
    assert released.get("success"), released

    # -- each learner fetches feedback, and only their own --------------------------------------
    for who in (ana, ben):
        got = assignments(who, "fetch_feedback")
        assert got["success"], got
        pages = sorted((Path(pwd.getpwnam(who).pw_dir) / "course" / MODULE / "feedback").glob("*/*.html"))
        outbound_feedback = sorted(p.name for p in (settings.exchange / settings.course_id / "feedback").iterdir())
        assert len(pages) == 1, (who, wrote, released, outbound_feedback)
        text = pages[0].read_text()
        score, top = scores[who]
        shown = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", text)
        assert shown and (float(shown.group(1)), float(shown.group(2))) == (score, top), (who, shown and shown.group(0))
        assert pwd.getpwnam(who).pw_uid == pages[0].stat().st_uid
    _, tried = _try_read(
        kernels[ana],
        {"Ben's feedback": next((Path(pwd.getpwnam(ben).pw_dir) / "course" / MODULE / "feedback").glob("*/*.html"))},
    )
    assert tried == {"Ben's feedback": "refused"}, tried
    for kernel in (*kernels.values(), grading):
        kernel.shutdown()
    print(f"hub cycle: {time.perf_counter() - started:.1f} s (logins to feedback)")


def test_an_idle_server_is_stopped_and_the_learners_work_stays(world):
    """The idle culler, as the hub runs it (hub.idle_culler_command) and with exactly the role's scopes
    (hub.IDLE_CULLER_SCOPES), stops a learner's idle server; what the learner wrote stays. The hub's
    own culler waits an hour, so this one is started with a one-second timeout."""
    the_hub, names, passwords = world["hub"], world["names"], world["accounts"].users
    ana, admin = names["ana"], names["admin"]
    ana_token = login(the_hub, ana, passwords[ana])[1]
    admin_token = login(the_hub, admin, passwords[admin])[1]
    start_server(the_hub, ana, ana_token)
    notebook = Path(pwd.getpwnam(ana).pw_dir) / "course" / FIRST / f"{FIRST}.ipynb"
    before = notebook.read_bytes()
    made = the_hub.api(
        "POST",
        f"/users/{admin}/tokens",
        token=admin_token,
        json={"scopes": list(hub.IDLE_CULLER_SCOPES), "note": "idle culler (test)", "expires_in": 600},
    )
    assert made.status_code == 201, made.text
    extra = set(made.json()["scopes"]) - set(hub.IDLE_CULLER_SCOPES)
    assert set(hub.IDLE_CULLER_SCOPES) <= set(made.json()["scopes"]), made.json()["scopes"]
    assert all(scope.startswith("read:") for scope in extra), extra  # implied by those: reading only
    time.sleep(2)  # idle for longer than the culler's one second
    log = Path(world["home"]) / "culler.log"
    with open(log, "wb") as out:
        culler = subprocess.Popen(
            hub.idle_culler_command(str(course_python()), 1, every=1),
            env={
                **os.environ,
                "JUPYTERHUB_API_URL": f"{the_hub.url}/hub/api",
                "JUPYTERHUB_API_TOKEN": made.json()["token"],
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline, servers = time.time() + 60, {"": "running"}
        while time.time() < deadline and servers:
            servers = the_hub.api("GET", f"/users/{ana}").json().get("servers", {})
            if servers:
                time.sleep(0.5)
    finally:
        culler.terminate()
        culler.wait(timeout=30)
    said = log.read_text(errors="replace")
    assert not servers, f"the culler did not stop {ana}'s idle server:\n{said[-3000:]}"
    assert f"Culling server {ana}" in said, said[-3000:]
    assert notebook.read_bytes() == before
