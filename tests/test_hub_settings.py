"""The one-machine hub's pieces that run without a hub: settings from the environment, the
memory and CPU limits written into control groups (on a folder laid out like /sys/fs/cgroup),
and the private submission (coownership.hub, coownership.hub_exchange). The hub itself is
tested in tests/hub/test_hub_cycle.py."""

import os
import stat

import pytest

from coownership import hub
from coownership.errors import ArgumentError


def test_settings_default_to_a_dedicated_server_and_follow_the_environment():
    default = hub.HubSettings.from_env({})
    assert default.home.as_posix() == "/srv/coownership"
    assert default.course_root.as_posix() == "/srv/coownership/course"
    assert (default.course_id, default.grader_hub_group, default.learner_hub_group) == (
        "coownership",
        "formgrade-coownership",
        "nbgrader-coownership",
    )
    assert default.bind_url == "http://127.0.0.1:8000" and default.mem_limit == "1G" and default.cpu_limit == 1.0
    moved = hub.HubSettings.from_env(
        {"COOWNERSHIP_HUB_HOME": "/data/hub", "COOWNERSHIP_COURSE_ID": "cohort-b", "COOWNERSHIP_HUB_ADMINS": "it1, it2"}
    )
    assert moved.exchange.as_posix() == "/data/hub/exchange" and moved.grader_hub_group == "formgrade-cohort-b"
    assert moved.admins == ("it1", "it2")
    assert hub.HubSettings.from_env({"COOWNERSHIP_HUB_PROTECT": ""}).protect == ()


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("COOWNERSHIP_MEM_LIMIT", "lots", "COOWNERSHIP_MEM_LIMIT: a memory size must look like 512M or 1G"),
        ("COOWNERSHIP_MEM_LIMIT", "10M", "COOWNERSHIP_MEM_LIMIT: a memory limit below 64M"),
        ("COOWNERSHIP_CPU_LIMIT", "0", "COOWNERSHIP_CPU_LIMIT must be a number from 0.01"),
        ("COOWNERSHIP_IDLE_TIMEOUT", "soon", "COOWNERSHIP_IDLE_TIMEOUT"),
        ("COOWNERSHIP_GRADERS_GROUP", "Graders Team", "COOWNERSHIP_GRADERS_GROUP must be a system"),
        ("COOWNERSHIP_COURSE_ID", "Course 1", "COOWNERSHIP_COURSE_ID"),
    ],
)
def test_a_wrong_setting_is_named(name, value, said):
    with pytest.raises(ArgumentError, match=said):
        hub.HubSettings.from_env({name: value})


def _fake_v1(root):
    for controller in ("memory", "cpu"):
        (root / controller).mkdir()
    return root


def _fake_v2(root):
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (root / "cgroup.subtree_control").write_text("")
    return root


def test_limits_on_cgroup_v1_write_memory_cpu_and_the_process(tmp_path):
    root = _fake_v1(tmp_path)
    assert hub.cgroup_kind(root) == "v1"
    groups = hub.limit_process("ana", hub.memory_bytes("1G"), 0.5, pid=4242, root=root)
    memory, cpu = groups
    assert (memory / "memory.limit_in_bytes").read_text() == str(1024**3)
    assert (cpu / "cpu.cfs_quota_us").read_text() == "50000" and (cpu / "cpu.cfs_period_us").read_text() == "100000"
    assert (memory / "cgroup.procs").read_text() == (cpu / "cgroup.procs").read_text() == "4242"
    for group in groups:  # a real cgroupfs lets an empty group go; a plain folder needs emptying first
        for f in group.iterdir():
            f.unlink()
    assert hub.release_limits("ana", root=root) == groups


def test_limits_on_cgroup_v2_enable_the_controllers_and_write_the_limits(tmp_path):
    root = _fake_v2(tmp_path)
    assert hub.cgroup_kind(root) == "v2"
    (root / "coownership").mkdir()
    (root / "coownership" / "cgroup.subtree_control").write_text("")
    (group,) = hub.limit_process("ben", hub.memory_bytes("512M"), 2, pid=77, root=root)
    assert (group / "memory.max").read_text() == str(512 * 1024**2)
    assert (group / "cpu.max").read_text() == "200000 100000"
    assert (group / "cgroup.procs").read_text() == "77"
    assert (root / "coownership" / "cgroup.subtree_control").read_text() == "+memory +cpu"


def test_no_writable_cgroups_means_no_limits_and_says_so(tmp_path):
    assert hub.cgroup_kind(tmp_path) is None
    (tmp_path / "cgroup.controllers").write_text("pids\n")  # v2 without the memory controller
    assert hub.cgroup_kind(tmp_path) is None
    with pytest.raises(ArgumentError, match="no writable control groups"):
        hub.limit_process("ana", 2**30, 1, root=tmp_path)
    with pytest.raises(ArgumentError, match="account name"):
        hub.limit_process("../etc", 2**30, 1, root=tmp_path)


def test_a_tightened_submission_keeps_its_name_and_files_and_loses_everyone_else(tmp_path):
    from coownership.hub_exchange import tighten

    submission = tmp_path / "ana+01+2026-11-28 10:00:00 UTC+abc"
    (submission / "data").mkdir(parents=True)
    (submission / "01.ipynb").write_text("{}")
    (submission / "timestamp.txt").write_text("2026-11-28")
    (submission / "data" / "notes.txt").write_text("mine")
    (submission / "link").symlink_to("/etc/passwd")
    for path in (submission, submission / "data"):
        path.chmod(0o777)
    assert tighten(submission) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [submission.name]  # no temporary folder left
    assert (submission / "data" / "notes.txt").read_text() == "mine" and not (submission / "link").exists()
    for path in (submission, submission / "data"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o770
    for path in (submission / "01.ipynb", submission / "timestamp.txt", submission / "data" / "notes.txt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(NotADirectoryError):
        tighten(submission / "01.ipynb")


def test_setup_refuses_without_root(monkeypatch):
    from coownership.errors import CourseError

    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(CourseError, match="run it as root"):
        hub.setup(hub.HubSettings.from_env({}))
