"""The one-machine JupyterHub's capacity (deploy/jupyterhub/): the hub's own memory, idle and with
learners' servers running, and the time from pressing "Sign in" to module 00 rendered in the
browser (its cells on screen, then its kernel idle), for one learner and for ten at once.

Loopback only and bounded: a real hub (deploy/jupyterhub/jupyterhub_config.py) on 127.0.0.1 with
eleven learner accounts made for the run and removed after it (as tests/hub/test_hub_cycle.py
does), Debian's Chromium driven by Playwright, each login at most 5 minutes. Every learner logs in
for the first time, so their course folder is built on the way, as on a cohort's first day. The
browser runs on the same machine as the hub, so the ten-at-once times include Chromium drawing
ten JupyterLabs on the same CPUs. Needs root. Prints the numbers.

    sudo .venv/bin/python benchmarks/hub_login.py [LEARNERS_AT_ONCE]
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import time
from pathlib import Path

from private_home import HOME  # first: a throwaway HOME before anything below reads it

# isort: split

from coownership import course, hub
from coownership.certificates import CHROMIUM_ARGS

sys.path.insert(0, str(course.REPO / "tests" / "hub"))
from hubtools import (  # noqa: E402 - the test's helpers, from the test folder
    Accounts,
    Hub,
    hub_settings,
    install_proxy,
    make_home,
    missing_requirements,
    run_setup,
    running_hub,
)

del HOME
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIRST = course.module_ids()[0]
CELL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"
IDLE = "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText || '')"
TIMEOUT_MS = 300_000


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS for process {pid}")


def proxy_pid(the_hub: Hub) -> int:
    """The proxy's process id, from the pid file the hub writes."""
    return int((the_hub.home / "hub" / "jupyterhub-proxy.pid").read_text().strip())


async def login_to_module00(browser, url: str, name: str, password: str) -> tuple[float, float]:
    """Seconds from pressing Sign in to module 00's cells on screen, and to its kernel idle."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(f"{url}/hub/login")
        await page.fill("#username_input", name)
        await page.fill("#password_input", password)
        start = time.perf_counter()
        await page.click("#login_submit")
        await page.wait_for_selector(CELL, timeout=TIMEOUT_MS)
        rendered = time.perf_counter() - start
        assert f"/lab/tree/{FIRST}/{FIRST}.ipynb" in page.url, f"{name} landed on {page.url}"
        await page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        return rendered, time.perf_counter() - start
    finally:
        await context.close()


async def logins(the_hub: Hub, people: list[tuple[str, str]]) -> list[tuple[float, float]]:
    """Everyone in ``people`` logs in at the same moment, each in their own browser context."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return list(await asyncio.gather(*(login_to_module00(browser, the_hub.url, n, pw) for n, pw in people)))
        finally:
            await browser.close()


def servers_rss(accounts: Accounts, names: list[str]) -> float:
    """Resident memory of every process of these learners' accounts (servers and kernels), MiB."""
    import pwd

    from hubtools import _pids_of

    total = 0.0
    for pid in _pids_of({pwd.getpwnam(n).pw_uid for n in names}):
        try:
            total += rss_mib(pid)
        except (OSError, ValueError):
            continue
    return total


def main(at_once: int = 10) -> int:
    """Run the measurement; returns the exit status."""
    if not 1 <= at_once <= 20:
        print("LEARNERS_AT_ONCE must be a whole number from 1 to 20", file=sys.stderr)
        return 2
    why = missing_requirements()
    if why or not Path(CHROMIUM).exists():
        print(f"hub_login: cannot run here: {why or 'Chromium is missing (apt-get install chromium)'}", file=sys.stderr)
        return 2
    install_proxy()
    accounts, home = Accounts(), None
    try:
        learners = accounts.group("learners")
        graders = accounts.group("graders")
        people = [accounts.user(f"l{i:02d}", [learners]) for i in range(at_once + 1)]
        accounts.adopt(f"{accounts.prefix}-svc")
        home = make_home()
        env = hub_settings(home, accounts, learners, graders)
        run_setup(env)
        with running_hub(home, env) as the_hub:
            time.sleep(5)  # the hub, its proxy and formgrader settle
            idle_hub, idle_proxy = rss_mib(the_hub.process.pid), rss_mib(proxy_pid(the_hub))
            one = asyncio.run(logins(the_hub, [(people[0], accounts.users[people[0]])]))[0]
            many = asyncio.run(logins(the_hub, [(n, accounts.users[n]) for n in people[1:]]))
            time.sleep(2)
            busy_hub, busy_proxy = rss_mib(the_hub.process.pid), rss_mib(proxy_pid(the_hub))
            servers = servers_rss(accounts, people)
        rendered = [r for r, _ in many]
        ready = [k for _, k in many]
        print(f"hub process memory (RSS), idle: {idle_hub:.0f} MiB; proxy {idle_proxy:.0f} MiB")
        print(
            f"hub process memory (RSS) with {len(people)} learners' servers running: {busy_hub:.0f} MiB; "
            f"proxy {busy_proxy:.0f} MiB; the learners' servers and kernels together {servers:.0f} MiB "
            f"({servers / len(people):.0f} MiB each)"
        )
        print(f"one learner, first login to module 00 rendered: {one[0]:.1f} s; kernel idle: {one[1]:.1f} s")
        print(
            f"{at_once} learners at once, first login to module 00 rendered: median {statistics.median(rendered):.1f} s, "
            f"slowest {max(rendered):.1f} s; kernel idle: median {statistics.median(ready):.1f} s, slowest {max(ready):.1f} s"
        )
        print(f"(memory and CPU limits enforced: {'yes, cgroup ' + hub.cgroup_kind() if hub.cgroup_kind() else 'no'})")
    finally:
        accounts.remove()
        for user in accounts.users:
            hub.release_limits(user)
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
